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
      message: 'Enter the address of your Session Control server, for example http://127.0.0.1:3000.',
    };
  }
  if (/\s/.test(text) || text.includes('\\')) {
    return { ok: false, message: 'A server address has no spaces or backslashes.' };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme === null) {
    return {
      ok: false,
      message: 'Start the address with http:// or https://, for example https://sessions.example.org.',
    };
  }
  if (!['http', 'https'].includes((scheme[1] ?? '').toLowerCase())) {
    return { ok: false, message: 'Only http:// and https:// server addresses are supported.' };
  }
  // Checked on the raw text: the URL parser drops an empty query or fragment ("/?", "#") silently.
  if (text.includes('@')) {
    return { ok: false, message: 'Leave out any user name or password; you sign in from the popup.' };
  }
  if (text.includes('?') || text.includes('#')) {
    return { ok: false, message: 'Enter only the server address, without ? or # and what follows.' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'That is not a valid web address.' };
  }
  if (url.hostname === '') {
    return { ok: false, message: 'The address needs a host name, for example 127.0.0.1 or sessions.example.org.' };
  }
  if (url.pathname !== '/') {
    return {
      ok: false,
      message: 'Enter only the server address, without a path (remove everything after the host and port).',
    };
  }
  return { ok: true, origin: url.origin };
}
