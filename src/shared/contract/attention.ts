import { z } from 'zod';
import { navigateSchema } from './settings';

/**
 * What the engine decides deserves the user's attention, for hosts and the UI to render without a
 * rule of their own (DESIGN.md: "what deserves a notification is computed once, in the engine").
 */

/** A notice's text, already worded by the privacy setting (`shared/format/noticeText.ts`). */
export const noticeTextSchema = z.object({ title: z.string(), body: z.string(), more: z.string() });

/**
 * Something to tell the user outside the app. `key` names what it replaces: one notice per
 * conversation (its id) or per payment (`payment:<transactionId>`). Hosts shorten and escape the
 * text for their surface (an OS notification, a browser notification).
 */
export const noticeSchema = z.object({ key: z.string(), target: navigateSchema, text: noticeTextSchema });
export type Notice = z.infer<typeof noticeSchema>;

/**
 * The `notice` event: show a notice (replacing any under its key), take one back (the user is
 * looking at it), or take back all (another user, or none, from now on).
 */
export const noticeEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('show'), notice: noticeSchema }),
  z.object({ action: z.literal('dismiss'), key: z.string() }),
  z.object({ action: z.literal('dismissAll') }),
]);
export type NoticeEvent = z.infer<typeof noticeEventSchema>;

/** The `sound` event: play this tone now (the engine applied the `sounds` setting and the "new" rule). */
export const soundEventSchema = z.object({ kind: z.enum(['message', 'payment']) });
export type SoundEvent = z.infer<typeof soundEventSchema>;

/** The `unread` event: the unread messages over all the user's conversations, after it changed. */
export const unreadEventSchema = z.object({ total: z.number().int().nonnegative() });
export type UnreadEvent = z.infer<typeof unreadEventSchema>;
