/** The one message for a server that cannot be reached; it goes by itself when the server answers. */
import type { Connection } from './use-connection.ts';
import { t } from '../i18n/index.ts';

export function ConnectionBanner({ connection }: { connection: Connection }) {
  if (!connection.down) return null;
  return (
    <div class="sc-connection-banner" role="alert">
      <p>{connection.offline ? t.bannerOffline : t.bannerUnreachable}</p>
      <button type="button" class="sc-button sc-button-small" onClick={connection.retryNow}>
        {t.retryNow}
      </button>
    </div>
  );
}
