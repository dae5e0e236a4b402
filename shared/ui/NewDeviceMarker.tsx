/** The mark on a row whose device is new to the account and not answered for yet, with the two answers. */
import type { PublicSession } from '../schemas.ts';
import type { NewSignInAnswers } from './use-new-sign-ins.ts';

export interface NewDeviceMarkerProps {
  session: PublicSession;
  answers: NewSignInAnswers;
}

export function NewDeviceMarker({ session, answers }: NewDeviceMarkerProps) {
  const busy = answers.busyId === session.id;
  return (
    <div class="sc-new-device">
      <p class="sc-new-device-text">
        <span class="sc-alert-badge">New device</span> Not confirmed yet. Was this you?
      </p>
      <div class="sc-new-device-actions">
        <button type="button" class="sc-button" disabled={busy} onClick={() => answers.acknowledge(session)}>
          Yes, it was me
        </button>
        <button
          type="button"
          class="sc-button sc-button-danger-outline"
          disabled={busy}
          onClick={() => answers.reject(session)}
        >
          No, sign it out
        </button>
      </div>
    </div>
  );
}
