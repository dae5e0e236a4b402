import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from './api-reference.ts';

describe('docs/api.md', () => {
  it('is what the zod schemas render today (run npm run docs:api after changing them)', () => {
    const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderApiReference());
  });

  it('holds no text that a Markdown reader takes for a link, other than its links to docs', () => {
    const targets = [...renderApiReference().matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1]);
    expect(targets).toEqual(['security.md']);
  });

  it('names every endpoint and every error code', () => {
    const reference = renderApiReference();
    for (const heading of [
      'POST /auth/signup',
      'DELETE /api/sessions/{id}',
      'GET /api/me',
      'GET /.well-known/jwks.json',
    ]) {
      expect(reference).toContain(`### ${heading}`);
    }
    expect(reference).toContain('| `SESSION_NOT_FOUND` | 404 |');
  });
});
