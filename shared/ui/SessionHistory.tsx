/**
 * "Recently signed out": the devices whose sessions ended, newest first, each with why in words.
 * The dashboard pages through them with "Show more"; the popup shows the last few and links to
 * the dashboard for the rest. Loading lives in use-session-history.ts.
 */
import { useId } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { describeError } from '../format/error-message.ts';
import { HistoryRow } from './HistoryRow.tsx';
import { RetryPanel } from './RetryPanel.tsx';
import { useNow } from './use-now.ts';
import { useSessionHistory } from './use-session-history.ts';
import { t } from '../i18n/index.ts';

export interface SessionHistoryProps {
  client: ApiClient;
  /** Rows per page (the popup's whole list). */
  pageSize?: number;
  /** The popup: tighter rows, and instead of "Show more" a link to the page that has them all. */
  compact?: boolean;
  /** Where the whole history is, for the compact version's link. */
  moreHref?: string;
  /** The account's `changes`: a new value loads the history again. */
  reloadSignal?: number;
  /** The clock, for relative times; tests pass a fixed one. */
  now?: () => number;
}

export function SessionHistory(props: SessionHistoryProps) {
  const { client, pageSize = 10, compact = false, moreHref, reloadSignal = 0, now = Date.now } = props;
  const headingId = useId();
  const history = useSessionHistory(client, pageSize, reloadSignal);
  const { sessions, error } = history;
  const nowMs = useNow(now);

  return (
    <section class={`sc-history${compact ? ' sc-compact' : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId} class="sc-heading">
        {t.recentlySignedOut}
      </h2>
      <div class="sc-live sc-visually-hidden" role="status">
        {history.loadingMore ? t.loadingMore : null}
        {history.firstNewIndex !== null && sessions ? t.moreShown(sessions.length - history.firstNewIndex) : null}
      </div>
      {error ? (
        <RetryPanel
          message={describeError(error, 'history')}
          onRetry={sessions === null ? history.reload : history.showMore}
        />
      ) : null}
      {sessions === null && !error ? <p class="sc-history-status">{t.loading}</p> : null}
      {sessions !== null && sessions.length === 0 ? <p class="sc-empty">{t.noneSignedOutRecently}</p> : null}
      {sessions !== null && sessions.length > 0 ? (
        <ul class="sc-history-list" aria-busy={history.loading || history.loadingMore ? 'true' : 'false'}>
          {sessions.map((session, index) => (
            <HistoryRow
              key={session.id}
              session={session}
              nowMs={nowMs}
              compact={compact}
              focus={index === history.firstNewIndex}
            />
          ))}
        </ul>
      ) : null}
      {moreHref && history.hasMore ? (
        <a class="sc-history-more-link" href={moreHref} target="_blank" rel="noopener noreferrer">
          {t.seeAllOnSecurityPage}
        </a>
      ) : null}
      {!moreHref && history.hasMore ? (
        <button
          type="button"
          class="sc-button sc-history-more"
          disabled={history.loadingMore}
          onClick={history.showMore}
        >
          {history.loadingMore ? t.loading : t.showMore}
        </button>
      ) : null}
    </section>
  );
}
