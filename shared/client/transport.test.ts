import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.ts';
import { errorResponse, fakeFetch, fixtureSession as session, fixtureUser as user, json } from './fake-fetch.ts';

describe('the transport', () => {
  it('sends JSON with credentials included in cookie mode and parses the answer', async () => {
    const network = fakeFetch(() => json(200, { user, session }));
    const client = createApiClient({ baseUrl: 'http://server.test/', fetch: network.fetch });

    const result = await client.signIn({ email: 'ada@example.com', password: 'correct horse' });

    expect(result.error).toBeNull();
    expect(result.data?.user.email).toBe('ada@example.com');
    const [request] = network.requests;
    expect(request?.path).toBe('/auth/signin');
    expect(request?.credentials).toBe('include');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.headers.get('X-Auth-Mode')).toBeNull();
    expect(request?.body).toEqual({ email: 'ada@example.com', password: 'correct horse' });
  });

  it('reads Retry-After on 429 as retryAfterSeconds', async () => {
    const network = fakeFetch(() => errorResponse(429, 'RATE_LIMITED', 'Too many attempts.', { 'Retry-After': '120' }));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    const result = await client.signIn({ email: 'ada@example.com', password: 'wrong password' });

    expect(result.error).toEqual({
      code: 'RATE_LIMITED',
      message: 'Too many attempts.',
      status: 429,
      retryAfterSeconds: 120,
    });
  });

  it('reports NETWORK_ERROR when the request cannot be sent', async () => {
    const client = createApiClient({
      baseUrl: 'http://server.test',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });

    const result = await client.health();

    expect(result.error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('reports BAD_RESPONSE when the body does not match the contract', async () => {
    const leaky = { sessions: [{ ...session, refreshTokenHash: 'abc' }] };
    const network = fakeFetch((request) =>
      request.path === '/healthz' ? new Response('<html>', { status: 502 }) : json(200, leaky),
    );
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    expect((await client.listSessions()).error).toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
    expect((await client.health()).error).toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });
});
