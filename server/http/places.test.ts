/** Sessions' approximate places from the client address TRUST_PROXY decides (issue 12). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSignInEventSchema, sessionListResponseSchema } from '../../shared/schemas.ts';
import { countryCodeOf, countryDataBuiltAt, isLocalAddress, locate } from '../session/places.ts';
import { openEvents } from '../testing/event-stream-client.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('location over HTTP', () => {
  it('places a US and a European address behind a trusted proxy, and private ones as Local network', async () => {
    app = await startApp({ env: { TRUST_PROXY: 'loopback' } });
    const us = await app.signUp(from('8.8.8.8'));
    expect(us.ip).toBe('8.8.8.8');
    const where = async (client: typeof us.client) =>
      sessionListResponseSchema.parse((await client.get('/api/sessions')).body).sessions[0]?.location;
    expect(await where(us.client)).toEqual({
      countryCode: 'US',
      country: 'United States',
      city: null,
      name: 'United States',
    });
    const europe = await app.signUp(from('193.99.144.80'));
    expect(await where(europe.client)).toEqual({ countryCode: 'DE', country: 'Germany', city: null, name: 'Germany' });
    for (const ip of ['10.1.2.3', '192.168.0.10', '172.20.1.1', '169.254.3.4', 'fe80::1', 'fd12:3456::1', '::1']) {
      const local = await app.signUp(from(ip));
      expect(await where(local.client)).toEqual({
        countryCode: null,
        country: null,
        city: null,
        name: 'Local network',
      });
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    app = await startApp();
    const account = await app.signUp(from('8.8.8.8'));
    expect(account.ip).toBe('127.0.0.1');
    const list = sessionListResponseSchema.parse((await account.client.get('/api/sessions')).body).sessions;
    expect(list[0]?.location?.name).toBe('Local network');
  });

  it('says in new-sign-in whether the account had ever been in that country', async () => {
    app = await startApp({ env: { TRUST_PROXY: 'loopback' } });
    const home = await app.signUp(from('193.99.144.80'));
    const stream = await openEvents(app.url, { client: home.client });
    await app.signIn(home.email, home.password, from('193.99.144.81'));
    const abroad = await app.signIn(home.email, home.password, from('8.8.8.8'));
    await vi.waitFor(() => expect(stream.events.filter((event) => event.event === 'new-sign-in')).toHaveLength(2));
    const alerts = stream.events
      .filter((event) => event.event === 'new-sign-in')
      .map((event) => newSignInEventSchema.parse(event.data));
    expect(alerts.map((alert) => alert.newCountry)).toEqual([false, true]);
    expect(alerts[1]?.session).toMatchObject({ id: abroad.sessionId, location: { countryCode: 'US' } });
    stream.close();
  });
});

describe('places.ts', () => {
  it('knows nothing of text that is not an address, and of documentation ranges', () => {
    expect(locate(null)).toBeNull();
    expect(locate('<script>')).toBeNull();
    expect(locate('2001:db8::1')).toBeNull();
    expect(locate('192.0.2.1')).toBeNull();
    expect(countryCodeOf('203.0.113.9')).toBeNull();
  });

  it('tells local ranges of both families', () => {
    expect(['127.0.0.1', '10.0.0.1', '100.64.1.1', '::1', 'fe80::abcd', 'fc00::1'].every(isLocalAddress)).toBe(true);
    expect(['8.8.8.8', '2a00:1450:4001::1', 'junk'].some(isLocalAddress)).toBe(false);
  });

  it('reports when the shipped data was built (the date docs/deploy.md states)', () => {
    expect(countryDataBuiltAt().toISOString()).toBe('2026-06-17T19:51:40.000Z');
  });
});
