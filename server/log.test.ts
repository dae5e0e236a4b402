import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

describe('structured logs', () => {
  it('writes one JSON line per event with time, level and event', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line), now: () => 0 });
    log.info('session.created', { sessionId: 'abc' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      event: 'session.created',
      sessionId: 'abc',
    });
  });

  it('never writes a token, password or cookie, even when a call site passes one', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
    const refresh = `scrt_${'a'.repeat(43)}`;
    log.warn('oops', {
      password: 'hunter22',
      accessToken: jwt,
      nested: { cookie: 'sc_access=1', note: `saw ${refresh} and ${jwt}` },
      error: new Error(`bad ${jwt}`),
    });
    const output = lines.join('\n');
    expect(output).not.toContain('hunter22');
    expect(output).not.toContain(jwt);
    expect(output).not.toContain(refresh);
    expect(output).not.toContain('sc_access=1');
    expect(output).toContain('[redacted]');
  });

  it('drops events below the level', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line), level: 'warn' }).info('quiet');
    expect(lines).toEqual([]);
  });
});
