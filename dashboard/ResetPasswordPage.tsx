// The page a reset link opens (/reset-password#token=…): choose a new password; every device is
// then signed out, and the person signs in with the new one.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { resetPassword } from '../shared/client/reset-password.ts';
import { describeError } from '../shared/format/error-message.ts';
import { fieldOf } from '../shared/format/field-error.ts';
import { PASSWORD_MIN_LENGTH } from '../shared/schemas.ts';
import { ErrorAlert } from '../shared/ui/ErrorAlert.tsx';
import { TextField } from '../shared/ui/TextField.tsx';
import { t } from '../shared/i18n/index.ts';

/** The link's token, read once; the address bar then drops it (it must not stay in history). */
function takeToken(): string | null {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.hash !== '') history.replaceState(history.state, '', location.pathname);
  return token;
}

export function ResetPasswordPage({ onSignIn }: { onSignIn: () => void }) {
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: boolean; message: string } | null>(null);
  const [revoked, setRevoked] = useState<number | null>(null);
  const headingId = useId();
  const errorId = useId();
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (revoked !== null) doneRef.current?.focus();
  }, [revoked]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy || token === null) return;
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError({ field: true, message: t.choosePassword(PASSWORD_MIN_LENGTH) });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await resetPassword(location.origin, { token, newPassword: password });
    setBusy(false);
    if (result.data) {
      setRevoked(result.data.revoked);
      return;
    }
    const { field, message } = fieldOf(result.error, describeError(result.error, 'change-password'));
    setError({ field: field !== null, message });
  }

  let body = null;
  if (revoked !== null) {
    body = (
      <>
        <p ref={doneRef} tabIndex={-1} class="sc-success" role="status">
          {t.resetDone(revoked)}
        </p>
        <button type="button" class="sc-button sc-button-primary" onClick={onSignIn}>
          {t.signIn}
        </button>
      </>
    );
  } else if (token === null) {
    body = (
      <p class="sc-notice" role="alert">
        {t.resetNeedsLink[0]} <code>sessionctl reset-password</code> {t.resetNeedsLink[1]}
      </p>
    );
  } else {
    body = (
      <form class="sc-form" onSubmit={submit} noValidate>
        <TextField
          label={t.newPassword}
          type="password"
          name="new-password"
          autocomplete="new-password"
          value={password}
          onValue={setPassword}
          minLength={PASSWORD_MIN_LENGTH}
          hint={t.resetHint(PASSWORD_MIN_LENGTH)}
          errorId={error?.field ? errorId : undefined}
        />
        {error ? <ErrorAlert message={error.message} id={errorId} /> : null}
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? t.settingNewPassword : t.setNewPassword}
        </button>
      </form>
    );
  }
  return (
    <section class="sc-sign-in" aria-labelledby={headingId}>
      <h1 id={headingId} class="sc-heading">
        {t.chooseANewPassword}
      </h1>
      {body}
    </section>
  );
}
