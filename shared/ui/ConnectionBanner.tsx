/** The one message for a server that cannot be reached; it goes by itself when the server answers. */
import type { Connection } from './use-connection.ts';

export function ConnectionBanner({ connection }: { connection: Connection }) {
  if (!connection.down) return null;
  return (
    <div class="sc-connection-banner" role="alert">
      <p>
        {connection.offline
          ? 'You are offline. Session Control will try again when you are back online.'
          : 'Cannot reach Session Control — retrying. Nothing you do here is sent until it answers.'}
      </p>
      <button type="button" class="sc-button sc-button-small" onClick={connection.retryNow}>
        Retry now
      </button>
    </div>
  );
}
