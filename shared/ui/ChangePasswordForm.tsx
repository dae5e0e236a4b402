/** Change the account password, optionally signing out every other device at once. */
import { useId, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import type { ChangePasswordResponse } from '../schemas.ts';
import { PASSWORD_MIN_LENGTH } from '../schemas.ts';
import { describeError } from '../format/error-message.ts';

export interface ChangePasswordFormProps {
  client: ApiClient;
  /** The password changed; this device now has a new session (and others may have ended). */
  onChanged: (result: ChangePasswordResponse) => void;
  /** The session ended while changing (revoked elsewhere). */
  onSessionEnded: () => void;
}

export function ChangePasswordForm({ client, onChanged, onSessionEnded }: ChangePasswordFormProps) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [signOutOtherDevices, setSignOutOtherDevices] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const currentId = useId();
  const newId = useId();
  const hintId = useId();
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
          ? `Your password was changed, and ${revoked} other ${revoked === 1 ? 'device was' : 'devices were'} signed out.`
          : 'Your password was changed.',
      );
      onChanged(result.data);
    } else if (result.error.code === 'UNAUTHORISED' || result.error.code === 'TOKEN_THEFT_DETECTED') {
      onSessionEnded();
    } else {
      setError(describeError(result.error, 'change-password'));
    }
  }

  return (
    <section class="sc-change-password" aria-labelledby={headingId}>
      <h2 id={headingId} class="sc-heading">
        Change password
      </h2>
      <form class="sc-form" onSubmit={submit} noValidate>
        <label class="sc-label" for={currentId}>
          Current password
        </label>
        <input
          id={currentId}
          class="sc-input"
          type="password"
          name="current-password"
          autocomplete="current-password"
          required
          value={currentPassword}
          onInput={(event) => setCurrentPassword(event.currentTarget.value)}
        />
        <label class="sc-label" for={newId}>
          New password
        </label>
        <input
          id={newId}
          class="sc-input"
          type="password"
          name="new-password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          aria-describedby={hintId}
          value={newPassword}
          onInput={(event) => setNewPassword(event.currentTarget.value)}
        />
        <p id={hintId} class="sc-hint">
          At least {PASSWORD_MIN_LENGTH} characters.
        </p>
        <div class="sc-checkbox">
          <input
            id={checkboxId}
            type="checkbox"
            checked={signOutOtherDevices}
            onChange={(event) => setSignOutOtherDevices(event.currentTarget.checked)}
          />
          <label for={checkboxId}>Sign out of all other devices</label>
        </div>
        {error ? (
          <p class="sc-error" role="alert">
            {error}
          </p>
        ) : null}
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
