/**
 * One signed-in device, each fact once: its name (the person's label first), what the name
 * leaves out, where, and one time line; then the button that ends it. The popup's compact row is
 * one line of facts under the name (about 56 px in all) with a small "Sign out".
 */
import type { PublicSession } from '../schemas.ts';
import { deviceTitle, deviceTypeName } from '../format/device.ts';
import { ACTIVE_NOW_SECONDS } from '../format/relative-time.ts';
import { browserAndOs, isNamed, placeOf } from '../format/session-facts.ts';
import { DeviceIcon } from './DeviceIcon.tsx';
import { NewDeviceMarker } from './NewDeviceMarker.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import type { NewSignInAnswers } from './use-new-sign-ins.ts';
import { t } from '../i18n/index.ts';

/** Below this, "signed in now" reads oddly: say "just now". */
const JUST_NOW_MS = 45_000;

export interface SessionRowProps {
  session: PublicSession;
  nowMs: number;
  showTenant: boolean;
  compact: boolean;
  /** A request for this row is running. */
  busy: boolean;
  /** False for sessions this one cannot end (another tenant's, shown with `?tenant=all`). */
  canSignOut?: boolean;
  /** Another session on the same device (same `deviceId`) is the row just above. */
  sameDeviceAsAbove?: boolean;
  /** Asks to end this session (the list confirms first for other devices). */
  onSignOut: (session: PublicSession) => void;
  /** Answers "Was this you?" for a device new to the account (use-new-sign-ins.ts). */
  answers?: NewSignInAnswers;
  /** Asks to name this session's device. */
  onRename?: (session: PublicSession) => void;
}

function ActiveTime({ session, nowMs }: { session: PublicSession; nowMs: number }) {
  const now = session.current || nowMs - Date.parse(session.lastActiveAt) < ACTIVE_NOW_SECONDS * 1000;
  if (now) return <span>{t.activeNow}</span>;
  return (
    <span>
      {t.active} <RelativeTime dateTime={session.lastActiveAt} nowMs={nowMs} />
    </span>
  );
}

export function SessionRow(props: SessionRowProps) {
  const { session, nowMs, showTenant, compact, busy, canSignOut = true, sameDeviceAsAbove = false } = props;
  const { onSignOut, answers, onRename } = props;
  const title = deviceTitle(session);
  const named = isNamed(session);
  // The name "Chrome on Linux" already says the browser and system; a named device says them here.
  const what = [named ? browserAndOs(session) : null, session.client === 'extension' ? t.extension : null]
    .filter(Boolean)
    .join(' · ');
  const place = placeOf(session, !compact);
  const buttonClass = `sc-button ${session.current ? 'sc-button-quiet' : 'sc-button-quiet-danger'}${
    compact ? ' sc-button-small' : ''
  }`;
  const classes = ['sc-session'];
  if (session.current) classes.push('sc-session-current');
  if (compact) classes.push('sc-session-compact');
  if (sameDeviceAsAbove) classes.push('sc-session-same-device');

  return (
    <li class={classes.join(' ')}>
      <DeviceIcon type={session.device.type} />
      <div class="sc-session-body">
        <p class="sc-session-title">
          {/* bdi: a name written right-to-left (or with direction marks) cannot reorder the text around it. */}
          <bdi class="sc-session-name">{title}</bdi>
          <span class="sc-visually-hidden">({deviceTypeName(session.device.type)})</span>
          {session.current && !compact ? <span class="sc-badge">{t.thisDevice}</span> : null}
          {sameDeviceAsAbove ? <span class="sc-same-device">{t.sameDeviceAsAbove}</span> : null}
        </p>
        {compact ? (
          <p class="sc-session-details">
            {/* In the popup the badge sits on the facts line, so that the name keeps its room. */}
            {session.current ? <span class="sc-badge">{t.thisDevice}</span> : null}
            {session.current ? ' ' : null}
            {[what, place].filter(Boolean).join(' · ')}
            {what || place ? ' · ' : null}
            <ActiveTime session={session} nowMs={nowMs} />
          </p>
        ) : (
          <>
            {what ? <p class="sc-session-details">{what}</p> : null}
            {place ? <p class="sc-session-details">{place}</p> : null}
            {showTenant ? (
              <p class="sc-session-details">
                {t.tenant} <span>{session.tenantId}</span>
              </p>
            ) : null}
            <p class="sc-session-details">
              <ActiveTime session={session} nowMs={nowMs} /> · {t.signedIn}{' '}
              {nowMs - Date.parse(session.createdAt) < JUST_NOW_MS ? (
                t.justNow
              ) : (
                <RelativeTime dateTime={session.createdAt} nowMs={nowMs} />
              )}
            </p>
          </>
        )}
        {answers && session.newDevice && !session.current ? (
          <NewDeviceMarker session={session} answers={answers} />
        ) : null}
      </div>
      {onRename && canSignOut ? (
        <button
          type="button"
          class={`sc-button sc-button-quiet${compact ? ' sc-button-small sc-button-icon' : ''}`}
          aria-label={t.renameDevice(title)}
          title={compact ? t.rename : undefined}
          onClick={() => onRename(session)}
        >
          {/* The popup's one-line rows have room for a pencil, not a word, beside "Sign out". */}
          {compact ? <span aria-hidden="true">✎</span> : t.rename}
        </button>
      ) : null}
      {canSignOut ? (
        <button
          type="button"
          class={buttonClass}
          disabled={busy}
          aria-label={session.current ? t.signOutOfThisDevice : t.signOutDevice(title)}
          onClick={() => onSignOut(session)}
        >
          {busy ? t.signingOut : session.current && !compact ? t.signOutOfThisDevice : t.signOut}
        </button>
      ) : null}
    </li>
  );
}
