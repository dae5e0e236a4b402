import { describe, expect, it, vi } from 'vitest';
import type { NewSignInEvent } from '../schemas.ts';
import { createApiClient, createMemoryTokenStore } from './api-client.ts';
import {
  errorResponse,
  fakeEventStream,
  fakeFetch,
  fixtureSession,
  fixtureTokens,
  fixtureUser,
  json,
} from './fake-fetch.ts';

const stranger = {
  ...fixtureSession,
  id: 'sess-new-device-000000',
  current: false,
  newDevice: true,
  device: { ...fixtureSession.device, name: 'Firefox on Windows', browser: 'Firefox', os: 'Windows' },
  location: { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' },
};

describe('naming and answering for devices', () => {
  it('renames with PATCH {label} and acknowledges with POST …/acknowledge, cookies included', async () => {
    const network = fakeFetch((request) => {
      if (request.method === 'PATCH') {
        const body = request.body as { label: string | null };
        return json(200, { session: { ...stranger, device: { ...stranger.device, label: body.label } } });
      }
      return new Response(null, { status: 204 });
    });
    const client = createApiClient({ baseUrl: 'http://server.test/', fetch: network.fetch });

    const renamed = await client.renameSession('a/b', 'Work laptop');
    expect(renamed.data?.session.device.label).toBe('Work laptop');
    expect(await client.renameSession(stranger.id, null)).toMatchObject({ error: null });
    expect(await client.acknowledgeSession(stranger.id)).toEqual({ data: {}, error: null });

    expect(network.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PATCH /api/sessions/a%2Fb',
      `PATCH /api/sessions/${stranger.id}`,
      `POST /api/sessions/${stranger.id}/acknowledge`,
    ]);
    expect(network.requests.map((request) => request.body)).toEqual([
      { label: 'Work laptop' },
      { label: null },
      undefined,
    ]);
    expect(network.requests.every((request) => request.credentials === 'include')).toBe(true);
    expect(network.requests[0]?.headers.get('Content-Type')).toBe('application/json');
  });

  it('hands on the server’s own sentence for a bad name, and SESSION_NOT_FOUND as a value', async () => {
    const network = fakeFetch((request) =>
      request.method === 'PATCH'
        ? errorResponse(400, 'BAD_REQUEST', 'A name is 1 to 40 characters.')
        : errorResponse(404, 'SESSION_NOT_FOUND', 'No such session.'),
    );
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    expect((await client.renameSession(stranger.id, ' ')).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'A name is 1 to 40 characters.',
      status: 400,
    });
    expect((await client.acknowledgeSession(stranger.id)).error?.code).toBe('SESSION_NOT_FOUND');
  });

  it('tells onNewSignIn about a new-sign-in event, with newCountry, and skips malformed ones', async () => {
    const stream = fakeEventStream();
    const network = fakeFetch(() => stream.response);
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch, onlineTarget: null });
    const onNewSignIn = vi.fn();
    const stop = client.subscribeEvents({ onNewSignIn });
    const event: NewSignInEvent = { session: stranger, newCountry: true };

    await vi.waitFor(() => expect(network.requests).toHaveLength(1));
    stream.send('event: new-sign-in\ndata: {"session":{"id":"x"}}\n\n');
    stream.send('event: new-sign-in\ndata: <b>\n\n');
    stream.send(`id: 3\nevent: new-sign-in\ndata: ${JSON.stringify(event)}\n\n`);
    stream.send(`id: 4\nevent: new-sign-in\ndata: ${JSON.stringify({ session: stranger })}\n\n`);

    await vi.waitFor(() => expect(onNewSignIn).toHaveBeenCalledTimes(2));
    expect(onNewSignIn.mock.calls).toEqual([[event], [{ session: stranger }]]);
    stop();
  });

  it('keeps the device token of header mode across sign-out and sends it back as X-Device-Token', async () => {
    const network = fakeFetch((request) =>
      request.path === '/auth/signout'
        ? json(200, {})
        : json(200, { user: fixtureUser, session: fixtureSession, tokens: { ...fixtureTokens, deviceToken: 'dev-1' } }),
    );
    const tokenStore = createMemoryTokenStore();
    const client = createApiClient({
      baseUrl: 'http://server.test',
      fetch: network.fetch,
      authMode: 'header',
      tokenStore,
    });
    const credentials = { email: 'ada@example.com', password: 'correct horse' };

    await client.signIn(credentials);
    await client.signOut();
    expect(await tokenStore.get()).toBeNull();
    await client.signIn(credentials);

    const sent = network.requests.map((request) => request.headers.get('X-Device-Token'));
    expect(sent).toEqual([null, null, 'dev-1']);
    expect(await tokenStore.getDeviceToken?.()).toBe('dev-1');
  });
});
