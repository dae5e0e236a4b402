/** Change the account password, optionally signing out every other device at once. */
import { useId, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import type { ChangePasswordResponse } from '../schemas.ts';
import { PASSWORD_MIN_LENGTH } from '../schemas.ts';
import { describeError } from '../format/error-message.ts';
import { TextField } from './TextField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

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
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const checkboxId = useId();

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    if (currentPassword === '' || newPassword === '') {
      setError('Enter your current password and a new one.');
      return;
    }
    if (newPassword.length < PASSWORD_MIN_LENGTH) {
      setError(`Choose a new password of at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await client.changePassword({ currentPassword, newPassword, signOutOtherDevices });
    setBusy(false);
    if (result.data) {
      setCurrentPassword('');
      setNewPassword('');
      const revoked = result.data.revoked;
      setNotice(
        revoked > 0
          ? `Your password was changed, and ${revoked} other ${revoked === 1 ? 'device was' : 'devices were'} ` +
              'signed out.'
          : 'Your password was changed.',
      );
      onChanged(result.data);
    } else if (!isSessionEnded(result.error)) {
      setError(describeError(result.error, 'change-password'));
    }
  }

  return (
    <section class="sc-change-password" aria-labelledby={headingId}>
      <h2 id={headingId} class="sc-heading">
        Change password
      </h2>
      <form class="sc-form" onSubmit={submit} noValidate>
        <TextField
          label="Current password"
          type="password"
          name="current-password"
          autocomplete="current-password"
          value={currentPassword}
          onValue={setCurrentPassword}
        />
        <TextField
          label="New password"
          type="password"
          name="new-password"
          autocomplete="new-password"
          value={newPassword}
          onValue={setNewPassword}
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        />
        <div class="sc-checkbox">
          <input
            id={checkboxId}
            type="checkbox"
            checked={signOutOtherDevices}
            onChange={(event) => setSignOutOtherDevices(event.currentTarget.checked)}
          />
          <label for={checkboxId}>Sign out of all other devices</label>
        </div>
        <ErrorAlert message={error} />
        <div class="sc-live" role="status">
          {notice}
        </div>
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? 'Changing password…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
