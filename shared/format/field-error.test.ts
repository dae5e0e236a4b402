import { describe, expect, it } from 'vitest';
import { fieldOf } from './field-error.ts';

const badRequest = (message: string) => ({ code: 'BAD_REQUEST' as const, message, status: 400 });

describe('fieldOf', () => {
  it('puts a server message about the email under the email field, without "email:"', () => {
    const message = 'email: That is not an email address.';
    expect(fieldOf(badRequest(message), message)).toEqual({ field: 'email', message: 'That is not an email address.' });
  });

  it('puts a message about a new password under the password field', () => {
    const message = 'newPassword: Choose a password of at least 8 characters.';
    expect(fieldOf(badRequest(message), message).field).toBe('password');
  });

  it('leaves other failures for the whole form', () => {
    const failure = { code: 'RATE_LIMITED' as const, message: 'x', status: 429 };
    expect(fieldOf(failure, 'Too many attempts.')).toEqual({ field: null, message: 'Too many attempts.' });
    expect(fieldOf(badRequest('unknown field'), 'unknown field').field).toBeNull();
  });
});
