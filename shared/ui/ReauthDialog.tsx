/** Asks for the password again before an action that needs a recent sign-in (REAUTH_REQUIRED). */
import { useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import { describeError } from '../format/error-message.ts';
import { TextField } from './TextField.tsx';
import { useModal } from './use-modal.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { t } from '../i18n/index.ts';

export interface ReauthDialogProps {
  client: ApiClient;
  /** What the password unlocks, e.g. "sign out of your other devices". */
  purpose: string;
  onReauthenticated: () => void;
  onCancel: () => void;
}

/** The password prompt. A session that ended meanwhile reaches the host through `client.onSessionEnded`. */
export function ReauthDialog({ client, purpose, onReauthenticated, onCancel }: ReauthDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useModal(dialogRef, onCancel);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      setError(t.enterPassword);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await client.reauthenticate(password);
    setBusy(false);
    if (!result.error) {
      onReauthenticated();
      return;
    }
    // The session ended meanwhile: the client has told the host, which closes this dialog.
    if (isSessionEnded(result.error)) return;
    setError(describeError(result.error, 'reauthenticate'));
  }

  return (
    <dialog ref={dialogRef} class="sc-dialog" aria-labelledby={titleId}>
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} class="sc-dialog-title">
          {t.confirmItsYou}
        </h2>
        <p class="sc-dialog-message">{t.reauthMessage(purpose)}</p>
        <TextField
          label={t.password}
          type="password"
          name="password"
          autocomplete="current-password"
          value={password}
          onValue={setPassword}
          errorId={error ? errorId : undefined}
        />
        <ErrorAlert message={error} id={errorId} />
        <div class="sc-dialog-actions">
          <button type="button" class="sc-button" onClick={onCancel}>
            {t.cancel}
          </button>
          <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
            {busy ? t.checking : t.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
