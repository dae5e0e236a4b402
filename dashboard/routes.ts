// The dashboard's pages, addressed by path. Anything else goes to "/", which decides.
export type RoutePath = '/' | '/signin' | '/account/security';

export const SIGNED_OUT_MESSAGE = 'You have signed out.';

export function toRoute(pathname: string): RoutePath {
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  return trimmed === '/signin' || trimmed === '/account/security' ? trimmed : '/';
}

export const PAGE_TITLES: Record<RoutePath, string> = {
  '/': 'Session Control',
  '/signin': 'Sign in · Session Control',
  '/account/security': 'Account security · Session Control',
};
