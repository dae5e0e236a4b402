import { afterEach, describe, expect, it } from 'vitest';
import { sessionEndedEventSchema } from '../../shared/schemas.ts';
import { openEvents } from '../testing/event-stream-client.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { reconcileEventStreams } from './event-reconciler.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('the event streams’ backstop (issue 11)', () => {
  it('tells an open stream its session ended when no message said so (another process, a lost NOTIFY)', async () => {
    app = await startApp();
    const phone = await app.signUp();
    const laptop = await app.signIn(phone.email, phone.password);
    const phoneStream = await openEvents(app.url, { client: phone.client });
    const laptopStream = await openEvents(app.url, { client: laptop.client });
    expect(await reconcileEventStreams(app.ctx)).toBe(0);

    // As sessionctl on the same SQLite file would: the row ends, and nothing is published here.
    const endedAt = app.clock.now;
    await app.query("UPDATE sessions SET ended_at = ?, end_reason = 'ended_by_operator' WHERE id = ?", [
      endedAt,
      phone.sessionId,
    ]);
    expect(await reconcileEventStreams(app.ctx)).toBe(1);

    const ended = await phoneStream.next('session-ended', 1_000);
    expect(sessionEndedEventSchema.parse(ended.data)).toEqual({
      sessionId: phone.sessionId,
      endReason: 'ended_by_operator',
      endedAt: new Date(endedAt).toISOString(),
      endedBy: null,
    });
    await phoneStream.ended;
    expect(laptopStream.isEnded()).toBe(false);
    expect(await reconcileEventStreams(app.ctx)).toBe(0);
    laptopStream.close();
    await laptopStream.ended;
  });
});
