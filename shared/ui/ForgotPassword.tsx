/** "Forgot password?": how to get a reset link, since Session Control sends no email. */
import { useId, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

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
        {t.forgotPassword}
      </button>
      {open ? (
        <p id={helpId} class="sc-hint">
          {t.forgotPasswordHelp[0]} <code>sessionctl reset-password</code> {t.forgotPasswordHelp[1]}
        </p>
      ) : null}
    </div>
  );
}
