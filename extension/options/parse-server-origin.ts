import { t } from '../../shared/i18n/index.ts';

/** The outcome of reading a server address typed by a person. */
export type ParsedServerOrigin = { ok: true; origin: string } | { ok: false; message: string };

/**
 * Reads the server address from the options page: an http(s) origin, optionally with a trailing
 * slash, and nothing else. A path, query, fragment or user name would be silently dropped by a
 * lenient parser, so the person would reach a different place than they typed; they are
 * refused with a sentence saying what to change. The result is the normalised origin
 * (lowercase host, default port dropped), which is also how the server's allowlist compares.
 */
export function parseServerOrigin(input: string): ParsedServerOrigin {
  const text = input.trim();
  if (text === '') {
    return {
      ok: false,
      message: t.originEmpty,
    };
  }
  if (/\s/.test(text) || text.includes('\\')) {
    return { ok: false, message: t.originSpaces };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme === null) {
    return {
      ok: false,
      message: t.originNoScheme,
    };
  }
  if (!['http', 'https'].includes((scheme[1] ?? '').toLowerCase())) {
    return { ok: false, message: t.originScheme };
  }
  // Checked on the raw text: the URL parser drops an empty query or fragment ("/?", "#") silently.
  if (text.includes('@')) {
    return { ok: false, message: t.originCredentials };
  }
  if (text.includes('?') || text.includes('#')) {
    return { ok: false, message: t.originQuery };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: t.originInvalid };
  }
  if (url.hostname === '') {
    return { ok: false, message: t.originNoHost };
  }
  if (url.pathname !== '/') {
    return {
      ok: false,
      message: t.originPath,
    };
  }
  return { ok: true, origin: url.origin };
}
