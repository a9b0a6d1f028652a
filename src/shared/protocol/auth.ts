import { z } from 'zod';
import { ownUserSchema } from './entities';
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  REFRESH_TOKEN_MAX_LENGTH,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from './limits';

export { USERNAME_MAX_LENGTH };
export const usernameSchema = z
  .string()
  .min(USERNAME_MIN_LENGTH, `must be at least ${USERNAME_MIN_LENGTH} characters`)
  .max(USERNAME_MAX_LENGTH, `must be at most ${USERNAME_MAX_LENGTH} characters`)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"');
export const emailSchema = z.email('must be a valid email address').max(EMAIL_MAX_LENGTH);
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const registerBodySchema = z.strictObject({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** Log in by email or by username; the password is never checked for shape beyond its length. */
const loginNameSchema = z.string().min(1).max(EMAIL_MAX_LENGTH);
const loginPasswordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);
export const loginBodySchema = z.union([
  z.strictObject({ email: loginNameSchema, password: loginPasswordSchema }),
  z.strictObject({ username: loginNameSchema, password: loginPasswordSchema }),
]);
export type LoginBody = z.infer<typeof loginBodySchema>;

export const refreshBodySchema = z.strictObject({ refreshToken: z.string().min(1).max(REFRESH_TOKEN_MAX_LENGTH) });

export const tokenPairSchema = z.object({ token: z.string(), refreshToken: z.string() });
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const authResultSchema = tokenPairSchema.extend({ user: ownUserSchema });
export type AuthResult = z.infer<typeof authResultSchema>;
