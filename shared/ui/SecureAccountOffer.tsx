/**
 * After "No, sign it out": the stranger's session is over, and whoever signed in may know the
 * password. Offers the password change with "sign out of all other devices" ticked.
 */
import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { deviceTitle } from '../format/device.ts';
import type { PublicSession } from '../schemas.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { t } from '../i18n/index.ts';

export interface SecureAccountOfferProps {
  client: ApiClient;
  /** The session that was signed out. */
  session: PublicSession;
  /** The password was changed. */
  onChanged: () => void;
  /** "Not now". */
  onDismiss: () => void;
}

export function SecureAccountOffer({ client, session, onChanged, onDismiss }: SecureAccountOfferProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The banner that had the focus is gone: the offer takes it.
  useLayoutEffect(() => headingRef.current?.focus(), []);
  return (
    <section class="sc-secure-account" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} class="sc-heading">
        {t.secureYourAccount}
      </h2>
      <p>{t.secureAccountText(deviceTitle(session))}</p>
      <ChangePasswordForm client={client} onChanged={onChanged} />
      <button type="button" class="sc-button" onClick={onDismiss}>
        {t.notNow}
      </button>
    </section>
  );
}
