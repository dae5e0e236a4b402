/**
 * Opens a `<dialog>` as a modal for as long as the component that owns it is mounted: focus
 * moves in, Escape cancels, and focus returns to whatever opened it. Falls back to the `open`
 * attribute where showModal() is missing (happy-dom, old engines).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

export function useModal(dialogRef: RefObject<HTMLDialogElement | null>, onCancel: () => void): void {
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return undefined;
    const opener = dialog.ownerDocument.activeElement;
    if (typeof dialog.showModal === 'function') {
      try {
        dialog.showModal();
      } catch {
        dialog.setAttribute('open', '');
      }
    } else {
      dialog.setAttribute('open', '');
    }
    if (!dialog.contains(dialog.ownerDocument.activeElement)) {
      dialog.querySelector<HTMLElement>('[autofocus], input, button')?.focus();
    }
    const cancel = (event: Event): void => {
      event.preventDefault();
      onCancelRef.current();
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') cancel(event);
    };
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('keydown', onKeyDown);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('keydown', onKeyDown);
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
}
