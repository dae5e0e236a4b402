// Issue 13 point 7: a person's browser gets a page for every address it may guess; an API
// client keeps the contract's JSON error shape under /api and /auth.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
let app: TestApp;
let dashboardDir: string;

beforeAll(async () => {
  dashboardDir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  mkdirSync(join(dashboardDir, 'assets'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Session Control app</title>');
  app = await startApp({ env: { DASHBOARD_DIR: dashboardDir } });
});
afterAll(async () => {
  await app.close();
  rmSync(dashboardDir, { recursive: true, force: true });
});

function open(path: string, accept = BROWSER_ACCEPT): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers: { accept }, redirect: 'manual' });
}

describe('addresses a person types', () => {
  it.each(['/signup', '/account', '/account/security/', '/signin/', '/reset-password'])(
    'opens the app at %s',
    async (path) => {
      const response = await open(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('Session Control app');
    },
  );

  it('answers an unknown address with a small HTML page that links home', async () => {
    const response = await open('/settings');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('There is no page at this address');
    expect(html).toContain('<a href="/">Go to Session Control</a>');
  });

  it.each(['/api/nothing', '/api/me/', '/auth/nothing', '/.well-known/nothing'])(
    'keeps the JSON error shape at %s, even for a browser',
    async (path) => {
      const response = await open(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(errorBodySchema.parse(await response.json()).error.code).toBe('NOT_FOUND');
    },
  );

  it('keeps the JSON 404 for an API client that does not ask for HTML', async () => {
    const response = await open('/settings', 'application/json');
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(await response.json()).error.code).toBe('NOT_FOUND');
  });
});
