/**
 * Password guessing and credential stuffing: the per-account and per-address limits on failed
 * sign-ins, and the ways an attacker tries to slip past them (spoofed X-Forwarded-For, email
 * spelling variants).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../server/testing/test-app.ts';
import { freshEmail } from '../../server/testing/sign-up.ts';
import { expectError, itLeavesNoSecretInTheLogs, json, startTarget } from './attack-kit.ts';

const MINUTE = 60_000;

function signIn(h: TestApp, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('without a trusted proxy (TRUST_PROXY unset)', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget();
  });
  afterAll(async () => h.close());

  it('brute force on one account stops after 5 failures (429, Retry-After), even for the right password', async () => {
    const victim = await h.signUp({ mode: 'header' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expectError(
        await signIn(h, { email: victim.email, password: `guess-${attempt}` }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await signIn(h, { email: victim.email, password: 'guess-6' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    await expectError(limited, 429, 'RATE_LIMITED');
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The right password does not get through either while the limit holds: guessing learns nothing.
    await expectError(await signIn(h, { email: victim.email, password: victim.password }), 429, 'RATE_LIMITED');
    // After the window the owner signs in again.
    h.clock.advance(15 * MINUTE + 1000);
    expect((await signIn(h, { email: victim.email, password: victim.password })).status).toBe(200);
  });

  it('a spoofed X-Forwarded-For on every guess does not reset the per-account limit', async () => {
    const victim = await h.signUp({ mode: 'header' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await signIn(
        h,
        { email: victim.email, password: `guess-${attempt}` },
        { 'x-forwarded-for': `198.51.100.${attempt + 1}`, 'x-real-ip': `198.51.100.${attempt + 1}` },
      );
      await expectError(response, 401, 'INVALID_CREDENTIALS');
    }
    await expectError(
      await signIn(h, { email: victim.email, password: 'guess-6' }, { 'x-forwarded-for': '203.0.113.77' }),
      429,
      'RATE_LIMITED',
    );
    h.clock.advance(15 * MINUTE + 1000);
  });

  it('email spelling variants (case, surrounding spaces) of one account share its limit', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const variants = [
      victim.email.toUpperCase(),
      ` ${victim.email}`,
      `${victim.email} `,
      victim.email.replace(/^./, (c) => c.toUpperCase()),
      victim.email,
    ];
    for (const [attempt, email] of variants.entries()) {
      await expectError(await signIn(h, { email, password: `guess-${attempt}` }), 401, 'INVALID_CREDENTIALS');
    }
    await expectError(await signIn(h, { email: victim.email, password: 'guess-x' }), 429, 'RATE_LIMITED');
    h.clock.advance(15 * MINUTE + 1000);
  });

  it('credential stuffing of many accounts from one address stops at the per-address limit, despite XFF', async () => {
    const bystander = await h.signUp({ mode: 'header' });
    let limitedAt = -1;
    for (let attempt = 0; attempt < 101; attempt += 1) {
      const response = await signIn(
        h,
        { email: freshEmail('stuffed'), password: 'password123' },
        { 'x-forwarded-for': `10.${attempt}.${attempt}.1`, forwarded: `for=10.9.${attempt}.1` },
      );
      if (response.status === 429) {
        limitedAt = attempt;
        break;
      }
      await expectError(response, 401, 'INVALID_CREDENTIALS');
    }
    expect(limitedAt).toBe(100);
    // From the same (real) address even a genuine password waits: the address is what is limited.
    await expectError(
      await signIn(h, { email: bystander.email, password: bystander.password }, { 'x-forwarded-for': '192.0.2.10' }),
      429,
      'RATE_LIMITED',
    );
    h.clock.advance(15 * MINUTE + 1000);
  });

  it('a spoofed X-Forwarded-For is not recorded as the session’s address', async () => {
    const response = await fetch(`${h.url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-mode': 'header', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ email: freshEmail(), password: 'spoofed-address-1' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { session: { ip: string | null } };
    expect(body.session.ip).toBe('127.0.0.1');
  });

  it('unknown email and wrong password get the same answer (no account discovery through sign-in)', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const unknown = await signIn(h, { email: freshEmail('nobody'), password: 'some-password' });
    const wrong = await signIn(h, { email: victim.email, password: 'some-password' });
    expect(unknown.status).toBe(wrong.status);
    expect(await unknown.text()).toBe(await wrong.text());
  });

  it('mass sign-up from one address is limited, whatever X-Forwarded-For claims', async () => {
    const fresh = await startTarget();
    try {
      let limitedAt = -1;
      for (let attempt = 0; attempt < 101; attempt += 1) {
        const response = await fetch(`${fresh.url}/auth/signup`, {
          ...json({ email: freshEmail('mass'), password: 'mass-signup-1' }),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.${attempt}.1` },
        });
        if (response.status === 429) {
          limitedAt = attempt;
          break;
        }
        expect(response.status).toBe(201);
      }
      expect(limitedAt).toBe(100);
    } finally {
      await fresh.close();
    }
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => h.close());

  it('control: with a trusted proxy, the per-address limit follows the client address the proxy reports', async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await expectError(
        await signIn(
          h,
          { email: freshEmail('proxy'), password: 'password123' },
          { 'x-forwarded-for': '198.51.100.20' },
        ),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    await expectError(
      await signIn(h, { email: freshEmail('proxy'), password: 'password123' }, { 'x-forwarded-for': '198.51.100.20' }),
      429,
      'RATE_LIMITED',
    );
    // Another client behind the same proxy is not locked out.
    await expectError(
      await signIn(h, { email: freshEmail('proxy'), password: 'password123' }, { 'x-forwarded-for': '198.51.100.21' }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('an address the client prepends to X-Forwarded-For is ignored: only the trusted proxy’s hop counts', async () => {
    const response = await fetch(`${h.url}/auth/signup`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-auth-mode': 'header',
        'x-forwarded-for': '203.0.113.50, 198.51.100.30',
      },
      body: JSON.stringify({ email: freshEmail(), password: 'proxied-address-1' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { session: { ip: string | null } };
    expect(body.session.ip).toBe('198.51.100.30');
  });
});

itLeavesNoSecretInTheLogs();
