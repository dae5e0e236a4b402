/** Tenants, users and memberships: their units of work for the store (sql-store.ts). */
import type { TenantRecord, UserRecord } from '../session/records.ts';
import type { Work } from './driver.ts';
import { get, run } from './driver.ts';
import { tenantFromRow, userFromRow } from './rows.ts';
import type { TenantRow, UserRow } from './rows.ts';

export function* insertTenant(tenant: TenantRecord): Work<boolean> {
  const sql = 'INSERT INTO tenants (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING';
  return (yield* run(sql, tenant.id, tenant.createdAt)) === 1;
}

export function* findTenant(id: string): Work<TenantRecord | null> {
  const row = yield* get<TenantRow>('SELECT id, created_at FROM tenants WHERE id = ?', id);
  return row === undefined ? null : tenantFromRow(row);
}

/** A user and their first membership, together (atomic); false when the email is taken. */
export function* insertUser(user: UserRecord, tenantId: string): Work<boolean> {
  const inserted = yield* run(
    `INSERT INTO users (id, email, password_hash, created_at, disabled_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    user.id,
    user.email,
    user.passwordHash,
    user.createdAt,
    user.disabledAt,
  );
  if (inserted !== 1) return false;
  yield* run('INSERT INTO user_tenants (user_id, tenant_id) VALUES (?, ?)', user.id, tenantId);
  return true;
}

export function* findUser(by: 'id' | 'email', value: string): Work<UserRecord | null> {
  const row = yield* get<UserRow>(`SELECT * FROM users WHERE ${by === 'id' ? 'id' : 'email'} = ?`, value);
  return row === undefined ? null : userFromRow(row);
}

export function* addUserToTenant(userId: string, tenantId: string): Work<void> {
  yield* run('INSERT INTO user_tenants (user_id, tenant_id) VALUES (?, ?) ON CONFLICT DO NOTHING', userId, tenantId);
}

export function* isUserInTenant(userId: string, tenantId: string): Work<boolean> {
  const sql = 'SELECT 1 AS member FROM user_tenants WHERE user_id = ? AND tenant_id = ?';
  return (yield* get(sql, userId, tenantId)) !== undefined;
}

export function* updateUser(userId: string, column: 'password_hash' | 'disabled_at', value: unknown): Work<void> {
  yield* run(
    `UPDATE users SET ${column === 'password_hash' ? 'password_hash' : 'disabled_at'} = ? WHERE id = ?`,
    value,
    userId,
  );
}
