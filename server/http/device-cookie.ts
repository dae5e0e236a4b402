/**
 * The device cookie (issue 12): a long-lived random secret that lets sign-ins recognise a known
 * device. It is not a session cookie and never authenticates: it is read only by sign-up and
 * sign-in, set only by them (never by refresh), and survives sign-out. HttpOnly, SameSite=Strict
 * like the token cookies, Secure (and the __Host- prefix) when they are. Header-mode clients get
 * the secret as `tokens.deviceToken` and send it back as X-Device-Token.
 *
 * A browser used by several accounts holds one secret per account: the cookie's value is up to
 * MAX_DEVICE_TOKENS secrets joined by ".", the one of the latest sign-in first.
 */
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import { MAX_DEVICE_TOKENS } from '../session/known-devices.ts';
import { isDeviceTokenShape } from '../session/secrets.ts';

/** About 400 days: the longest lifetime browsers keep a cookie for. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** Longer values are not ours and are not looked at (a device token is 48 characters). */
const MAX_PRESENTED_LENGTH = MAX_DEVICE_TOKENS * 49;

export function deviceCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-sc_device' : 'sc_device';
}

/**
 * The device secrets the request presents: X-Device-Token in header mode, else the device cookie.
 * Anything oversized or not shaped like our secrets is dropped here, unlooked at.
 */
export function presentedDeviceTokens(req: Request, config: Config, headerMode: boolean): string[] {
  let value: string | undefined;
  if (headerMode) {
    const header = req.headers['x-device-token'];
    value = typeof header === 'string' ? header.trim() : undefined;
  } else if (req.headers.cookie !== undefined) {
    value = parse(req.headers.cookie)[deviceCookieName(config)];
  }
  if (value === undefined || value.length > MAX_PRESENTED_LENGTH) return [];
  return value.split('.').filter(isDeviceTokenShape).slice(0, MAX_DEVICE_TOKENS);
}

/** Sets the device cookie: this sign-in's secret first, then the browser's other accounts' ones. */
export function setDeviceCookie(
  res: Response,
  config: Config,
  deviceToken: string,
  otherTokens: readonly string[],
): void {
  const kept = [deviceToken, ...otherTokens.filter((token) => token !== deviceToken)].slice(0, MAX_DEVICE_TOKENS);
  res.append(
    'Set-Cookie',
    serialize(deviceCookieName(config), kept.join('.'), {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'strict',
      path: '/',
      maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    }),
  );
}
