/** One signed-in device: what it is, where and when it was used, and the button that ends it. */
import type { PublicSession } from '../schemas.ts';
import { deviceDetails, deviceTitle, deviceTypeName } from '../format/device.ts';
import { DeviceIcon } from './DeviceIcon.tsx';
import { NewDeviceMarker } from './NewDeviceMarker.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import type { NewSignInAnswers } from './use-new-sign-ins.ts';

export interface SessionRowProps {
  session: PublicSession;
  nowMs: number;
  showTenant: boolean;
  compact: boolean;
  /** A request for this row is running. */
  busy: boolean;
  /** False for sessions this one cannot end (another tenant's, shown with `?tenant=all`). */
  canSignOut?: boolean;
  /** Asks to end this session (the list confirms first for other devices). */
  onSignOut: (session: PublicSession) => void;
  /** Answers "Was this you?" for a device new to the account (use-new-sign-ins.ts). */
  answers?: NewSignInAnswers;
  /** Asks to name this session's device. */
  onRename?: (session: PublicSession) => void;
}

export function SessionRow({
  session,
  nowMs,
  showTenant,
  compact,
  busy,
  canSignOut = true,
  onSignOut,
  answers,
  onRename,
}: SessionRowProps) {
  const title = deviceTitle(session);
  const details = [deviceTypeName(session.device.type), deviceDetails(session)].filter(Boolean).join(' · ');
  const labelled = session.device.label?.trim() ? session.device.name : null;

  return (
    <li class={`sc-session${session.current ? ' sc-session-current' : ''}${compact ? ' sc-session-compact' : ''}`}>
      <DeviceIcon type={session.device.type} />
      <div class="sc-session-body">
        <p class="sc-session-title">
          {/* bdi: a name written right-to-left (or with direction marks) cannot reorder the text around it. */}
          <bdi class="sc-session-name">{title}</bdi>
          {session.current ? <span class="sc-badge">This device</span> : null}
        </p>
        <p class="sc-session-details">
          {details}
          {labelled ? ` · ${labelled}` : null}
        </p>
        <dl class="sc-session-facts">
          {session.ip && !compact ? (
            <div>
              <dt>IP address</dt>
              <dd>{session.ip}</dd>
            </div>
          ) : null}
          {showTenant ? (
            <div>
              <dt>Tenant</dt>
              <dd>{session.tenantId}</dd>
            </div>
          ) : null}
          {compact ? null : (
            <div>
              <dt>Signed in</dt>
              <dd>
                <RelativeTime dateTime={session.createdAt} nowMs={nowMs} />
              </dd>
            </div>
          )}
          <div>
            <dt>Last active</dt>
            <dd>
              {session.current ? (
                'Active now'
              ) : (
                <RelativeTime dateTime={session.lastActiveAt} nowMs={nowMs} variant="last-active" />
              )}
            </dd>
          </div>
        </dl>
        {answers && session.newDevice && !session.current ? (
          <NewDeviceMarker session={session} answers={answers} />
        ) : null}
      </div>
      {onRename && canSignOut ? (
        <button type="button" class="sc-button" aria-label={`Rename ${title}`} onClick={() => onRename(session)}>
          Rename
        </button>
      ) : null}
      {canSignOut ? (
        <button
          type="button"
          class={`sc-button${session.current ? '' : ' sc-button-danger-outline'}`}
          disabled={busy}
          aria-label={session.current ? undefined : `Sign out ${title}`}
          onClick={() => onSignOut(session)}
        >
          {busy ? 'Signing out…' : session.current ? 'Sign out of this device' : 'Sign out'}
        </button>
      ) : null}
    </li>
  );
}
