/** One signed-in device: what it is, where and when it was used, and the button that ends it. */
import type { PublicSession } from '../schemas.ts';
import { deviceDetails, deviceTitle, deviceTypeName } from '../format/device.ts';
import { DeviceIcon } from './DeviceIcon.tsx';
import { RelativeTime } from './RelativeTime.tsx';

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
}

export function SessionRow({
  session,
  nowMs,
  showTenant,
  compact,
  busy,
  canSignOut = true,
  onSignOut,
}: SessionRowProps) {
  const title = deviceTitle(session);
  const details = [deviceTypeName(session.device.type), deviceDetails(session)].filter(Boolean).join(' · ');
  const labelled = session.device.label?.trim() ? session.device.name : null;

  return (
    <li class={`sc-session${session.current ? ' sc-session-current' : ''}${compact ? ' sc-session-compact' : ''}`}>
      <DeviceIcon type={session.device.type} />
      <div class="sc-session-body">
        <p class="sc-session-title">
          <span class="sc-session-name">{title}</span>
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
      </div>
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
