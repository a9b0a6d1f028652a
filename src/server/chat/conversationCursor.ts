import { z } from 'zod';
import { idSchema } from '../../shared/protocol/entities';

/** Where a page of the conversation list ended: its last conversation's activity time and id. */
export type ConversationListPosition = { lastActivityAt: string; id: string };

/**
 * The `nextCursor` of `GET /api/messages/conversations?limit=` (PROTOCOL.md "Catching up at any
 * account size"): base64url of the JSON `[lastActivityAt, id]` of the page's last conversation.
 * Opaque to clients, who hand it back unchanged.
 */
export function encodeConversationCursor(position: ConversationListPosition): string {
  return Buffer.from(JSON.stringify([position.lastActivityAt, position.id]), 'utf8').toString('base64url');
}

/** The JSON a base64url string holds, or null when it holds none. */
function decodeJson(value: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

const positionSchema = z.tuple([z.iso.datetime(), idSchema]);

/**
 * A `cursor` query value (already checked for length by the route's query schema), decoded;
 * anything the server did not issue is refused as malformed (`VALIDATION_FAILED`).
 */
export const conversationCursorSchema = z.string().transform((value, context): ConversationListPosition => {
  const position = positionSchema.safeParse(decodeJson(value));
  if (!position.success) {
    context.addIssue({ code: 'custom', message: 'is not a cursor this server gave' });
    return z.NEVER;
  }
  return { lastActivityAt: position.data[0], id: position.data[1] };
});
