/**
 * The language of an error's `message`: the first of the request's Accept-Language that ships
 * (German or English, by q-value), English by default. Only the sentence changes, never `code`;
 * a sentence with no German yet (zod's own, say) stays English.
 */
import { pickLocale } from '../../shared/i18n/index.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import { GERMAN_MESSAGES } from './error-messages-de.ts';

/** "de-DE,de;q=0.9,en;q=0.8" → 'de'; a missing or unreadable header → 'en'. */
export function errorLocale(acceptLanguage: string | undefined): Locale {
  if (acceptLanguage === undefined) return 'en';
  const ranges = acceptLanguage
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.tag !== '' && range.tag !== '*' && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return pickLocale(ranges.map((range) => range.tag));
}

const WAIT = /^Too many attempts\. Try again in (\d+) minutes\.$/;
const FIELD = /^([A-Za-z][A-Za-z0-9.]*): (.+)$/s;

/** `message` in `locale`; the "field: " prefix of a BAD_REQUEST stays, the sentence after it changes. */
export function localiseMessage(message: string, locale: Locale): string {
  if (locale === 'en') return message;
  const whole = GERMAN_MESSAGES[message];
  if (whole !== undefined) return whole;
  const wait = WAIT.exec(message);
  if (wait) return `Zu viele Versuche. Versuchen Sie es in ${wait[1]} Minuten erneut.`;
  const field = FIELD.exec(message);
  const sentence = field?.[2] === undefined ? undefined : GERMAN_MESSAGES[field[2]];
  return field && sentence !== undefined ? `${field[1]}: ${sentence}` : message;
}
