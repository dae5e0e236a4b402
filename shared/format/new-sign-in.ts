/**
 * The "Was this you?" sentence for a sign-in from a device the account had not used before:
 * which device (its name first), where, and when, in words a person reads at a glance.
 */
import type { PublicSession } from '../schemas.ts';
import { deviceTitle } from './device.ts';
import { formatRelativeTime } from './relative-time.ts';
import { t } from '../i18n/index.ts';

/** Under a minute old, a sign-in happened "just now". */
const JUST_NOW_SECONDS = 60;

/** "just now", else "3 minutes ago", "yesterday", … */
export function signedInWhen(createdAt: string, nowMs: number, locale?: string): string {
  if (nowMs - Date.parse(createdAt) < JUST_NOW_SECONDS * 1000) return t.justNow;
  return formatRelativeTime(createdAt, nowMs, locale);
}

/** "Berlin, Germany" from the location, else the address, else nothing. */
export function whereFrom(session: Pick<PublicSession, 'location' | 'ip'>): string | null {
  return session.location?.name ?? session.ip ?? null;
}

/** "Firefox on Windows · Berlin, Germany · just now": the facts the alert and the notification show. */
export function newSignInFacts(session: PublicSession, nowMs: number): string {
  return [deviceTitle(session), whereFrom(session), signedInWhen(session.createdAt, nowMs)].filter(Boolean).join(' · ');
}

/**
 * "New sign-in: Firefox on Windows · Berlin, Germany · just now. Was this you?", saying so when
 * the sign-in came from a country the account had not signed in from before.
 */
export function describeNewSignIn(session: PublicSession, newCountry: boolean, nowMs: number): string {
  const lead = newCountry ? t.newSignInNewCountry : t.newSignIn;
  return t.wasThisYou(lead, newSignInFacts(session, nowMs));
}
