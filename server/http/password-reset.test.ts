// Issue 13 point 6: locked out is not a dead end. An operator's one-time link sets a new
// password and signs the user out everywhere, as `password_changed`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { COMMANDS } from '../cli/sessionctl.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function resetLink(email: string): Promise<{ output: string; token: string }> {
  const command = COMMANDS.find((candidate) => candidate.name === 'reset-password');
  if (command === undefined) throw new Error('no reset-password command');
  const output = await command.run(app.ctx, [email], {}, async () => '');
  const token = /#token=(scpr_[A-Za-z0-9_-]{43})$/.exec(output)?.[1];
  if (token === undefined) throw new Error(output);
  return { output, token };
}

const NEW_PASSWORD = 'a brand new password';

describe('password reset links (sessionctl reset-password)', () => {
  it('tells a locked-out person how long to wait, then lets the link set a new password', async () => {
    const { email, password, client, sessionId } = await app.signUp();
    for (let attempt = 0; attempt < 5; attempt++) await app.client().post('/auth/signin', { email, password: 'nope' });
    const locked = await app.client().post('/auth/signin', { email, password });
    expect(locked.status).toBe(429);
    expect(errorBodySchema.parse(locked.body).error.message).toBe('Too many attempts. Try again in 15 minutes.');

    const { output, token } = await resetLink(email);
    expect(output).toContain(`Send this link to ${email}`);
    expect(output).toContain(`${app.ctx.config.issuer}/reset-password#token=`);
    const reset = await app.client({ origin: app.origin }).post('/auth/password/reset', {
      token,
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ revoked: 1 });

    // The old session is over, with the reason the history shows; the old password is refused.
    expect((await client.get('/api/me')).status).toBe(401);
    const [ended] = await app.store.findEndedSessions([sessionId]);
    expect(ended?.end.reason).toBe('password_changed');
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(401);
    expect((await app.client().post('/auth/signin', { email, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('works once: the same link again is refused with a sentence, and nothing changes', async () => {
    const { email } = await app.signUp();
    const { token } = await resetLink(email);
    const origin = { origin: app.origin };
    expect((await app.client(origin).post('/auth/password/reset', { token, newPassword: NEW_PASSWORD })).status).toBe(
      200,
    );
    const again = await app.client(origin).post('/auth/password/reset', { token, newPassword: 'another password!' });
    expect(again.status).toBe(400);
    expect(errorBodySchema.parse(again.body).error.message).toBe(
      'This reset link has expired or was already used. Ask your administrator for a new one.',
    );
    expect((await app.client().post('/auth/signin', { email, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('expires after 30 minutes, and a newer link replaces an older one', async () => {
    const { email, password } = await app.signUp();
    const origin = { origin: app.origin };
    const older = await resetLink(email);
    const newer = await resetLink(email);
    const body = (token: string) => ({ token, newPassword: NEW_PASSWORD });
    expect((await app.client(origin).post('/auth/password/reset', body(older.token))).status).toBe(400);
    app.clock.advance(30 * 60_000);
    expect((await app.client(origin).post('/auth/password/reset', body(newer.token))).status).toBe(400);
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(200);
  });

  it('keeps only the hash of the token in the store, and logs no token', async () => {
    const { email } = await app.signUp();
    const { token } = await resetLink(email);
    const rows = await app.query<{ token_hash: string }>('SELECT token_hash FROM password_reset_tokens');
    expect(rows.map((row) => row.token_hash)).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token.slice(5));
    expect(app.logs.join('\n')).not.toContain(token.slice(5));
  });

  it('refuses a malformed token and a short password with the contract error shape', async () => {
    const origin = { origin: app.origin };
    const bad = await app.client(origin).post('/auth/password/reset', { token: 'x', newPassword: NEW_PASSWORD });
    expect(bad.status).toBe(400);
    const short = await app.client(origin).post('/auth/password/reset', { token: 'x', newPassword: 'short' });
    expect(errorBodySchema.parse(short.body).error.code).toBe('BAD_REQUEST');
  });
});
