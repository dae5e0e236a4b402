/** "Forgot password?": how to get a reset link, since Session Control sends no email. */
import { useId, useState } from 'preact/hooks';

export function ForgotPassword() {
  const [open, setOpen] = useState(false);
  const helpId = useId();
  return (
    <div class="sc-forgot">
      <button
        type="button"
        class="sc-link-button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={open ? helpId : undefined}
        onClick={() => setOpen(!open)}
      >
        Forgot password?
      </button>
      {open ? (
        <p id={helpId} class="sc-hint">
          Ask the administrator of this server for a reset link. They create one with{' '}
          <code>sessionctl reset-password</code> and your email; it works once, for 30 minutes, and signs you out
          everywhere.
        </p>
      ) : null}
    </div>
  );
}
