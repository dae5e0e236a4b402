import { describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';
import { signOutThisDevice } from './sign-out-this-device.ts';

function fake() {
  return createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
}

describe('signOutThisDevice', () => {
  it('signs out and reports nothing to say', async () => {
    const client = fake();
    expect(await signOutThisDevice(client.client)).toBeNull();
    expect(client.calls).toEqual(['signOut']);
  });

  it('counts a session that was already over (401) as signed out', async () => {
    const client = fake();
    client.failNext('signOut', { code: 'UNAUTHORISED', message: 'There was no session to sign out of.', status: 401 });
    expect(await signOutThisDevice(client.client)).toBeNull();
  });

  it('says why when the server could not sign the device out', async () => {
    const client = fake();
    client.failNext('signOut', { code: 'SERVICE_UNAVAILABLE', message: 'Store down.', status: 503 });
    expect(await signOutThisDevice(client.client)).toBe(
      'Could not sign out. Session Control is busy or starting up. Try again in a moment.',
    );
  });
});
