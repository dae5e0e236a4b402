// The host's own users: a fixed table in memory. Session Control never sees these passwords.
import { scryptSync, timingSafeEqual } from 'node:crypto';

const SALT = 'host-app-example';
const hash = (password) => scryptSync(password, SALT, 32);

const USERS = new Map([
  ['ada', { id: 'user-ada', name: 'Ada', passwordHash: hash('ada-password') }],
  ['grace', { id: 'user-grace', name: 'Grace', passwordHash: hash('grace-password') }],
]);

/** The user whose username and password these are, or null. */
export function checkPassword(username, password) {
  const user = USERS.get(String(username));
  const given = hash(String(password));
  if (user === undefined) return null;
  return timingSafeEqual(given, user.passwordHash) ? user : null;
}

/** Whether `password` is the password of the user with this id (for re-authentication). */
export function passwordMatches(id, password) {
  const user = userById(id);
  return user !== null && timingSafeEqual(hash(String(password)), user.passwordHash);
}

export function userById(id) {
  return [...USERS.values()].find((user) => user.id === id) ?? null;
}
