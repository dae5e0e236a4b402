// The dashboard's pages, addressed by path. Anything else goes to "/", which decides.
export type RoutePath = '/' | '/signin' | '/signup' | '/account/security' | '/reset-password';

export const SIGNED_OUT_MESSAGE = 'You have signed out.';

/** Names a person may guess for a page, and the page they mean. */
const ALIASES: Record<string, RoutePath> = { '/account': '/account/security' };

export function toRoute(pathname: string): RoutePath {
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  const alias = ALIASES[trimmed];
  if (alias) return alias;
  return trimmed === '/signin' ||
    trimmed === '/signup' ||
    trimmed === '/account/security' ||
    trimmed === '/reset-password'
    ? trimmed
    : '/';
}

export const PAGE_TITLES: Record<RoutePath, string> = {
  '/': 'Session Control',
  '/signin': 'Sign in · Session Control',
  '/signup': 'Create your account · Session Control',
  '/account/security': 'Account security · Session Control',
  '/reset-password': 'Choose a new password · Session Control',
};
