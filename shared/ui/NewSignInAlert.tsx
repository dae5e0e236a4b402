/** One "Was this you?" banner for a sign-in from a device the account had not used before. */
import { describeNewSignIn } from '../format/new-sign-in.ts';
import type { PendingSignIn } from './use-new-sign-ins.ts';
import { t } from '../i18n/index.ts';

export interface NewSignInAlertProps {
  signIn: PendingSignIn;
  nowMs: number;
  /** An answer for this sign-in is being sent. */
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}

/** role="alert": it arrives unasked and is about the account's safety, so it is read out at once. */
export function NewSignInAlert({ signIn, nowMs, busy, onYes, onNo }: NewSignInAlertProps) {
  const { session, newCountry } = signIn;
  return (
    <div class="sc-new-sign-in" role="alert">
      <p class="sc-new-sign-in-text">{describeNewSignIn(session, newCountry, nowMs)}</p>
      <div class="sc-new-sign-in-actions">
        <button type="button" class="sc-button sc-button-primary" disabled={busy} onClick={onYes}>
          {t.yesItWasMe}
        </button>
        <button type="button" class="sc-button sc-button-danger" disabled={busy} onClick={onNo}>
          {t.noSignItOut}
        </button>
      </div>
    </div>
  );
}
