import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);

/** A user as anyone may see them; `email` only ever in the caller's own user. */
export const userSchema = z.object({
  _id: idSchema,
  username: z.string(),
  avatar: z.string().nullable(),
  isOnline: z.boolean(),
  lastSeen: z.iso.datetime().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const ownUserSchema = userSchema.extend({ email: z.string() });
export type OwnUser = z.infer<typeof ownUserSchema>;
