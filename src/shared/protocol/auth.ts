import { z } from 'zod';
import { ownUserSchema } from './entities';

/** A username's longest length in characters (ASCII only, so code units and characters agree). */
export const USERNAME_MAX_LENGTH = 32;
export const usernameSchema = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(USERNAME_MAX_LENGTH, `must be at most ${USERNAME_MAX_LENGTH} characters`)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"');
export const emailSchema = z.email('must be a valid email address').max(254);
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters');

export const registerBodySchema = z.strictObject({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** Log in by email or by username; the password is never checked for shape beyond its length. */
export const loginBodySchema = z.union([
  z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(128) }),
  z.strictObject({ username: z.string().min(1).max(254), password: z.string().min(1).max(128) }),
]);
export type LoginBody = z.infer<typeof loginBodySchema>;

export const refreshBodySchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });

export const tokenPairSchema = z.object({ token: z.string(), refreshToken: z.string() });
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const authResultSchema = tokenPairSchema.extend({ user: ownUserSchema });
export type AuthResult = z.infer<typeof authResultSchema>;
