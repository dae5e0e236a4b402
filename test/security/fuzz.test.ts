/**
 * Property-based fuzzing of the whole HTTP surface with fast-check: random methods, paths, query
 * strings, JSON and non-JSON bodies, content types, cookies, Authorization headers and origins
 * are thrown at every endpoint. Whatever arrives, the server must:
 *   - never answer 500 (or anything 5xx),
 *   - answer every 4xx with the contract's `{error: {code, message}}` and nothing else,
 *   - never change state without a valid session: no user or session appears unless a sign-up or
 *     sign-in answered 2xx, and the victim's sessions survive every request that did not come
 *     with a valid session from an allowed origin (the fuzzer never sends one).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../server/testing/test-app.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { itLeavesNoSecretInTheLogs, rememberSecret, startTarget } from './attack-kit.ts';

// The same attacks on every store engine (issue 16): SQLite in memory and a fresh PostgreSQL schema.
describe.each(ENGINES)('on %s', (engine) => {
  let h: TestApp;
  let victim: AppAccount;
  let apiVictim: AppAccount;
  let runs = 0;

  beforeAll(async () => {
    h = await startTarget({}, { engine });
    await h.store.insertTenant({ id: 'acme', createdAt: h.clock.now });
    victim = await h.signUp({ email: 'fuzz-victim@example.test', password: 'fuzz-victim-password' });
    apiVictim = await h.signUp({
      mode: 'header',
      email: 'fuzz-api-victim@example.test',
      password: 'fuzz-api-victim-pw',
    });
    // A second device of the victim's, not yet acknowledged: a fuzzed acknowledge must not answer for them.
    await h.signIn(victim.email, victim.password);
  });
  afterAll(async () => h.close());

  interface State {
    users: number;
    sessions: number;
    victimSessions: string[];
    /** What the victims said about their devices: names and acknowledgements, by session id. */
    victimDeviceFacts: Map<string, string>;
  }

  /** Counted in the engine directly (`h.query`), so that counting does not go through the code under test. */
  async function state(): Promise<State> {
    const count = async (table: string) =>
      Number((await h.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
    const users = await count('users');
    const sessions = await count('sessions');
    const victimRows = await h.query<{ id: string }>('SELECT id FROM sessions WHERE user_id IN (?, ?) ORDER BY id', [
      victim.userId,
      apiVictim.userId,
    ]);
    const victimSessions = victimRows.map((row) => row.id);
    const factRows = await h.query<{ id: string; label: string | null; new_device: number | string }>(
      'SELECT id, label, new_device FROM sessions WHERE user_id IN (?, ?)',
      [victim.userId, apiVictim.userId],
    );
    const victimDeviceFacts = new Map(factRows.map((row) => [row.id, `${row.label}|${Number(row.new_device)}`]));
    return { users, sessions, victimSessions, victimDeviceFacts };
  }

  const ENDPOINTS: [string, string][] = [
    ['POST', '/auth/signup'],
    ['POST', '/auth/signin'],
    ['POST', '/auth/session/refresh'],
    ['POST', '/auth/signout'],
    ['POST', '/auth/reauthenticate'],
    ['POST', '/auth/password'],
    ['GET', '/api/me'],
    ['GET', '/api/sessions'],
    ['DELETE', '/api/sessions'],
    ['DELETE', '/api/sessions/:id'],
    ['PATCH', '/api/sessions/:id'],
    ['POST', '/api/sessions/:id/acknowledge'],
    ['GET', '/api/sessions/history'],
    ['GET', '/api/events'],
    ['GET', '/.well-known/jwks.json'],
    ['GET', '/healthz'],
    ['GET', '/openapi.json'],
  ];

  const printable = (maxLength: number) =>
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

  /** JSON bodies shaped like the contract's, with every field of any type, plus strangers. */
  const contractish = fc.dictionary(
    fc.constantFrom(
      'email',
      'password',
      'tenantId',
      'currentPassword',
      'newPassword',
      'signOutOtherDevices',
      'label',
      '__proto__',
      'constructor',
      'scope',
    ),
    fc.oneof(
      fc.constantFrom(
        'fuzz-victim@example.test',
        'fuzz-victim-password',
        'public',
        'acme',
        '',
        'x'.repeat(10_000),
        true,
        null,
        0,
        -1,
        1e308,
      ),
      fc.emailAddress(),
      fc.string({ maxLength: 40 }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    { maxKeys: 5 },
  );

  /** Bodies that a sign-up may accept, so that the "state changes only with a 2xx" branch is exercised too. */
  const plausibleSignUp = fc
    .record(
      {
        email: fc.oneof(
          fc.stringMatching(/^[a-z0-9._-]{1,16}@[a-z]{1,10}\.(test|example)$/),
          fc.emailAddress({ size: 'small' }),
        ),
        password: fc.string({ minLength: 8, maxLength: 40 }),
        tenantId: fc.constantFrom('public', 'acme', 'nope'),
      },
      { requiredKeys: ['email', 'password'] },
    )
    .map((value) => JSON.stringify(value));

  const bodyArb = fc.oneof(
    { weight: 2, arbitrary: plausibleSignUp },
    { weight: 3, arbitrary: contractish.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"email":',
        'null',
        '[]',
        '"x"',
        '{"a":1}'.repeat(3000),
        '\uFEFF{}',
        '{"__proto__":{"admin":true}}',
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

  const contentTypeArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant('application/json') },
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'Application/JSON',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/vnd.api+json',
      'application/json, text/plain',
      '',
    ),
    printable(60),
    fc.constant(undefined),
  );

  /**
   * Credentials that are never a valid session: junk, forged or tampered tokens, or a valid cookie from a foreign
   * origin.
   */
  function credentialArb(): fc.Arbitrary<Record<string, string>> {
    const tampered = fc.constantFrom(
      `${apiVictim.accessToken.slice(0, -6)}AAAAAA`,
      `${apiVictim.accessToken.split('.').slice(0, 2).join('.')}.`,
      `eyJhbGciOiJub25lIn0.${apiVictim.accessToken.split('.')[1]}.`,
      `scrt_${'A'.repeat(43)}`,
    );
    return fc.oneof(
      fc.constant({}),
      fc.record({
        authorization: fc.oneof(
          printable(120),
          tampered.map((token) => `Bearer ${token}`),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            'Basic Zm9vOmJhcg==',
            `Token ${apiVictim.accessToken}`,
            `Bearer ${apiVictim.accessToken}.x`,
            `Bearer ${apiVictim.accessToken.toUpperCase()}`,
          ),
        ),
      }),
      fc.record({
        cookie: fc.oneof(
          printable(200),
          tampered.map((token) => `sc_access=${token}; sc_refresh=${token}`),
          fc.constantFrom(
            'sc_access=; sc_refresh=',
            'sc_access=%ZZ',
            `sc_access=${'a'.repeat(9000)}`,
            '=; ;=;;',
            '__Host-sc_access=x',
          ),
        ),
      }),
      // The victim's genuine cookies, from somewhere that is not allowed: CSRF.
      fc.record({
        cookie: fc.constant(victim.jar.all()),
        origin: fc.oneof(
          fc.constantFrom(
            'https://evil.example',
            'null',
            `http://127.0.0.1:${h.port}.evil.com`,
            'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          ),
          fc.webUrl().map((url) => new URL(url).origin),
        ),
      }),
    );
  }

  const extraHeadersArb = fc.record(
    {
      'x-auth-mode': fc.oneof(fc.constant('header'), printable(20)),
      'x-forwarded-for': printable(60),
      'user-agent': printable(300),
      accept: fc.constantFrom('text/html', '*/*', 'application/json', 'image/png'),
      'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET'),
      'x-tenant-id': fc.constantFrom('acme', 'public', '../'),
      'content-encoding': fc.constantFrom('gzip', 'identity', 'br', 'x-junk'),
    },
    { requiredKeys: [] },
  );

  const pathArb = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...ENDPOINTS.map(([, path]) => path))
        .chain((path) =>
          fc.constantFrom(
            path.replace(':id', 'AAAAAAAAAAAAAAAAAAAAAAAA'),
            path.replace(':id', encodeURIComponent('<x>')),
            path,
          ),
        ),
    },
    { weight: 1, arbitrary: fc.webPath() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '/api/sessions/%',
        '/api/sessions/%E0%A4%A',
        '/api//sessions',
        '/API/ME',
        '/auth/signin/',
        '/.well-known/../api/me',
        '/api/sessions/..%2f..%2fhealthz',
        '/%2e%2e/etc/passwd',
      ),
    },
  );

  /** A function: the victim's token exists only once beforeAll has run. */
  const queryArb = () =>
    fc.oneof(
      fc.constant(''),
      fc.webQueryParameters().map((query) => (query === '' ? '' : `?${query}`)),
      fc.constantFrom(
        '?scope=all',
        '?scope=others',
        '?scope=',
        '?scope=all&scope=others',
        '?tenant=all',
        '?tenant=acme',
        '?scope[]=all',
        '?scope[a]=b',
        `?access_token=${apiVictim.accessToken}`,
      ),
    );

  const requestArb = () =>
    fc.record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constant<string | null>(null) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD') },
      ),
      path: pathArb,
      query: queryArb(),
      body: bodyArb,
      contentType: contentTypeArb,
      credentials: credentialArb(),
      extra: extraHeadersArb,
    });

  interface FuzzRequest {
    /** null: the endpoint's own method. */
    method: string | null;
    path: string;
    query: string;
    body: string | undefined;
    contentType: string | undefined;
    credentials: Record<string, string>;
    extra: Record<string, string>;
  }

  /** How often each status came back, to show the fuzzer reached past the front door. */
  const statusCounts = new Map<number, number>();

  /** Sends one fuzzed request and checks the invariants; returns a description for failures. */
  async function sendAndCheck(request: FuzzRequest): Promise<void> {
    runs += 1;
    // Keep the rate limits from turning every answer into 429 for the rest of the run.
    h.clock.advance(20_000);
    const exactly = ([, path]: [string, string]) =>
      new RegExp(`^${path.replace(/[.]/g, '\\.').replace(':id', '[^/]*')}$`).test(request.path);
    const method =
      request.method ??
      (ENDPOINTS.find(exactly) ??
        ENDPOINTS.find(([, path]) => request.path.startsWith(path.replace('/:id', ''))))?.[0] ??
      'GET';
    const headers: Record<string, string> = { ...request.extra, ...request.credentials };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    const canHaveBody = method !== 'GET' && method !== 'HEAD';
    const before = await state();
    let emailInBody: string | null = null;
    try {
      const parsed = request.body === undefined ? null : (JSON.parse(request.body) as unknown);
      if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { email?: unknown }).email === 'string')
        emailInBody = (parsed as { email: string }).email;
    } catch {
      emailInBody = null;
    }
    const response = await fetch(`${h.url}${request.path}${request.query}`, {
      method,
      headers,
      ...(canHaveBody && request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
    });
    // A stream opened with a genuine session (a GET changes nothing, whatever its origin) never
    // ends by itself: look at its head, then hang up.
    const streaming = response.headers.get('content-type') === 'text/event-stream';
    if (streaming) await response.body?.cancel();
    const text = streaming ? '' : await response.text();
    statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
    const after = await state();
    const where = `${method} ${request.path}${request.query} → ${response.status} ${text.slice(0, 200)}`;

    expect(response.status, where).toBeLessThan(500);
    expect(response.status, where).toBeGreaterThanOrEqual(200);
    expect(
      [...response.headers.keys()].filter((name) => name.startsWith('access-control-')),
      where,
    ).toEqual([]);
    if (response.status >= 400 && method !== 'HEAD') {
      expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(Object.keys(body), where).toEqual(['error']);
      expect(Object.keys(body.error ?? {}).sort(), where).toEqual(['code', 'message']);
      expect(ERROR_CODES, where).toContain(body.error?.code);
      expect(typeof body.error?.message, where).toBe('string');
      expect(String(body.error?.message), where).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    }
    expect(text, where).not.toContain(apiVictim.refreshToken);
    // State: new users and sessions only come with a 2xx sign-up/sign-in (the fuzzer may guess the
    // victim's password, which is a genuine sign-in); nothing else ever ends or adds a session.
    const signedUpOrIn =
      response.status < 300 &&
      method === 'POST' &&
      (request.path === '/auth/signup' || request.path === '/auth/signin');
    // Device names and acknowledgements change only with a valid session, which the fuzzer never has.
    for (const [id, facts] of before.victimDeviceFacts) expect(after.victimDeviceFacts.get(id), where).toBe(facts);
    if (signedUpOrIn) expect(after.victimSessions, where).toEqual(expect.arrayContaining(before.victimSessions));
    else expect(after.victimSessions, where).toEqual(before.victimSessions);
    if (!signedUpOrIn) {
      expect(after.users, where).toBe(before.users);
      expect(after.sessions, where).toBeLessThanOrEqual(before.sessions);
      if (after.sessions < before.sessions) throw new Error(`${where}: a session ended without a valid session`);
    } else if (emailInBody !== null) {
      expect(await h.store.findUserByEmail(emailInBody.trim().toLowerCase()), where).not.toBeNull();
      // A password that opened an account is a real secret: the log scan looks for it too.
      rememberSecret((JSON.parse(request.body ?? '{}') as { password?: string }).password);
      const issued = (JSON.parse(text) as { tokens?: { accessToken: string; refreshToken: string } }).tokens;
      rememberSecret(issued?.accessToken);
      rememberSecret(issued?.refreshToken);
      for (const line of response.headers.getSetCookie())
        rememberSecret(decodeURIComponent(line.split(';')[0]?.split('=').slice(1).join('=') ?? ''));
    }
  }

  describe('fuzzing the HTTP surface', () => {
    it('random requests to all endpoints: no 5xx, error shape, no state change without a valid session', async () => {
      await fc.assert(fc.asyncProperty(requestArb(), sendAndCheck), { numRuns: 500 });
    }, 60_000);

    it('random JSON bodies: no 5xx, always the error shape, no state change without a valid session', async () => {
      const bodyEndpoints = ['/auth/signup', '/auth/signin', '/auth/reauthenticate', '/auth/password'];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...bodyEndpoints),
          bodyArb,
          contentTypeArb,
          fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: credentialArb() }),
          async (path, body, contentType, credentials) =>
            sendAndCheck({ method: 'POST', path, query: '', body, contentType, credentials, extra: {} }),
        ),
        { numRuns: 250 },
      );
    }, 60_000);

    it('random cookies and Authorization headers on session endpoints never authenticate or end sessions', async () => {
      const sessionEndpoints: [string, string][] = [
        ['GET', '/api/me'],
        ['GET', '/api/sessions'],
        ['DELETE', `/api/sessions/${victim.sessionId}`],
        ['DELETE', `/api/sessions/${apiVictim.sessionId}`],
        ['PATCH', `/api/sessions/${victim.sessionId}`],
        ['POST', `/api/sessions/${victim.sessionId}/acknowledge`],
        ['POST', `/api/sessions/${apiVictim.sessionId}/acknowledge`],
        ['DELETE', '/api/sessions?scope=all'],
        ['POST', '/auth/signout'],
        ['POST', '/auth/session/refresh'],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...sessionEndpoints),
          credentialArb(),
          extraHeadersArb,
          async ([method, target], credentials, extra) => {
            const [path = '', query = ''] = target.split('?');
            await sendAndCheck({
              method,
              path,
              query: query === '' ? '' : `?${query}`,
              body: undefined,
              contentType: undefined,
              credentials,
              extra,
            });
            const me = await fetch(`${h.url}/api/me`, { headers: credentials });
            // No fuzzed credential is ever a session (a genuine cookie from a foreign origin is fine for a GET).
            if (credentials.origin === undefined) expect(me.status).toBe(401);
            await me.arrayBuffer();
          },
        ),
        { numRuns: 250 },
      );
    }, 60_000);

    it('ran every fuzz case, and the victims’ sessions are all still alive at the end', async () => {
      expect(runs).toBeGreaterThanOrEqual(1000);
      // The fuzzer got answers of many kinds, successes included, not only one refusal.
      expect([...statusCounts.keys()].filter((status) => status < 300).length).toBeGreaterThan(0);
      expect([...statusCounts.keys()].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(5);
      expect((await state()).victimSessions).toEqual(expect.arrayContaining([victim.sessionId, apiVictim.sessionId]));
      const me = await fetch(`${h.url}/api/me`, { headers: { authorization: `Bearer ${apiVictim.accessToken}` } });
      // The fake clock moved on by hours, so the access token has expired; the session itself has not.
      expect([200, 401]).toContain(me.status);
      expect(await h.store.findSessionById(apiVictim.sessionId)).not.toBeNull();
    });
  });
});

itLeavesNoSecretInTheLogs();
