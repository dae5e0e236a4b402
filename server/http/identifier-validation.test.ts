/**
 * Issue 16, defect 1: every identifier a client can send that is looked up in a store is checked
 * for its shape at the edge, so no store ever sees a byte it cannot hold (PostgreSQL refuses NUL
 * in text with a 500-worthy error; SQLite does not, which is why the same tests run on both).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPostgresStore } from '../storage/postgres.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import type { Store as SessionStore } from '../session/store.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { SESSION_ID_PATTERN, sessionIdSchema, tenantIdSchema } from '../../shared/schemas.ts';
import { newSessionId } from '../session/secrets.ts';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const UNKNOWN_ID = 'AAAAAAAAAAAAAAAAAAAAAAAA';

interface Engine {
  name: string;
  open(): Promise<SessionStore>;
  dispose(): Promise<void>;
}

function postgresEngine(): Engine {
  let admin: pg.Pool | null = null;
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open() {
      const schema = `test_${randomBytes(8).toString('hex')}`;
      schemas.push(schema);
      return openPostgresStore(DATABASE_URL, { schema, poolSize: 4 });
    },
    async dispose() {
      admin ??= new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      admin = null;
    },
  };
}

const ENGINES: Engine[] = [
  { name: 'sqlite', open: () => openSqliteStore(':memory:'), dispose: async () => {} },
  postgresEngine(),
];

async function answer(response: Response): Promise<{ status: number; body: string; contentType: string | null }> {
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

describe('regression issue 16: the shape of identifiers', () => {
  it('accepts every session id the server generates and nothing outside their alphabet and length', () => {
    for (let i = 0; i < 200; i++) expect(sessionIdSchema.safeParse(newSessionId()).success).toBe(true);
    const real = newSessionId();
    const bad = ['', '\0', `${real}\0`, `${real}\n`, real.slice(1), `${real}A`, `${real.slice(1)}é`, 'a'.repeat(64)];
    for (const id of [...bad, "' OR 1=1 --"]) expect(sessionIdSchema.safeParse(id).success).toBe(false);
    expect(SESSION_ID_PATTERN.test(real)).toBe(true);
  });

  it('refuses tenant ids with NUL, newlines, upper case or over 64 characters', () => {
    for (const bad of ['pub\0lic', 'public\n', 'Public', 'a'.repeat(65), '', '-a', 'a-']) {
      expect(tenantIdSchema.safeParse(bad).success).toBe(false);
    }
    expect(tenantIdSchema.safeParse('a'.repeat(64)).success).toBe(true);
  });
});

for (const engine of ENGINES) {
  describe(`regression issue 16: identifiers at the edge on ${engine.name}`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp({ store: await engine.open() });
    });
    afterAll(async () => {
      await app?.close();
      await engine.dispose();
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

    const send = (path: string, body: unknown) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-mode': 'header' },
        body: JSON.stringify(body),
      });
    const endSession = async (id: string, token: string) =>
      answer(await fetch(`${app.url}/api/sessions/${id}`, { method: 'DELETE', ...bearer(token) }));

    interface Account {
      accessToken: string;
      sessionId: string;
      email: string;
      password: string;
    }

    async function headerAccount(): Promise<Account> {
      const email = `id-${randomBytes(6).toString('hex')}@example.test`;
      const password = 'correct horse battery';
      const response = await send('/auth/signup', { email, password });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { session: { id: string }; tokens: { accessToken: string } };
      return { accessToken: body.tokens.accessToken, sessionId: body.session.id, email, password };
    }

    /** A second session of the same account; its id. */
    async function anotherSessionOf(account: Account): Promise<string> {
      const response = await send('/auth/signin', { email: account.email, password: account.password });
      expect(response.status).toBe(200);
      return ((await response.json()) as { session: { id: string } }).session.id;
    }

    it('a session id with NUL or any byte outside its shape is answered like an unknown id, no lookup', async () => {
      const me = await headerAccount();
      const second = await headerAccount();
      const otherSessionId = await anotherSessionOf(me);
      const unknown = await endSession(UNKNOWN_ID, me.accessToken);
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });
      const lookups = vi.spyOn(app.store, 'findSessionById');
      const deletes = vi.spyOn(app.store, 'endSessions');
      const hostile = [
        '%00',
        'abc%00def',
        `${otherSessionId}%00`,
        `${me.sessionId}%00`,
        `%00${otherSessionId}`,
        `${second.sessionId}%00`,
        `${otherSessionId.slice(0, 23)}%0A`,
        '%C3%A9'.repeat(24),
        `${otherSessionId}%20`,
        '%F0%9F%98%80',
        'x'.repeat(64),
        "'%20OR%201=1%20--",
        otherSessionId.slice(1),
        `${otherSessionId}A`,
        '%EF%BF%BF',
      ];
      for (const id of hostile) {
        expect(await endSession(id, me.accessToken), id).toEqual(unknown);
      }
      expect(lookups).not.toHaveBeenCalled();
      expect(deletes).not.toHaveBeenCalled();
      // Nothing was ended: both of my sessions and the other user's live on.
      const listed = await fetch(`${app.url}/api/sessions`, bearer(me.accessToken));
      const ids = ((await listed.json()) as { sessions: { id: string }[] }).sessions.map((session) => session.id);
      expect(ids.sort()).toEqual([me.sessionId, otherSessionId].sort());
      expect((await fetch(`${app.url}/api/me`, bearer(second.accessToken))).status).toBe(200);
    });

    it('a malformed session id without a valid session is still 401, as for any id', async () => {
      const response = await fetch(`${app.url}/api/sessions/%00`, { method: 'DELETE' });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORISED' } });
    });

    it('a well-formed session id is still looked up and ended', async () => {
      const me = await headerAccount();
      const otherSessionId = await anotherSessionOf(me);
      expect((await endSession(otherSessionId, me.accessToken)).status).toBe(204);
    });

    it('tenant ids, emails and query values with NUL or foreign bytes are a 400, never a 500', async () => {
      const me = await headerAccount();
      const password = 'correct horse battery';
      for (const tenantId of ['pub\0lic', 'public\0', '\0', 'é', 'x'.repeat(65), 'PUBLIC']) {
        for (const path of ['/auth/signup', '/auth/signin']) {
          const email = `t-${randomBytes(4).toString('hex')}@example.test`;
          const response = await send(path, { email, password, tenantId });
          expect(response.status, `${path} ${JSON.stringify(tenantId)}`).toBe(400);
          const text = await response.text();
          expect(JSON.parse(text)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
          expect(text).not.toContain('\\u0000');
        }
      }
      for (const email of ['a\0@example.test', `${me.email}\0`, 'é@example.test']) {
        for (const path of ['/auth/signup', '/auth/signin']) {
          const response = await send(path, { email, password });
          expect(response.status, `${path} ${JSON.stringify(email)}`).toBe(400);
        }
      }
      // A NUL in a password is never stored (only its hash is): a wrong password, not a 500. (Inside the
      // password: trailing NULs vanish in scrypt's HMAC key padding, so `${password}\0` would sign in.)
      expect((await send('/auth/signin', { email: me.email, password: `correct\0horse battery` })).status).toBe(401);
      for (const query of ['?tenant=%00', '?tenant=all%00', '?scope=%00']) {
        const method = query.startsWith('?scope') ? 'DELETE' : 'GET';
        const response = await fetch(`${app.url}/api/sessions${query}`, { method, ...bearer(me.accessToken) });
        expect(response.status, query).toBe(400);
      }
    });
  });
}
