/** The mark on a row whose device is new to the account and not answered for yet, with the two answers. */
import type { PublicSession } from '../schemas.ts';
import type { NewSignInAnswers } from './use-new-sign-ins.ts';
import { t } from '../i18n/index.ts';

export interface NewDeviceMarkerProps {
  session: PublicSession;
  answers: NewSignInAnswers;
}

export function NewDeviceMarker({ session, answers }: NewDeviceMarkerProps) {
  const busy = answers.busyId === session.id;
  return (
    <div class="sc-new-device">
      <p class="sc-new-device-text">
        <span class="sc-alert-badge">{t.newDevice}</span> {t.notConfirmedYet}
      </p>
      <div class="sc-new-device-actions">
        <button type="button" class="sc-button" disabled={busy} onClick={() => answers.acknowledge(session)}>
          {t.yesItWasMe}
        </button>
        <button
          type="button"
          class="sc-button sc-button-danger-outline"
          disabled={busy}
          onClick={() => answers.reject(session)}
        >
          {t.noSignItOut}
        </button>
      </div>
    </div>
  );
}
