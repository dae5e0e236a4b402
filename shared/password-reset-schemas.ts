/**
 * Wire schemas of the password reset an operator starts (`sessionctl reset-password`), an
 * addition to the v1.1 contract: `POST /auth/password/reset` with the link's token.
 */
import * as z from 'zod/mini';
import { passwordSchema } from './schemas.ts';

/** A reset token: our prefix and 43 base64url characters (256 random bits). */
export const RESET_TOKEN_PATTERN = /^scpr_[A-Za-z0-9_-]{43}$/;

export const resetPasswordRequestSchema = z.strictObject({
  token: z.string().check(z.maxLength(100)),
  newPassword: passwordSchema,
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

export const resetPasswordResponseSchema = z.strictObject({
  /** How many sessions of the user ended (reason `password_changed`). */
  revoked: z.int().check(z.nonnegative()),
});
export type ResetPasswordResponse = z.infer<typeof resetPasswordResponseSchema>;
