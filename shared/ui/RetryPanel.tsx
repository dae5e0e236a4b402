/** Something could not be loaded: the reason in words, announced, and a way to try again. */
import { t } from '../i18n/index.ts';
export interface RetryPanelProps {
  message: string;
  onRetry: () => void;
}

/** The panel shown where a load failed; Retry calls `onRetry`. */
export function RetryPanel({ message, onRetry }: RetryPanelProps) {
  return (
    <div class="sc-panel" role="alert">
      <p>{message}</p>
      <button type="button" class="sc-button" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}
