import { getBrowser } from './browser-api.ts';

/**
 * The match pattern that grants the extension access to a server origin. The port is left out
 * on purpose: Firefox match patterns cannot name one, and Chrome matches every port without it.
 */
export function hostPatternFor(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Asks the person to let the extension reach `origin`. Must be called synchronously from a
 * click handler (browsers refuse permission prompts outside a user gesture); resolves to
 * whether access is granted. Origins already covered by the manifest resolve true at once.
 */
export function requestHostAccess(origin: string): Promise<boolean> {
  return getBrowser().permissions.request({ origins: [hostPatternFor(origin)] });
}

/** Whether the extension may currently reach `origin` (a person can revoke access at any time). */
export function hasHostAccess(origin: string): Promise<boolean> {
  return getBrowser().permissions.contains({ origins: [hostPatternFor(origin)] });
}
