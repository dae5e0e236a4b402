import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z as classicZ } from 'zod';
import type * as miniZ from 'zod/mini';
import * as shared from '../../shared/schemas.ts';
import * as wire from './wire-schemas.ts';

type SchemaName = { [K in keyof typeof shared]: K extends `${string}Schema` ? K : never }[keyof typeof shared];

interface Parser {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

const schemaNames = Object.keys(shared).filter((name): name is SchemaName => name.endsWith('Schema'));

const session = {
  id: 'session-1',
  current: true,
  tenantId: 'public',
  createdAt: '2026-11-27T10:00:00.000Z',
  lastActiveAt: '2026-11-27T10:00:00.000Z',
  expiresAt: '2026-12-27T10:00:00.000Z',
  device: { name: 'Chrome on Linux', browser: 'Chrome', browserVersion: '156', os: 'Linux', type: 'desktop', label: null },
  ip: '127.0.0.1',
  client: 'extension',
};

/** Valid and invalid samples for every request and response shape of the contract. */
const samples: unknown[] = [
  undefined, null, '', 'text', 42, 1.5, -1, true, [], {},
  { email: '  Ada@Example.ORG ', password: 'correct horse' },
  { email: 'not-an-email', password: 'correct horse' },
  { email: 'ada@example.org', password: 'short' },
  { email: `${'a'.repeat(250)}@example.org`, password: 'correct horse' },
  { email: 'ada@example.org', password: 'correct horse', tenantId: 'acme-2' },
  { email: 'ada@example.org', password: 'correct horse', tenantId: 'Not_A_Tenant' },
  { email: 'ada@example.org', password: 'correct horse', admin: true },
  { password: '' }, { password: 'x' }, { password: 'x'.repeat(1025) },
  { currentPassword: 'old', newPassword: 'new password', signOutOtherDevices: true },
  { currentPassword: 'old', newPassword: 'new', signOutOtherDevices: 'yes' },
  { tenant: 'all' }, { tenant: 'mine' }, { scope: 'others' }, { scope: 'all' }, { scope: 'some' },
  { user: { id: 'user-1', email: 'ada@example.org' }, session },
  { user: { id: 'user-1', email: 'ada@example.org' }, session, tokens: { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: '2026-11-27T10:15:00.000Z' } },
  { user: { id: 'user-1', email: 'ada@example.org' }, session: { ...session, tokenHash: 'secret' } },
  { session }, { session: { ...session, device: { ...session.device, type: 'fridge' } } },
  { session: { ...session, createdAt: '2026-11-27' } },
  { sessions: [session, { ...session, id: 'session-2', current: false, ip: null, client: 'web' }] },
  { sessions: [{ ...session, client: 'cli' }] },
  { revoked: 0 }, { revoked: 3 }, { revoked: -1 }, { revoked: 1.5 },
  { session, revoked: 2 },
  { ok: true, store: 'sqlite' }, { ok: true, store: 'postgres' }, { ok: false, store: 'sqlite' },
  { keys: [{ kty: 'OKP', kid: 'key-1', crv: 'Ed25519', x: 'abc' }] }, { keys: [{ kty: 'OKP' }] },
  { error: { code: 'UNAUTHORISED', message: 'You are not signed in.' } },
  { error: { code: 'NOT_A_CODE', message: 'x' } },
  { error: { code: 'UNAUTHORISED', message: 'x', stack: 'y' } },
  { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: '2026-11-27T10:15:00Z' },
  { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: 'tomorrow' },
];

function verdict(schema: Parser, value: unknown): { success: boolean; data?: unknown } {
  const result = schema.safeParse(value);
  return result.success ? { success: true, data: result.data } : { success: false };
}

describe('the extension build\'s zod/mini wire schemas', () => {
  it('export every constant and schema of shared/schemas.ts', () => {
    expect(Object.keys(wire).sort()).toEqual(Object.keys(shared).sort());
    expect(wire.EMAIL_MAX_LENGTH).toBe(shared.EMAIL_MAX_LENGTH);
    expect(wire.PASSWORD_MIN_LENGTH).toBe(shared.PASSWORD_MIN_LENGTH);
    expect(wire.PASSWORD_MAX_LENGTH).toBe(shared.PASSWORD_MAX_LENGTH);
    expect(wire.TENANT_ID_PATTERN.source).toBe(shared.TENANT_ID_PATTERN.source);
  });

  it('accept and refuse the same contract samples, with the same parsed value', () => {
    for (const name of schemaNames) {
      for (const sample of samples) {
        expect({ name, sample, ...verdict(wire[name] as Parser, sample) }).toEqual({ name, sample, ...verdict(shared[name] as Parser, sample) });
      }
    }
  });

  it('agree with shared/schemas.ts on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) =>
        schemaNames.every((name) => JSON.stringify(verdict(wire[name] as Parser, value)) === JSON.stringify(verdict(shared[name] as Parser, value))),
      ),
      { numRuns: 300 },
    );
  });

  it('infer the same TypeScript types as shared/schemas.ts', () => {
    expectTypeOf<miniZ.infer<typeof wire.publicSessionSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.publicSessionSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.authResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.authResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.meResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.meResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.sessionListResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.sessionListResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.refreshResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.refreshResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.revokedCountResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.revokedCountResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.healthResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.healthResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.errorBodySchema>>().toEqualTypeOf<classicZ.infer<typeof shared.errorBodySchema>>();
    expectTypeOf<miniZ.input<typeof wire.signInRequestSchema>>().toEqualTypeOf<classicZ.input<typeof shared.signInRequestSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.changePasswordResponseSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.changePasswordResponseSchema>>();
    expectTypeOf<miniZ.infer<typeof wire.tokensSchema>>().toEqualTypeOf<classicZ.infer<typeof shared.tokensSchema>>();
  });
});
