/**
 * sessionctl: the operator's command line. Each command is a small function of (context,
 * arguments) returning what to print, so tests run them in-process against a real store.
 */
import { randomBytes } from 'node:crypto';
import { emailSchema, passwordSchema, tenantIdSchema } from '../../shared/schemas.ts';
import { createUser } from '../session/accounts.ts';
import type { SessionContext } from '../session/context.ts';
import { issuePasswordReset } from '../session/password-reset.ts';
import {
  addTenant,
  addUserToTenant,
  disableUser,
  enableUser,
  findTenant,
  findUser as findUserByReference,
  listUserSessions,
  revokeEveryone,
  revokeSessionsById,
  revokeUserSessions,
} from '../session/operators.ts';
import { toPublicSession } from '../session/public-session.ts';
import type { UserRecord } from '../session/records.ts';
import { DEFAULT_TENANT_ID } from '../session/records.ts';

/** Bad usage: printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Well-formed, but the user or session does not exist: one line, exit status 1. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  positionals: string[];
  run(
    ctx: SessionContext,
    positionals: string[],
    options: Record<string, string | boolean | undefined>,
    input: () => Promise<string>,
  ): Promise<string>;
}

async function findUser(ctx: SessionContext, userRef: string): Promise<UserRecord> {
  const user = await findUserByReference(ctx, userRef);
  if (user === null) throw new NotFoundError(`No user "${userRef}".`);
  return user;
}

function tenantOption(value: string | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = tenantIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--tenant: "${value}" is not a tenant id (lowercase letters, digits, dashes).`);
  return parsed.data;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const tenantFlag = { tenant: { type: 'string' as const, description: 'only this tenant (default: every tenant)' } };
const jsonFlag = { json: { type: 'boolean' as const, description: 'print JSON instead of a table' } };

export const COMMANDS: CommandSpec[] = [
  {
    name: 'list',
    usage: 'list <user-id|email> [--tenant ID] [--json]',
    summary: "list a user's live sessions",
    options: { ...tenantFlag, ...jsonFlag },
    positionals: ['user'],
    async run(ctx, [userRef], options) {
      const user = await findUser(ctx, userRef as string);
      const tenantId = tenantOption(options.tenant);
      const sessions = await listUserSessions(ctx, user.id, tenantId);
      const visible = sessions.map((session) => toPublicSession(session, null));
      if (options.json) return JSON.stringify({ user: { id: user.id, email: user.email }, sessions: visible }, null, 2);
      if (visible.length === 0) return `${user.email} has no live sessions.`;
      return table([
        ['SESSION', 'TENANT', 'DEVICE', 'IP', 'CLIENT', 'LAST ACTIVE', 'EXPIRES'],
        ...visible.map((s) => [s.id, s.tenantId, s.device.name, s.ip ?? '-', s.client, s.lastActiveAt, s.expiresAt]),
      ]);
    },
  },
  {
    name: 'revoke',
    usage: 'revoke <session-id>',
    summary: 'end one session',
    options: {},
    positionals: ['session'],
    async run(ctx, [sessionId]) {
      const revoked = await revokeSessionsById(ctx, [sessionId as string], 'revoked-by-operator');
      if (revoked.length === 0) throw new NotFoundError(`No session "${sessionId}".`);
      return `Revoked session ${sessionId}.`;
    },
  },
  {
    name: 'revoke-all',
    usage: 'revoke-all <user-id|email> [--tenant ID]',
    summary: "end all of a user's sessions (every tenant unless one is named)",
    options: { ...tenantFlag },
    positionals: ['user'],
    async run(ctx, [userRef], options) {
      const user = await findUser(ctx, userRef as string);
      const tenantId = tenantOption(options.tenant);
      const revoked = await revokeUserSessions(ctx, user.id, tenantId, 'revoked-by-operator');
      const sessions = `${revoked.length} session${revoked.length === 1 ? '' : 's'}`;
      return `Revoked ${sessions} of ${user.email}${tenantId ? ` in tenant ${tenantId}` : ''}.`;
    },
  },
  {
    name: 'revoke-everyone',
    usage: 'revoke-everyone --yes [--tenant ID]',
    summary: "end every user's sessions (every tenant unless one is named), e.g. after a breach",
    options: { ...tenantFlag, yes: { type: 'boolean', description: 'confirm: this signs everybody out' } },
    positionals: [],
    async run(ctx, _positionals, options) {
      if (options.yes !== true) throw new UsageError('revoke-everyone signs everybody out; add --yes to confirm.');
      const tenantId = tenantOption(options.tenant);
      const count = await revokeEveryone(ctx, tenantId, 'sessionctl');
      return `Revoked ${count} session${count === 1 ? '' : 's'}${tenantId ? ` in tenant ${tenantId}` : ''}.`;
    },
  },
  {
    name: 'add-user',
    usage: 'add-user <email> [--tenant ID] [--password-stdin]',
    summary: 'create a user (the password is read from stdin, or generated and printed once)',
    options: {
      ...tenantFlag,
      'password-stdin': { type: 'boolean', description: 'read the password from standard input' },
    },
    positionals: ['email'],
    async run(ctx, [emailArg], options, input) {
      const email = emailSchema.safeParse(emailArg);
      if (!email.success) throw new UsageError(`"${emailArg}" is not an email address.`);
      const tenantId = tenantOption(options.tenant) ?? DEFAULT_TENANT_ID;
      if ((await findTenant(ctx, tenantId)) === null)
        throw new UsageError(`No tenant "${tenantId}"; add it with add-tenant first.`);
      const existing = await findUserByReference(ctx, email.data);
      if (existing !== null) {
        // The account and its password stay as they are; it only joins the tenant.
        await addUserToTenant(ctx, existing.id, tenantId);
        return (
          `${email.data} already exists (${existing.id}); added to tenant ${tenantId}. ` +
          'Its password was not changed.'
        );
      }
      const generated = options['password-stdin'] ? null : randomBytes(15).toString('base64url');
      const password = generated ?? (await input()).replace(/\r?\n$/, '');
      const valid = passwordSchema.safeParse(password);
      if (!valid.success) throw new UsageError(valid.error.issues[0]?.message ?? 'The password is not valid.');
      const created = await createUser(ctx, email.data, password, tenantId, { by: 'sessionctl' });
      if (!created.ok) throw new UsageError(`${email.data} was taken a moment ago.`);
      const user = created.value;
      const shown = generated ? `\nPassword (shown once): ${generated}` : '';
      return `Created user ${user.id} <${user.email}> in tenant ${tenantId}.${shown}`;
    },
  },
  {
    name: 'reset-password',
    usage: 'reset-password <user-id|email>',
    summary: 'print a one-time link (30 minutes) with which the user sets a new password',
    options: {},
    positionals: ['user'],
    async run(ctx, [userRef]) {
      const user = await findUser(ctx, userRef as string);
      const { url, expiresAt } = await issuePasswordReset(ctx, user);
      return (
        `Send this link to ${user.email}; it works once, until ${new Date(expiresAt).toISOString()}, ` +
        'and signs the user out everywhere:\n' +
        url
      );
    },
  },
  {
    name: 'add-tenant',
    usage: 'add-tenant <tenant-id>',
    summary: 'create a tenant',
    options: {},
    positionals: ['tenant'],
    async run(ctx, [tenantArg]) {
      const tenantId = tenantOption(tenantArg);
      if (tenantId === undefined) throw new UsageError('add-tenant needs a tenant id.');
      const created = await addTenant(ctx, tenantId);
      return created ? `Created tenant ${tenantId}.` : `Tenant ${tenantId} already exists.`;
    },
  },
  {
    name: 'disable-user',
    usage: 'disable-user <user-id|email>',
    summary: 'stop a user from signing in and end all their sessions at once',
    options: {},
    positionals: ['user'],
    async run(ctx, [userRef]) {
      const user = await findUser(ctx, userRef as string);
      const revoked = await disableUser(ctx, user.id, 'sessionctl');
      return `Disabled ${user.email} and revoked ${revoked} session${revoked === 1 ? '' : 's'}.`;
    },
  },
  {
    name: 'enable-user',
    usage: 'enable-user <user-id|email>',
    summary: 'let a disabled user sign in again',
    options: {},
    positionals: ['user'],
    async run(ctx, [userRef]) {
      const user = await findUser(ctx, userRef as string);
      await enableUser(ctx, user.id);
      return `Enabled ${user.email}.`;
    },
  },
];
