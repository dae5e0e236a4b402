import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { findLiveSession, revokeEveryone, revokeSessionsById } from './operators.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

describe('operators and host code', () => {
  it('treat a string that cannot be a session id (a NUL, too long) as no session, without a store call', async () => {
    const person = await app.signUp();
    const lookups = vi.spyOn(app.store, 'findSessionById');
    const deletes = vi.spyOn(app.store, 'endSessions');
    for (const id of ['\u0000', `${person.sessionId}\u0000`, 'x'.repeat(10_000)]) {
      expect(await findLiveSession(app.ctx, id)).toBeNull();
      expect(await revokeSessionsById(app.ctx, [id], 'revoked-offline')).toEqual([]);
    }
    expect(lookups).not.toHaveBeenCalled();
    expect(deletes).not.toHaveBeenCalled();
    expect(await findLiveSession(app.ctx, person.sessionId)).not.toBeNull();
  });

  it('revoke everyone ends every session through the one revocation path, logging each', async () => {
    const logged = await startApp({ captureLogs: [] });
    try {
      const a = await logged.signUp();
      const b = await logged.signUp();
      expect(await revokeEveryone(logged.ctx, undefined, 'test')).toBe(2);
      const revoked = logged.logs.map(
        (line) => JSON.parse(line) as { event: string; sessionId?: string; reason?: string },
      );
      const ended = revoked
        .filter((line) => line.event === 'session.revoked')
        .map((line) => [line.sessionId, line.reason]);
      expect(ended).toEqual(
        expect.arrayContaining([
          [a.sessionId, 'revoked-everyone'],
          [b.sessionId, 'revoked-everyone'],
        ]),
      );
      expect((await logged.client().get('/api/me')).status).toBe(401);
    } finally {
      await logged.close();
    }
  });
});
