/** Signing this device out, for the dashboard's header button and the list's own row alike. */
import type { ApiClient } from '../client/api-client.ts';
import { describeError } from '../format/error-message.ts';
import { t } from '../i18n/index.ts';

/**
 * Signs this device out. Resolves to `null` once it is signed out, or to a sentence saying why
 * it could not be. A 401 means the session was already over: this device is signed out all the
 * same (the server cleared the cookies, the client forgot header-mode tokens).
 */
export async function signOutThisDevice(client: ApiClient): Promise<string | null> {
  const result = await client.signOut();
  if (!result.error || result.error.status === 401) return null;
  return t.couldNotSignOut(describeError(result.error, 'revoke'));
}
