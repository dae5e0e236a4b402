// The dashboard's pages, addressed by path. Anything else goes to "/", which decides.
import { t } from '../shared/i18n/index.ts';

export type RoutePath = '/' | '/signin' | '/signup' | '/account/security' | '/reset-password';

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

const TITLE_KEYS: Record<RoutePath, keyof typeof t.pageTitles> = {
  '/': 'home',
  '/signin': 'signIn',
  '/signup': 'signUp',
  '/account/security': 'security',
  '/reset-password': 'resetPassword',
};

/** The document title of a page, in the catalog's language. */
export function pageTitle(route: RoutePath): string {
  return t.pageTitles[TITLE_KEYS[route]];
}
