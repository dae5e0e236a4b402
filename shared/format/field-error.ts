/**
 * Splits a failure into the field it concerns and a sentence for a person. The server names the
 * field of a BAD_REQUEST ("email: That is not an email address."), useful to an API client; a
 * person reads the sentence under the field instead, without the prefix.
 */
import type { ApiFailure } from '../client/api-client.ts';

export type FormField = 'email' | 'password';

const SERVER_FIELDS: Record<string, FormField> = {
  email: 'email',
  password: 'password',
  newPassword: 'password',
  currentPassword: 'password',
};

/** The field `error` is about (or null for the whole form), and its sentence without the field's name. */
export function fieldOf(error: ApiFailure, sentence: string): { field: FormField | null; message: string } {
  if (error.code !== 'BAD_REQUEST') return { field: null, message: sentence };
  const match = /^([A-Za-z]+): (.+)$/s.exec(sentence);
  const field = match?.[1] === undefined ? undefined : SERVER_FIELDS[match[1]];
  if (match?.[2] === undefined || field === undefined) return { field: null, message: sentence };
  return { field, message: match[2] };
}
