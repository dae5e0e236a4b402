/**
 * The request-path bench's floor (bench/node-http-server.ts) must answer `GET /api/me` with the
 * bytes the bare Express baseline sends, or "× node:http" would compare different responses.
 * Both run from dist/ (`npm run build:server`), as the bench runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARE_SCRIPT, NODE_HTTP_SCRIPT, startTarget } from '../../bench/lib/child.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';

let bare: ServerProcess;
let floor: ServerProcess;

beforeAll(async () => {
  bare = await startTarget({ name: 'bare', script: BARE_SCRIPT });
  floor = await startTarget({ name: 'node-http', script: NODE_HTTP_SCRIPT });
});

afterAll(async () => {
  await bare?.stop();
  await floor?.stop();
});

async function answer(server: ServerProcess) {
  const response = await fetch(`${server.url}/api/me`);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

describe('the plain node:http floor target', () => {
  it('answers GET /api/me with the same status, headers (but Date) and body as bare Express', async () => {
    const expected = await answer(bare);
    expect(expected.headers['x-powered-by']).toBe('Express');
    expect(await answer(floor)).toEqual(expected);
  });
});
