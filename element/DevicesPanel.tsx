// What <session-control-devices> shows: the shared account shell (who is signed in, the live
// event stream) around the shared device list, with the element's own sentences.
import type { ApiClient } from '../shared/client/api-client.ts';
import { RetryPanel } from '../shared/ui/RetryPanel.tsx';
import { SessionList } from '../shared/ui/SessionList.tsx';
import type { SignedOutReason } from '../shared/ui/use-account.ts';
import { useAccount } from '../shared/ui/use-account.ts';
import type { DevicesStrings } from './strings.ts';

export interface DevicesPanelProps {
  client: ApiClient;
  strings: DevicesStrings;
  /** Every tenant's sessions of the person, not only the current tenant's. */
  allTenants: boolean;
  onSignedOut: (reason: SignedOutReason) => void;
}

export function DevicesPanel({ client, strings, allTenants, onSignedOut }: DevicesPanelProps) {
  const account = useAccount({ client, signedOutMessage: null, onSignedOut });
  const { state } = account;
  if (state.kind === 'unreachable') return <RetryPanel message={strings.unreachable} onRetry={account.retry} />;
  if (state.kind === 'signed-out' || state.kind === 'no-access') {
    return (
      <p class="sc-empty" part="signed-out" role="status">
        {state.kind === 'signed-out' && state.message ? state.message : strings.signedOut}
      </p>
    );
  }
  if (state.kind === 'loading') {
    return (
      <p class="sc-empty" part="loading">
        {strings.loading}
      </p>
    );
  }
  return (
    <SessionList
      client={client}
      allTenants={allTenants}
      onSignedOut={account.signedOut}
      reloadSignal={account.changes}
    />
  );
}
