/** A modal yes/no question, e.g. "Sign out Chrome on Windows?". */
import { useId, useRef } from 'preact/hooks';
import { useModal } from './use-modal.ts';
import { t } from '../i18n/index.ts';

export interface ConfirmDialogProps {
  title: string;
  message?: string;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Mount it to ask; unmount it to close. Cancel has the first focus, so Enter never destroys. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel = t.cancel,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useModal(dialogRef, onCancel);

  return (
    <dialog
      ref={dialogRef}
      class="sc-dialog"
      aria-labelledby={titleId}
      aria-describedby={message ? messageId : undefined}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id={titleId} class="sc-dialog-title">
          {title}
        </h2>
        {message ? (
          <p id={messageId} class="sc-dialog-message">
            {message}
          </p>
        ) : null}
        <div class="sc-dialog-actions">
          <button type="button" class="sc-button" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="submit" class="sc-button sc-button-danger">
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
