/** Ended sessions for UI tests, and the paging of GET /api/sessions/history over them. */
import type { EndedSession, HistoryResponse } from '../schemas.ts';
import type { HistoryOptions } from './api-types.ts';

/** Builds an EndedSession with sensible defaults, for tests. */
export function fakeEndedSession(
  id: string,
  overrides: Partial<EndedSession> & { deviceName?: string } = {},
): EndedSession {
  const { deviceName, ...rest } = overrides;
  return {
    id,
    tenantId: 'public',
    deviceId: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    lastActiveAt: '2026-11-27T08:00:00.000Z',
    endedAt: '2026-11-27T09:00:00.000Z',
    endReason: 'expired',
    endedBy: null,
    device: {
      name: deviceName ?? 'Firefox on Linux',
      browser: 'Firefox',
      browserVersion: '133',
      os: 'Linux',
      type: 'desktop',
      label: null,
    },
    ip: '198.51.100.4',
    location: null,
    client: 'web',
    ...rest,
  };
}

/** One page of `ended` (kept newest first), as the server pages it: the cursor is opaque. */
export function historyPage(ended: readonly EndedSession[], options: HistoryOptions = {}): HistoryResponse {
  const start = options.before ? Number(options.before.replace(/^c/, '')) : 0;
  const limit = options.limit ?? 50;
  const sessions = ended.slice(start, start + limit);
  return { sessions, next: start + limit < ended.length ? `c${start + limit}` : null };
}
