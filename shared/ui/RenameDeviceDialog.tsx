/**
 * Names a device ("Work laptop"), or removes its name. The name belongs to the device: every
 * session on it shows it. A name the server refuses shows the server's sentence under the field.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import { deviceLabelProblem } from '../format/device-label.ts';
import { describeError } from '../format/error-message.ts';
import type { PublicSession } from '../schemas.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { useModal } from './use-modal.ts';
import { t } from '../i18n/index.ts';

export interface RenameDeviceDialogProps {
  client: ApiClient;
  session: PublicSession;
  /** The server took the name (or its removal): its copy of the session. */
  onRenamed: (session: PublicSession) => void;
  onCancel: () => void;
}

export function RenameDeviceDialog({ client, session, onRenamed, onCancel }: RenameDeviceDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();
  const [label, setLabel] = useState(session.device.label ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useModal(dialogRef, onCancel);

  async function save(next: string | null): Promise<void> {
    if (busy) return;
    const problem = next === null ? null : deviceLabelProblem(next);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await client.renameSession(session.id, next === null ? null : next.trim());
    setBusy(false);
    if (result.data) onRenamed(result.data.session);
    else if (!isSessionEnded(result.error)) setError(describeError(result.error, 'revoke'));
  }

  return (
    <dialog ref={dialogRef} class="sc-dialog" aria-labelledby={titleId}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(label);
        }}
      >
        <h2 id={titleId} class="sc-dialog-title">
          {t.nameThisDevice}
        </h2>
        <p class="sc-dialog-message">
          <bdi>{session.device.name}</bdi>
          {t.nameHelps}
        </p>
        <label class="sc-label" for={inputId}>
          {t.deviceName}
        </label>
        <input
          id={inputId}
          class="sc-input"
          type="text"
          name="device-name"
          autocomplete="off"
          dir="auto"
          value={label}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(event) => setLabel(event.currentTarget.value)}
        />
        <ErrorAlert message={error} id={errorId} />
        <div class="sc-dialog-actions">
          <button type="button" class="sc-button" onClick={onCancel}>
            {t.cancel}
          </button>
          {session.device.label ? (
            <button type="button" class="sc-button" disabled={busy} onClick={() => void save(null)}>
              {t.removeName}
            </button>
          ) : null}
          <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
            {busy ? t.saving : t.saveName}
          </button>
        </div>
      </form>
    </dialog>
  );
}
