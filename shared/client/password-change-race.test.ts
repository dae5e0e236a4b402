import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.ts';
import { errorResponse, fakeFetch, fixtureSession, json } from './fake-fetch.ts';

// Seen in the dashboard e2e after devices landed: the password change ends this device's old
// session and the live events about it make the page reload, so a list request can carry the old
// cookie and meet 401 before the change's answer (with the new cookie) is in. That is not the end.
describe('a request during this device’s own password change', () => {
  it('is sent again once the change is done, instead of ending the session', async () => {
    let changed = false;
    let finishChange = (): void => undefined;
    const changeAnswered = new Promise<void>((resolve) => (finishChange = resolve));
    const network = fakeFetch(async (request) => {
      if (request.path === '/auth/password') {
        await changeAnswered;
        changed = true;
        return json(200, { session: fixtureSession, revoked: 2 });
      }
      // Sent with the old cookie: its 401 arrives only after the change's answer, as in the browser.
      const withOldCookie = !changed;
      if (withOldCookie) {
        await changeAnswered;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return errorResponse(401, 'UNAUTHORISED');
      }
      return json(200, { sessions: [fixtureSession] });
    });
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });
    const ends: string[] = [];
    client.onSessionEnded((code) => ends.push(code));

    const change = client.changePassword({
      currentPassword: 'old one',
      newPassword: 'a new one!',
      signOutOtherDevices: true,
    });
    const list = client.listSessions();
    setTimeout(finishChange, 20);

    expect((await change).data?.revoked).toBe(2);
    expect((await list).data?.sessions).toHaveLength(1);
    expect(ends).toEqual([]);
    expect(network.requests.map((request) => request.path)).toEqual([
      '/auth/password',
      '/api/sessions',
      '/api/sessions',
    ]);
  });

  it('still ends the session when the change itself is refused as signed out', async () => {
    const network = fakeFetch(() => errorResponse(401, 'UNAUTHORISED'));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });
    const ends: string[] = [];
    client.onSessionEnded((code) => ends.push(code));

    const result = await client.changePassword({
      currentPassword: 'x',
      newPassword: 'a new one!',
      signOutOtherDevices: false,
    });

    expect(result.error?.code).toBe('UNAUTHORISED');
    expect(ends).toEqual(['UNAUTHORISED']);
  });
});
