/**
 * Attacks on object-level authorisation and tenant isolation: another user's session ids, and
 * forged tenant fields, headers and tokens.
 */
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../server/testing/test-app.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import {
  bearer,
  expectError,
  itLeavesNoSecretInTheLogs,
  json,
  listSessionIds,
  rememberSecret,
  startTarget,
} from './attack-kit.ts';

// The same attacks on every store engine (issue 16): SQLite in memory and a fresh PostgreSQL schema.
describe.each(ENGINES)('on %s', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({}, { engine });
    await h.store.insertTenant({ id: 'acme', createdAt: h.clock.now });
    await h.store.insertTenant({ id: 'globex', createdAt: h.clock.now });
  });
  afterAll(async () => h.close());

  const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAAAA';

  async function answer(response: Response): Promise<{ status: number; body: string; contentType: string | null }> {
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
  }

  describe('another user’s session by id', () => {
    let attacker: AppAccount;
    let victim: AppAccount;
    beforeAll(async () => {
      attacker = await h.signUp({ mode: 'header' });
      victim = await h.signUp({ mode: 'header' });
    });

    it('revoking another user’s session by id answers just like an unknown id, and the session lives on', async () => {
      const foreign = await answer(
        await fetch(`${h.url}/api/sessions/${victim.sessionId}`, { method: 'DELETE', ...bearer(attacker.accessToken) }),
      );
      const unknown = await answer(
        await fetch(`${h.url}/api/sessions/${UNKNOWN_ID}`, { method: 'DELETE', ...bearer(attacker.accessToken) }),
      );
      expect(foreign).toEqual(unknown);
      expect(foreign.status).toBe(404);
      expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });
      expect(await listSessionIds(h, victim.accessToken)).toEqual([victim.sessionId]);
      expect((await fetch(`${h.url}/api/me`, bearer(victim.accessToken))).status).toBe(200);
    });

    it('revoking another user’s session from a stale one (no recent sign-in) answers like an unknown id', async () => {
      h.clock.advance(10 * 60_000);
      const fresh = await h.signIn(attacker.email, attacker.password, { mode: 'header' });
      const victimFresh = await h.signIn(victim.email, victim.password, { mode: 'header' });
      h.clock.advance(10 * 60_000);
      const foreign = await answer(
        await fetch(`${h.url}/api/sessions/${victimFresh.sessionId}`, {
          method: 'DELETE',
          ...bearer(fresh.accessToken),
        }),
      );
      const unknown = await answer(
        await fetch(`${h.url}/api/sessions/${UNKNOWN_ID}`, { method: 'DELETE', ...bearer(fresh.accessToken) }),
      );
      expect(foreign).toEqual(unknown);
      expect(foreign.status).toBe(404);
      expect(await listSessionIds(h, victimFresh.accessToken)).toContain(victimFresh.sessionId);
    });

    it('reading another user’s session by id is answered exactly like an unknown id', async () => {
      const me = await h.signUp({ mode: 'header' });
      const other = await h.signUp({ mode: 'header' });
      const foreign = await answer(await fetch(`${h.url}/api/sessions/${other.sessionId}`, bearer(me.accessToken)));
      const unknown = await answer(await fetch(`${h.url}/api/sessions/${UNKNOWN_ID}`, bearer(me.accessToken)));
      expect(foreign.status).toBe(404);
      // The 404 names the path, so the two bodies differ only by the id that was asked for.
      expect({ ...foreign, body: foreign.body.replace(other.sessionId, '<id>') }).toEqual({
        ...unknown,
        body: unknown.body.replace(UNKNOWN_ID, '<id>'),
      });
      expect(foreign.body).not.toContain(other.userId);
      const listed = await listSessionIds(h, me.accessToken, '?tenant=all');
      expect(listed).toEqual([me.sessionId]);
    });

    it('a very long or odd session id in the path is answered like an unknown id, never 500', async () => {
      const me = await h.signUp({ mode: 'header' });
      for (const id of ['x'.repeat(5000), '%00', "' OR 1=1 --", '..%2F..%2Fapi%2Fme', '%E0%A4%A']) {
        const response = await fetch(`${h.url}/api/sessions/${id}`, { method: 'DELETE', ...bearer(me.accessToken) });
        expect([400, 404]).toContain(response.status);
        const body = (await response.json()) as { error: { code: string } };
        expect(['SESSION_NOT_FOUND', 'BAD_REQUEST']).toContain(body.error.code);
      }
      expect(await listSessionIds(h, me.accessToken)).toEqual([me.sessionId]);
    });
  });

  describe('crossing tenants', () => {
    it('signing in to a tenant the user is not in (forged tenant field) is refused like a wrong password', async () => {
      const person = await h.signUp({ mode: 'header', tenantId: 'acme' });
      const response = await fetch(
        `${h.url}/auth/signin`,
        json({ email: person.email, password: person.password, tenantId: 'globex' }),
      );
      const wrongPassword = await fetch(
        `${h.url}/auth/signin`,
        json({ email: person.email, password: 'not-the-password', tenantId: 'acme' }),
      );
      const forgedAnswer = await expectError(response, 401, 'INVALID_CREDENTIALS');
      expect(await expectError(wrongPassword, 401, 'INVALID_CREDENTIALS')).toEqual(forgedAnswer);
      expect(await listSessionIds(h, person.accessToken, '?tenant=all')).toEqual([person.sessionId]);
    });

    it('signing up into a tenant that does not exist (forged tenant field) creates nothing', async () => {
      const email = 'tenant-forger@example.test';
      const response = await fetch(
        `${h.url}/auth/signup`,
        json({ email, password: 'long-enough-pw', tenantId: 'no-such-tenant' }),
      );
      await expectError(response, 400, 'BAD_REQUEST');
      expect(await h.store.findUserByEmail(email)).toBeNull();
    });

    it('a forged tenant header or query parameter does not widen what a session sees or ends', async () => {
      const person = await h.signUp({ mode: 'header', tenantId: 'acme' });
      const outsider = await h.signUp({ mode: 'header', tenantId: 'globex' });
      for (const header of ['x-tenant-id', 'x-tenant', 'tenant-id', 'st-tenant-id']) {
        const listed = await fetch(`${h.url}/api/sessions`, bearer(person.accessToken, { [header]: 'globex' }));
        const body = (await listed.json()) as { sessions: { id: string; tenantId: string }[] };
        expect(body.sessions.map((session) => [session.id, session.tenantId])).toEqual([[person.sessionId, 'acme']]);
        const ended = await fetch(`${h.url}/api/sessions/${outsider.sessionId}`, {
          method: 'DELETE',
          ...bearer(person.accessToken, { [header]: 'globex' }),
        });
        await expectError(ended, 404, 'SESSION_NOT_FOUND');
      }
      await expectError(
        await fetch(`${h.url}/api/sessions?tenant=globex`, bearer(person.accessToken)),
        400,
        'BAD_REQUEST',
      );
      await expectError(
        await fetch(`${h.url}/api/sessions?scope=others&tenant=globex`, {
          method: 'DELETE',
          ...bearer(person.accessToken),
        }),
        400,
        'BAD_REQUEST',
      );
      expect(await listSessionIds(h, outsider.accessToken)).toEqual([outsider.sessionId]);
    });

    it('one person in two tenants: a session of one tenant cannot end one of the other by id or by scope', async () => {
      const acme = await h.signUp({ mode: 'header', tenantId: 'acme' });
      await h.store.addUserToTenant(acme.userId, 'globex');
      const globex = await h.signIn(acme.email, acme.password, { mode: 'header', tenantId: 'globex' });
      const neighbour = await h.signUp({ mode: 'header', tenantId: 'globex' });
      expect(globex.userId).toBe(acme.userId);
      const others = await fetch(`${h.url}/api/sessions?scope=others`, {
        method: 'DELETE',
        ...bearer(acme.accessToken),
      });
      expect(await others.json()).toEqual({ revoked: 0 });
      // Every endpoint is scoped to the caller's user *and* tenant: the person's own session in the
      // other tenant, and another member of it, both answer like an unknown id.
      await expectError(
        await fetch(`${h.url}/api/sessions/${globex.sessionId}`, { method: 'DELETE', ...bearer(acme.accessToken) }),
        404,
        'SESSION_NOT_FOUND',
      );
      await expectError(
        await fetch(`${h.url}/api/sessions/${neighbour.sessionId}`, { method: 'DELETE', ...bearer(acme.accessToken) }),
        404,
        'SESSION_NOT_FOUND',
      );
      expect(await listSessionIds(h, acme.accessToken, '?tenant=all')).toEqual(
        [acme.sessionId, globex.sessionId].sort(),
      );
      expect(await listSessionIds(h, neighbour.accessToken)).toEqual([neighbour.sessionId]);
    });

    it('a token whose tenant claim was tampered with is refused', async () => {
      const person = await h.signUp({ mode: 'header', tenantId: 'acme' });
      const [header, payload, signature] = person.accessToken.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, tid: 'globex' })).toString('base64url');
      const forged = `${header}.${forgedPayload}.${signature}`;
      rememberSecret(forged);
      await expectError(await fetch(`${h.url}/api/sessions`, bearer(forged)), 401, 'UNAUTHORISED');
    });

    it('a validly signed token naming a tenant not its session’s (leaked key, strict mode) is refused', async () => {
      const person = await h.signUp({ mode: 'header', tenantId: 'acme' });
      await h.store.addUserToTenant(person.userId, 'globex');
      const [record] = await h.store.listSigningKeys();
      const jwk = JSON.parse(record!.privateJwk) as JWK;
      const key = await importJWK(jwk, 'EdDSA');
      const issuedAt = Math.floor(h.clock.now / 1000);
      const forged = await new SignJWT({ sid: person.sessionId, tid: 'globex' })
        .setProtectedHeader({ alg: 'EdDSA', kid: record!.kid, typ: 'at+jwt' })
        .setSubject(person.userId)
        .setIssuer(h.config.issuer)
        .setAudience(h.config.accessTokenAudience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + 60)
        .setJti(randomBytes(16).toString('base64url'))
        .sign(key);
      rememberSecret(forged);
      await expectError(await fetch(`${h.url}/api/sessions`, bearer(forged)), 401, 'UNAUTHORISED');
      await expectError(await fetch(`${h.url}/api/me`, bearer(forged)), 401, 'UNAUTHORISED');
    });
  });
});

itLeavesNoSecretInTheLogs();
