/**
 * The banners for sign-ins from new devices, the status of the last answer, the password prompt
 * when the server wants it, and the password change offered after "No, sign it out". The state
 * is the host's `useNewSignIns`, shared with the list's rows.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { t } from '../i18n/index.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { NewSignInAlert } from './NewSignInAlert.tsx';
import { ReauthDialog } from './ReauthDialog.tsx';
import { SecureAccountOffer } from './SecureAccountOffer.tsx';
import type { NewSignIns } from './use-new-sign-ins.ts';
import { useNow } from './use-now.ts';

export interface NewSignInAlertsProps {
  client: ApiClient;
  signIns: NewSignIns;
  /** The password was changed from the offer: the host reloads what it shows. */
  onPasswordChanged?: () => void;
  /** The clock, for "just now"; tests pass a fixed one. */
  now?: () => number;
}

export function NewSignInAlerts({ client, signIns, onPasswordChanged, now = Date.now }: NewSignInAlertsProps) {
  const nowMs = useNow(now);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [first] = signIns.pending;
  const waiting = Math.max(0, signIns.pending.length - 1);
  // After an answer the button that had the focus is gone: the sentence saying what happened takes it.
  useLayoutEffect(() => {
    if (signIns.version === 0 || signIns.secured) return;
    const active = statusRef.current?.ownerDocument.activeElement;
    if (!active || active === statusRef.current?.ownerDocument.body) statusRef.current?.focus();
  }, [signIns.version, signIns.secured]);

  return (
    <div class="sc-new-sign-ins">
      {/* One banner at a time (never a stack of red boxes); the others wait, marked in the list. */}
      {first ? (
        <NewSignInAlert
          key={first.session.id}
          signIn={first}
          nowMs={nowMs}
          busy={signIns.busyId === first.session.id}
          onYes={() => signIns.acknowledge(first.session)}
          onNo={() => signIns.reject(first.session)}
        />
      ) : null}
      {waiting > 0 ? <p class="sc-new-sign-ins-more">{t.moreNewSignIns(waiting)}</p> : null}
      <p ref={statusRef} tabIndex={-1} class="sc-live" role="status">
        {signIns.notice}
      </p>
      <ErrorAlert message={signIns.error} />
      {signIns.secured ? (
        <SecureAccountOffer
          client={client}
          session={signIns.secured}
          onChanged={() => onPasswordChanged?.()}
          onDismiss={signIns.dismissSecured}
        />
      ) : null}
      {signIns.reauth ? (
        <ReauthDialog
          client={client}
          purpose={signIns.reauth.purpose}
          onReauthenticated={signIns.reauthenticated}
          onCancel={signIns.cancelReauth}
        />
      ) : null}
    </div>
  );
}
