/** One ended session: which device, why it ended in words, where it was and when it ended. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { deviceTitle } from '../format/device.ts';
import { describeEndReason } from '../format/end-reason.ts';
import type { EndedSession } from '../schemas.ts';
import { DeviceIcon } from './DeviceIcon.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { t } from '../i18n/index.ts';

export interface HistoryRowProps {
  session: EndedSession;
  nowMs: number;
  /** The popup leaves out where. */
  compact: boolean;
  /** The first row that "Show more" added: it takes the focus, since the button may be gone. */
  focus?: boolean;
}

export function HistoryRow({ session, nowMs, compact, focus = false }: HistoryRowProps) {
  const ref = useRef<HTMLLIElement>(null);
  useLayoutEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  const where = session.location?.name ?? session.ip;

  return (
    <li ref={ref} tabIndex={focus ? -1 : undefined} class={`sc-history-row${compact ? ' sc-history-compact' : ''}`}>
      <DeviceIcon type={session.device.type} />
      <div class="sc-history-body">
        <p class="sc-history-name">{deviceTitle(session)}</p>
        <p class="sc-history-why">{describeEndReason(session)}</p>
        <p class="sc-history-details">
          {where && !compact ? (
            <>
              <span class="sc-visually-hidden">{t.where}</span>
              {where}
              {' · '}
            </>
          ) : null}
          <span class="sc-visually-hidden">{t.when}</span>
          <RelativeTime dateTime={session.endedAt} nowMs={nowMs} />
        </p>
      </div>
    </li>
  );
}
