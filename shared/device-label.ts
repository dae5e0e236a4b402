/**
 * The request of `PATCH /api/sessions/:id` (v1.1): what a device name may be. Shared by the
 * server, which validates with it, and the clients, which can check a name before sending it.
 */
import * as z from 'zod/mini';

/** Most characters (code points, after trimming) of a device name (v1.1). */
export const DEVICE_LABEL_MAX_LENGTH = 40;

// Control, format (bidi overrides and isolates, zero-width characters, soft hyphen), line and
// paragraph separators, and lone surrogates: nothing a person types into a name, and each can make
// a name read differently from what it is ("Trojan Source"). Markup is allowed: it is shown as text.
const UNSAFE_LABEL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** `PATCH /api/sessions/:id` (v1.1): the device's name, or null to remove it. */
export const labelSessionRequestSchema = z.strictObject({
  label: z.nullable(
    z.string().check(
      z.maxLength(1_000, `A device name is at most ${DEVICE_LABEL_MAX_LENGTH} characters.`),
      z.trim(),
      z.minLength(1, 'A device name cannot be empty; send null to remove it.'),
      z.refine(
        (label) => [...label].length <= DEVICE_LABEL_MAX_LENGTH,
        `A device name is at most ${DEVICE_LABEL_MAX_LENGTH} characters.`,
      ),
      z.refine(
        (label) => !UNSAFE_LABEL_CHARACTERS.test(label),
        'A device name cannot contain control, formatting or invisible characters.',
      ),
    ),
  ),
});

export type LabelSessionRequest = z.output<typeof labelSessionRequestSchema>;
