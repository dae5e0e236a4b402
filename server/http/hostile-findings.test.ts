/**
 * Issue 16, minor findings: error messages never echo what was sent, and hashed dashboard assets
 * are cacheable for a year while every API answer stays no-store.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { DASHBOARD_CSP } from './security-headers.ts';

const MARKER = 'zzEchoMarker';

describe('regression issue 16: error messages never echo what was sent', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => app.close());

  it('an unknown field is refused with 400 without naming it', async () => {
    const body = { email: 'echo@example.test', password: 'correct horse battery', [`${MARKER}Field`]: 1 };
    for (const path of ['/auth/signup', '/auth/signin']) {
      const response = await app.client().post(path, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'unknown field' } });
      expect(JSON.stringify(response.body)).not.toContain(MARKER);
    }
  });

  it('an unknown query parameter is refused with 400 without naming it', async () => {
    const { client } = await app.signUp();
    const response = await client.get(`/api/sessions?${MARKER}=1&other${MARKER}=2`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'unknown fields' } });
    expect(JSON.stringify(response.body)).not.toContain(MARKER);
  });

  it('a tenant that does not exist is refused with 400 without naming it', async () => {
    const tenantId = MARKER.toLowerCase();
    const body = { email: 'tenant@example.test', password: 'correct horse battery', tenantId };
    const response = await app.client().post('/auth/signup', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(response.body)).not.toContain(tenantId);
    expect(await app.store.findUserByEmail('tenant@example.test')).toBeNull();
  });

  it('values of the wrong shape are refused without repeating them', async () => {
    const { client } = await app.signUp();
    const answers = [
      await app.client().post('/auth/signup', { email: `${MARKER}<b>`, password: 'correct horse battery' }),
      await app.client().post('/auth/signup', { email: 's@example.test', password: 'long enough', tenantId: MARKER }),
      await client.delete(`/api/sessions?scope=${MARKER}`),
      await client.get(`/api/sessions?tenant=${MARKER}`),
      await client.delete(`/api/sessions/${MARKER}`),
    ];
    for (const response of answers) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(response.body)).not.toContain(MARKER);
    }
  });
});

describe('regression issue 16: hashed dashboard assets are cached for a year, API answers never', () => {
  let app: TestApp;
  let dashboardDir: string;
  beforeAll(async () => {
    dashboardDir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(dashboardDir, 'assets'));
    writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Session Control</title>');
    writeFileSync(join(dashboardDir, 'assets', 'index-3f9a1c2b.js'), 'console.log(1);');
    app = await startApp({ env: { DASHBOARD_DIR: dashboardDir } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  it('serves a hashed asset with Cache-Control public, max-age=31536000, immutable and the dashboard CSP', async () => {
    const response = await fetch(`${app.url}/assets/index-3f9a1c2b.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps no-store on a missing asset, on API answers and on errors, and no-cache on the page', async () => {
    const missing = await fetch(`${app.url}/assets/nope-00000000.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/me', '/api/sessions', '/healthz', '/nowhere']) {
      expect((await fetch(`${app.url}${path}`)).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await fetch(`${app.url}/`)).headers.get('cache-control')).toBe('no-cache');
  });
});
