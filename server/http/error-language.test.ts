// Issue 13 point 9: the server's messages for people come in the request's language (German or
// English, English by default); the code never changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import type { FailureKind } from '../session/failures.ts';
import { fail } from '../session/failures.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { errorLocale, localiseMessage } from './error-language.ts';
import { toApiError } from './failure-to-error.ts';

const EVERY_FAILURE: Record<FailureKind, true> = {
  'not-signed-in': true,
  'session-ended': true,
  'access-token-expired': true,
  'no-session-to-sign-out': true,
  'session-not-found': true,
  'reauth-required': true,
  'invalid-credentials': true,
  'email-taken': true,
  'unknown-tenant': true,
  'rate-limited': true,
  'token-theft': true,
  'reset-link-invalid': true,
  'bad-cursor': true,
  'service-unavailable': true,
};

describe('errorLocale', () => {
  it('picks German or English by the q-values of Accept-Language, English by default', () => {
    expect(errorLocale(undefined)).toBe('en');
    expect(errorLocale('')).toBe('en');
    expect(errorLocale('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(errorLocale('en-US,en;q=0.9,de;q=0.8')).toBe('en');
    expect(errorLocale('fr-FR,de;q=0.5')).toBe('de');
    expect(errorLocale('en;q=0.3, de-AT;q=0.7')).toBe('de');
    expect(errorLocale('de;q=0, fr')).toBe('en');
    expect(errorLocale('*')).toBe('en');
  });
});

describe('localiseMessage', () => {
  it('has German for every failure of the core, and leaves English alone', () => {
    for (const kind of Object.keys(EVERY_FAILURE) as FailureKind[]) {
      const { message } = toApiError(fail(kind, kind === 'rate-limited' ? 300 : undefined));
      expect(localiseMessage(message, 'en'), kind).toBe(message);
      expect(localiseMessage(message, 'de'), kind).not.toBe(message);
    }
    expect(localiseMessage(toApiError(fail('rate-limited', 30)).message, 'de')).toBe(
      'Zu viele Versuche. Versuchen Sie es in einer Minute erneut.',
    );
    expect(localiseMessage(toApiError(fail('rate-limited', 300)).message, 'de')).toBe(
      'Zu viele Versuche. Versuchen Sie es in 5 Minuten erneut.',
    );
  });

  it('keeps the field of a BAD_REQUEST and says the sentence after it in German', () => {
    expect(localiseMessage('email: That is not an email address.', 'de')).toBe('email: Das ist keine E-Mail-Adresse.');
    expect(localiseMessage('newPassword: A password has at least 8 characters.', 'de')).toBe(
      'newPassword: Ein Passwort hat mindestens 8 Zeichen.',
    );
    expect(localiseMessage('email: Some sentence with no German yet.', 'de')).toBe(
      'email: Some sentence with no German yet.',
    );
  });
});

describe('error bodies over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a German browser in German and anyone else in English, with the same code', async () => {
    const body = { email: 'nobody@example.test', password: 'not the password' };
    const german = await app
      .client()
      .request('POST', '/auth/signin', { json: body, headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' } });
    const english = await app.client().request('POST', '/auth/signin', { json: body });

    expect(german.status).toBe(401);
    expect(english.status).toBe(401);
    expect(errorBodySchema.parse(german.body).error).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'E-Mail-Adresse oder Passwort stimmen nicht.',
    });
    expect(errorBodySchema.parse(english.body).error).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'The email or password is not right.',
    });
    expect(german.headers.get('vary')).toMatch(/Accept-Language/i);
  });

  it('answers a body that is not JSON in German too', async () => {
    const response = await app.client().request('POST', '/auth/signin', {
      body: '{"email": ',
      headers: { 'content-type': 'application/json', 'accept-language': 'de' },
    });
    expect(errorBodySchema.parse(response.body).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'Der Inhalt ist kein gültiges JSON.',
    });
  });

  it('says what is wrong with a field in German, keeping the field name the page reads', async () => {
    const response = await app.client().request('POST', '/auth/signup', {
      json: { email: 'not-an-email', password: 'long enough password' },
      headers: { 'accept-language': 'de' },
    });
    expect(response.status).toBe(400);
    expect(errorBodySchema.parse(response.body).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'email: Das ist keine E-Mail-Adresse.',
    });
  });
});
