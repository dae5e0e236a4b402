import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.close();
});

async function send(path: string, body: string, contentType?: string) {
  return app
    .client()
    .request('POST', path, { body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
}

function expectError(response: { status: number; body: unknown; headers: Headers }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(errorBodySchema.parse(response.body).error.code).toBe(code);
}

describe('the error shape on bad input', () => {
  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    expectError(await send('/auth/signin', '{"email": ', 'application/json'), 400, 'BAD_REQUEST');
    expectError(await send('/auth/signin', 'null', 'application/json'), 400, 'BAD_REQUEST');
  });

  it('answers a body over 16 KiB with 413, and reads one just under it', async () => {
    const big = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(17 * 1024) });
    expectError(await send('/auth/signin', big, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
    const justUnder = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(16 * 1024 - 60) });
    expect(justUnder.length).toBeLessThanOrEqual(16 * 1024);
    expectError(await send('/auth/signin', justUnder, 'application/json'), 400, 'BAD_REQUEST');
  });

  it('answers other content types with 415', async () => {
    const json = JSON.stringify({ email: 'a@example.test', password: 'long enough' });
    expectError(await send('/auth/signup', json, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await send('/auth/signup', 'email=a%40example.test&password=x', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await send('/auth/signup', json, 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await app.store.findUserByEmail('a@example.test')).toBeNull();
  });

  it('answers unknown fields with 400 and does not create the account', async () => {
    const response = await app
      .client()
      .post('/auth/signup', { email: 'u@example.test', password: 'long enough', isAdmin: true });
    expectError(response, 400, 'BAD_REQUEST');
    // Says what is wrong without repeating the client's text (issue 16).
    expect(errorBodySchema.parse(response.body).error.message).toBe('unknown field');
    expect(await app.store.findUserByEmail('u@example.test')).toBeNull();
  });

  it.each([
    ['an array', ['a@example.test']],
    ['an object', { nested: 'a@example.test' }],
    ['a number', 42],
    ['a 10 KB string', `${'a'.repeat(10_000)}@example.test`],
    ['null', null],
  ])('answers %s where the email string goes with 400, never echoing it', async (_name, email) => {
    const response = await app.client().post('/auth/signup', { email, password: 'long enough' });
    expectError(response, 400, 'BAD_REQUEST');
    expect(JSON.stringify(response.body).length).toBeLessThan(600);
  });

  it('answers a top-level array body with 400', async () => {
    expectError(await send('/auth/signin', '[]', 'application/json'), 400, 'BAD_REQUEST');
  });

  it('answers unknown routes with a JSON 404, for every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      expectError(await app.client().request(method, '/no/such/route', { origin: null }), 404, 'NOT_FOUND');
    }
  });

  it('answers a malformed percent-escape in the path with 400, not a stack trace', async () => {
    const { client } = await app.signUp();
    const response = await client.delete('/api/sessions/%E0%A4%A');
    expect([400, 404]).toContain(response.status);
    expect(errorBodySchema.safeParse(response.body).success).toBe(true);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js|Error:/);
  });

  it('sends security headers and no-store on API answers', async () => {
    const response = await app.client().get('/api/me');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
