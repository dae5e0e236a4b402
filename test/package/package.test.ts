/**
 * The packed tarball in an empty folder (issue 17): what `npm pack` ships, plain Node ESM using
 * each server export, and a TypeScript project with "moduleResolution": "nodenext" type-checking
 * an import of every export.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedPackage, ROOT_DIR } from '../../server/testing/packed-package.ts';

const run = promisify(execFile);
const TSC = join(ROOT_DIR, 'node_modules/.bin/tsc');

const ESM_SCRIPT = `
import express from 'express';
import { createSessionControl } from 'session-control';
import { createApiClient } from 'session-control/client';
import * as forExpress from 'session-control/express';

const sc = await createSessionControl({
  env: { DATABASE_URL: 'sqlite::memory:', DASHBOARD_DIR: '' },
  basePath: '/sc',
});
const app = express();
app.use('/sc', sc.router());
app.post('/login', async (req, res) => res.json(await sc.createNewSession(req, res, 'host-user-7')));
app.get('/private', sc.verifySession(), (req, res) => res.json({ user: req.session.getUserId() }));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = 'http://127.0.0.1:' + server.address().port;
const login = await fetch(base + '/login', { method: 'POST', headers: { 'x-auth-mode': 'header' } });
const { tokens } = await login.json();
const client = createApiClient({ baseUrl: base + '/sc', authMode: 'header' });
const bearer = { authorization: 'Bearer ' + tokens.accessToken };
const page = await (await fetch(base + '/private', { headers: bearer })).json();
const listed = await (await fetch(base + '/sc/api/sessions', { headers: bearer })).json();
console.log(JSON.stringify({
  page,
  sessions: listed.sessions.length,
  express: Object.keys(forExpress).sort(),
  client: typeof client.listSessions,
}));
server.close();
await sc.close();
`;

const TS_CONFIG = JSON.stringify({
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    lib: ['es2023', 'dom'],
    types: ['node'],
  },
  include: ['*.ts'],
});

const TS_USER = `
import { createSessionControl } from 'session-control';
import type { SessionControl, SessionHooks } from 'session-control';
import { createNewSession, router, verifySession } from 'session-control/express';
import type { SessionHandle } from 'session-control/express';
import { createApiClient } from 'session-control/client';
import type { ApiClient } from 'session-control/client';
import type { DevicesStrings, SessionControlDevices } from 'session-control/element';

const hooks: SessionHooks = { onSessionEnded: ({ reason }) => console.log(reason) };
export const start = (): Promise<SessionControl> => createSessionControl({ basePath: '/sc', hooks });
export const pieces = [createNewSession, router, verifySession];
export const client: ApiClient = createApiClient({ baseUrl: '/sc' });
export const strings = (element: SessionControlDevices): DevicesStrings => element.strings;
export const user = (handle: SessionHandle): string => handle.getUserId();
`;

let dir = '';

beforeAll(async () => {
  dir = await installPackedPackage({
    name: 'sc-package-user',
    dependencies: { '@types/express': '5.0.6', '@types/node': '20.19.43' },
    files: { 'user.mjs': ESM_SCRIPT, 'tsconfig.json': TS_CONFIG, 'user.ts': TS_USER },
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the built code, types and element, and none of the tests, sources or dev tooling', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT_DIR });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const paths = (packed?.files ?? []).map((file) => file.path);
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('dist/node/server/index.d.ts');
    expect(paths).toContain('dist/element/session-control-devices.js');
    const stray = paths.filter((path) =>
      /\.test\.|\.map$|\/testing\/|fake-|^(server|shared|dashboard|extension|bench|test|scripts|element)\//.test(path),
    );
    expect(stray).toEqual([]);
  });

  it('works from plain Node ESM: a host signs its own user in and protects a route', async () => {
    const { stdout } = await run(process.execPath, ['user.mjs'], { cwd: dir });
    // Our structured log lines come first; the script's report is the last line.
    const report = stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(report)).toEqual({
      page: { user: 'host-user-7' },
      sessions: 1,
      express: ['createNewSession', 'errorHandler', 'router', 'verifySession'],
      client: 'function',
    });
    const element = join(dir, 'node_modules/session-control/dist/element/session-control-devices.js');
    expect(existsSync(element) && statSync(element).size > 0).toBe(true);
  });

  it('ships the element as one self-contained file of at most 36 KiB gzipped', () => {
    const element = readFileSync(join(dir, 'node_modules/session-control/dist/element/session-control-devices.js'));
    // No import of anything: Preact, the client and the styles are all inside.
    expect(element.toString('utf8')).not.toMatch(/\bimport\s*[{*\w"'(]|\bfrom\s*["']/);
    // The goal is 25 KiB; with the "Was this you?" alerts (issue 12) and the English and German
    // catalogs (issue 13) it is about 34 KiB (docs/integration.md): this guards against growing further.
    expect(gzipSync(element, { level: 9 }).length).toBeLessThanOrEqual(36 * 1024);
  });

  it('type-checks an import of every export with "moduleResolution": "nodenext", and refuses a misuse', async () => {
    await run(TSC, ['-p', '.'], { cwd: dir });
    writeFileSync(
      join(dir, 'misuse.ts'),
      "import { createApiClient } from 'session-control/client';\ncreateApiClient({ baseUrl: 42 });\n",
    );
    const misuse = await run(TSC, ['-p', '.'], { cwd: dir }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(misuse).toContain('misuse.ts');
  });
});
