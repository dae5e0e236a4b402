import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { startSweeper } from './sweeper.ts';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

describe('the expired-session sweeper', () => {
  it('deletes every expired session in bounded batches and keeps live ones', async () => {
    app = await startApp({ env: { REFRESH_TOKEN_TTL_SECONDS: '60' } });
    const expired = await Promise.all(Array.from({ length: 7 }, () => app.signUp()));
    app.clock.advance(61_000);
    const live = await app.signUp();
    const sweeper = startSweeper(app.ctx, { intervalMs: 3_600_000, batchSize: 3 });
    try {
      expect(await sweeper.sweepOnce()).toBe(7);
      for (const { sessionId } of expired) expect(await app.store.findSessionById(sessionId)).toBeNull();
      expect(await app.store.findSessionById(live.sessionId)).not.toBeNull();
      expect(app.logs.some((line) => line.includes('"session.swept"') && line.includes('"count":7'))).toBe(true);
    } finally {
      sweeper.stop();
    }
  });
});
