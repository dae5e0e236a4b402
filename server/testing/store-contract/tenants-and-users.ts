/** Tenants and users: insert, find, membership, password and disabled state. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContractFixture } from './fixture.ts';
import { T0, newId, newUser } from './fixture.ts';

export function describeTenantAndUserContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });
  const givenTenant = fixture.givenTenant.bind(fixture);
  const givenUser = fixture.givenUser.bind(fixture);

  describe('tenants', () => {
    it('inserts a tenant once and answers false for the same id again', async () => {
      const id = `tenant-${newId()}`;
      expect(await store.insertTenant({ id, createdAt: T0 })).toBe(true);
      expect(await store.insertTenant({ id, createdAt: T0 + 1 })).toBe(false);
      expect(await store.findTenant(id)).toEqual({ id, createdAt: T0 });
    });

    it('finds nothing for an unknown tenant', async () => {
      expect(await store.findTenant(`tenant-${newId()}`)).toBeNull();
    });

    it('keeps every inserted tenant', async () => {
      const a = await givenTenant();
      const b = await givenTenant();
      expect(await store.findTenant(a)).toEqual({ id: a, createdAt: T0 });
      expect(await store.findTenant(b)).toEqual({ id: b, createdAt: T0 });
    });
  });
  describe('users', () => {
    it('inserts a user, finds them by id and by email, with their first tenant', async () => {
      const tenantId = await givenTenant();
      const user = await givenUser(tenantId);
      expect(await store.findUserById(user.id)).toEqual(user);
      expect(await store.findUserByEmail(user.email)).toEqual(user);
      expect(await store.isUserInTenant(user.id, tenantId)).toBe(true);
      expect(await store.isUserInTenant(user.id, await givenTenant())).toBe(false);
    });

    it('answers false for a second user with an email that is taken and keeps the first', async () => {
      const tenantId = await givenTenant();
      const first = await givenUser(tenantId);
      const second = newUser({ email: first.email });
      expect(await store.insertUser(second, tenantId)).toBe(false);
      expect(await store.findUserById(second.id)).toBeNull();
      expect(await store.findUserByEmail(first.email)).toEqual(first);
    });

    it('keeps the email exactly as it was stored', async () => {
      const tenantId = await givenTenant();
      const user = await givenUser(tenantId, { email: `Ada.Lovelace-${newId()}@Example.test` });
      expect((await store.findUserByEmail(user.email))?.email).toBe(user.email);
      expect((await store.findUserById(user.id))?.email).toBe(user.email);
    });

    it('finds nothing for an unknown id or email', async () => {
      expect(await store.findUserById(newId())).toBeNull();
      expect(await store.findUserByEmail(`nobody-${newId()}@example.test`)).toBeNull();
    });

    it('adds a user to another tenant once, however often asked', async () => {
      const home = await givenTenant();
      const other = await givenTenant();
      const unrelated = await givenTenant();
      const user = await givenUser(home);
      expect(await store.isUserInTenant(user.id, other)).toBe(false);
      await store.addUserToTenant(user.id, other);
      await store.addUserToTenant(user.id, other);
      expect(await store.isUserInTenant(user.id, other)).toBe(true);
      expect(await store.isUserInTenant(user.id, unrelated)).toBe(false);
      expect(await store.isUserInTenant(user.id, home)).toBe(true);
    });

    it('updates the password hash', async () => {
      const user = await givenUser(await givenTenant());
      await store.updatePasswordHash(user.id, 'scrypt$new');
      expect((await store.findUserById(user.id))?.passwordHash).toBe('scrypt$new');
    });

    it('disables and re-enables a user', async () => {
      const user = await givenUser(await givenTenant());
      await store.setUserDisabled(user.id, T0 + 5);
      expect((await store.findUserById(user.id))?.disabledAt).toBe(T0 + 5);
      await store.setUserDisabled(user.id, null);
      expect((await store.findUserById(user.id))?.disabledAt).toBeNull();
    });
  });
}
