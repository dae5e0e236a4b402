// The account security page: who is signed in, every device with a way to end it, and the
// devices signed out recently. This device is signed out from its own row, confirmed like any
// other (issue 13 point 5: one way, not a header button that acts at once beside it).
import { useState } from 'preact/hooks';
import type { ApiClient } from '../shared/client/api-client.ts';
import type { NewSignInEvent, User } from '../shared/schemas.ts';
import { ChangePasswordForm } from '../shared/ui/ChangePasswordForm.tsx';
import { SessionList } from '../shared/ui/SessionList.tsx';
import { NewSignInAlerts } from '../shared/ui/NewSignInAlerts.tsx';
import { useNewSignIns } from '../shared/ui/use-new-sign-ins.ts';
import { SessionHistory } from '../shared/ui/SessionHistory.tsx';
import { t } from '../shared/i18n/index.ts';

export interface SecurityPageProps {
  client: ApiClient;
  user: User;
  /** The person signed this device out. A session that ended elsewhere arrives through the client. */
  onSignedOut: () => void;
  /** The account's `changes` (live events, reconnects): the lists load again when it grows. */
  changes?: number;
  /** The account's `newSignIns`: "Was this you?" for each. */
  newSignIns?: NewSignInEvent[];
}

const NO_SIGN_INS: NewSignInEvent[] = [];

export function SecurityPage({ client, user, onSignedOut, changes = 0, newSignIns = NO_SIGN_INS }: SecurityPageProps) {
  // A password change gives this device a new session and may end others: load the list anew.
  const [listVersion, setListVersion] = useState(0);
  const signIns = useNewSignIns(client, newSignIns);
  const changed = changes + signIns.version;

  return (
    <div class="db-page">
      <div class="db-account">
        <div>
          <h1 class="sc-heading">{t.accountSecurity}</h1>
          <p class="db-email">
            {t.signedInAs} <strong>{user.email}</strong>
          </p>
        </div>
      </div>
      <NewSignInAlerts
        client={client}
        signIns={signIns}
        onPasswordChanged={() => setListVersion((version) => version + 1)}
      />
      <SessionList
        key={listVersion}
        client={client}
        onSignedOut={onSignedOut}
        reloadSignal={changed}
        quietNetworkErrors
        answers={signIns}
        onSessionsChange={signIns.listed}
      />
      <SessionHistory client={client} reloadSignal={changed + listVersion} />
      <ChangePasswordForm client={client} onChanged={() => setListVersion((version) => version + 1)} />
    </div>
  );
}
