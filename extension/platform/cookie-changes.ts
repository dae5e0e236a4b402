/**
 * Sign-in and sign-out in a dashboard tab of this browser set or clear the server's cookies: the
 * worker hears that (cookies.onChanged, for the hosts it may reach) and redraws the badge at
 * once instead of at the next alarm. Chosen over a message from the page because it needs
 * nothing from the server or the page, works for any tab and in Firefox, and the cookies
 * permission adds no install warning beyond the host access the extension already has. The
 * cookies' names stay opaque: any change on the server's host counts.
 */
import { getBrowser } from './browser-api.ts';

/** Calls `listener` (at most once per `settleMs`) when a cookie of `origin()`'s host changes. */
export function onServerCookieChange(origin: () => Promise<string>, listener: () => void, settleMs = 500): void {
  const cookies = getBrowser().cookies;
  // Without the permission (an older install), the badge still follows the alarm and the popup.
  if (cookies?.onChanged === undefined) return;
  let timer: ReturnType<typeof setTimeout> | null = null;
  cookies.onChanged.addListener(({ cookie }) => {
    void origin().then((server) => {
      if (cookie.domain.replace(/^\./, '') !== new URL(server).hostname || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        listener();
      }, settleMs);
    });
  });
}
