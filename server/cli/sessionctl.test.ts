import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { COMMANDS, NotFoundError } from './sessionctl.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

function command(name: string) {
  const found = COMMANDS.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return (positionals: string[], options: Record<string, string | boolean> = {}, input = '') =>
    found.run(app.ctx, positionals, options, async () => input);
}

describe('sessionctl commands', () => {
  it("lists a user's sessions by email, and revokes one so its next request is refused", async () => {
    const { client, email, sessionId } = await app.signUp();
    expect(await command('list')([email])).toContain(sessionId);
    expect(await command('revoke')([sessionId])).toBe(`Revoked session ${sessionId}.`);
    expect((await client.get('/api/me')).status).toBe(401);
    await expect(command('revoke')([sessionId])).rejects.toThrow(NotFoundError);
  });

  it('revokes all of a user’s sessions, optionally in one tenant', async () => {
    await command('add-tenant')(['acme']);
    const { email, password, userId } = await app.signUp();
    await app.store.addUserToTenant(userId, 'acme');
    await app.signIn(email, password, { tenantId: 'acme' });
    await app.signIn(email, password);
    expect(await command('revoke-all')([email], { tenant: 'acme' })).toMatch(/Revoked 1 session .* in tenant acme/);
    expect(await command('revoke-all')([userId])).toMatch(/Revoked 2 sessions/);
    expect(await app.store.listSessionsByUser(userId, app.clock.now)).toEqual([]);
  });

  it('revokes the sessions of every user only when confirmed, and then nobody stays signed in', async () => {
    const first = await app.signUp();
    const second = await app.signUp();
    await expect(command('revoke-everyone')([], {})).rejects.toThrow(/--yes/);
    expect((await first.client.get('/api/me')).status).toBe(200);
    expect(await command('revoke-everyone')([], { yes: true })).toBe('Revoked 2 sessions.');
    expect((await first.client.get('/api/me')).status).toBe(401);
    expect((await second.client.get('/api/me')).status).toBe(401);
  });

  it('adds a user with a password from stdin who can then sign in', async () => {
    expect(await command('add-user')(['new@example.test'], { 'password-stdin': true }, 'a fine password\n')).toMatch(
      /Created user/,
    );
    expect(
      (await app.client().post('/auth/signin', { email: 'new@example.test', password: 'a fine password' })).status,
    ).toBe(200);
  });

  it('disables a user, ending every session at once', async () => {
    const { client, email } = await app.signUp();
    expect(await command('disable-user')([email])).toMatch(/Disabled .* revoked 1 session/);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('prints JSON with --json and no secret in it', async () => {
    const { email } = await app.signUp();
    const output = await command('list')([email], { json: true });
    const parsed = JSON.parse(output) as { sessions: unknown[] };
    expect(parsed.sessions).toHaveLength(1);
    expect(output).not.toMatch(/scrt_|eyJ|password/i);
  });
});

describe('sessionctl on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, PASSWORD_HASH_COST: 'test' },
    });

  it('exits 2 with one line on bad usage', () => {
    for (const args of [['frobnicate'], ['list'], ['list', 'a@b.c', '--bogus'], ['add-tenant', 'Not Valid']]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints help for each command', () => {
    for (const name of ['list', 'revoke', 'revoke-all', 'add-user', 'add-tenant']) {
      const result = run(name, '--help');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: sessionctl ${name}`);
    }
  });
});
