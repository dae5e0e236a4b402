/** Change the account password, optionally signing out every other device at once. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import type { ChangePasswordResponse } from '../schemas.ts';
import { PASSWORD_MIN_LENGTH } from '../schemas.ts';
import { describeError } from '../format/error-message.ts';
import { fieldOf } from '../format/field-error.ts';
import { TextField } from './TextField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { t } from '../i18n/index.ts';

export interface ChangePasswordFormProps {
  client: ApiClient;
  /** The password changed; this device now has a new session (and others may have ended). */
  onChanged: (result: ChangePasswordResponse) => void;
}

/** The form. A session that ended meanwhile reaches the host through `client.onSessionEnded`. */
export function ChangePasswordForm({ client, onChanged }: ChangePasswordFormProps) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [signOutOtherDevices, setSignOutOtherDevices] = useState(true);
  const [busy, setBusy] = useState(false);
  // Which field an error is about: it is shown under that field, which is marked invalid.
  const [error, setError] = useState<{ field: 'current' | 'new' | null; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const checkboxId = useId();
  const errorId = useId();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The submit button was disabled while busy, which drops focus to <body>: the notice takes it.
  useEffect(() => {
    if (notice !== null) noticeRef.current?.focus();
  }, [notice]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    if (currentPassword === '') return setError({ field: 'current', message: t.enterCurrentPassword });
    if (newPassword.length < PASSWORD_MIN_LENGTH) {
      return setError({
        field: 'new',
        message: t.chooseNewPassword(PASSWORD_MIN_LENGTH),
      });
    }
    setBusy(true);
    setError(null);
    const result = await client.changePassword({ currentPassword, newPassword, signOutOtherDevices });
    setBusy(false);
    if (result.data) {
      setCurrentPassword('');
      setNewPassword('');
      const revoked = result.data.revoked;
      setNotice(revoked > 0 ? t.passwordChangedOthersOut(revoked) : t.passwordChanged);
      onChanged(result.data);
    } else if (!isSessionEnded(result.error)) {
      const message = describeError(result.error, 'change-password');
      const parsed = fieldOf(result.error, message);
      const field =
        result.error.code === 'INVALID_CREDENTIALS' ? 'current' : parsed.field === 'password' ? 'new' : null;
      setError({ field, message: parsed.message });
    }
  }

  return (
    <section class="sc-change-password" aria-labelledby={headingId}>
      <h2 id={headingId} class="sc-heading">
        {t.changePassword}
      </h2>
      <form class="sc-form" onSubmit={submit} noValidate>
        <TextField
          label={t.currentPassword}
          type="password"
          name="current-password"
          autocomplete="current-password"
          value={currentPassword}
          onValue={setCurrentPassword}
          errorId={error?.field === 'current' ? errorId : undefined}
        />
        {error?.field === 'current' ? <ErrorAlert message={error.message} id={errorId} /> : null}
        <TextField
          label={t.newPassword}
          type="password"
          name="new-password"
          autocomplete="new-password"
          value={newPassword}
          onValue={setNewPassword}
          minLength={PASSWORD_MIN_LENGTH}
          hint={t.atLeastCharacters(PASSWORD_MIN_LENGTH)}
          errorId={error?.field === 'new' ? errorId : undefined}
        />
        {error?.field === 'new' ? <ErrorAlert message={error.message} id={errorId} /> : null}
        <div class="sc-checkbox">
          <input
            id={checkboxId}
            type="checkbox"
            checked={signOutOtherDevices}
            onChange={(event) => setSignOutOtherDevices(event.currentTarget.checked)}
          />
          <label for={checkboxId}>{t.alsoSignOutOthers}</label>
        </div>
        {error?.field === null ? <ErrorAlert message={error.message} /> : null}
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? t.changingPassword : t.changePassword}
        </button>
        <div class="sc-live" role="status">
          {notice ? (
            <p ref={noticeRef} tabIndex={-1} class="sc-success">
              {notice}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
