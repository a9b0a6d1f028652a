import type { Balance, Conversation, Message, Transaction } from '../../shared/protocol/entities';
import type { SessionEndCode } from '../../shared/protocol/sessionEvents';

/**
 * What happened, addressed to users. Services publish these once; each transport (Socket.IO
 * `/chat` and `/wallet`, the plain WebSocket gateway) turns them into its own events, so a
 * message sent on one transport arrives on all of them.
 */
export type RealtimeEvent =
  | { type: 'message'; to: readonly string[]; message: Message }
  /** A message was edited, deleted or reacted to: the whole message as it is now. */
  | { type: 'updated'; to: readonly string[]; message: Message }
  | {
      type: 'delivered';
      to: readonly string[];
      conversationId: string;
      seq: number;
      messageId: string | null;
      userId: string;
      deliveredAt: string;
    }
  | {
      type: 'read';
      to: readonly string[];
      conversationId: string;
      seq: number;
      userId: string;
      username: string;
      readAt: string;
    }
  | {
      type: 'typing';
      to: readonly string[];
      conversationId: string;
      userId: string;
      username: string;
      isTyping: boolean;
    }
  | {
      type: 'presence';
      to: readonly string[];
      userId: string;
      username: string;
      isOnline: boolean;
      lastSeen: string | null;
    }
  /** Each member's own view of a conversation they were added to (unread counts are per user). */
  | { type: 'conversation'; views: readonly { userId: string; conversation: Conversation }[] }
  | {
      type: 'wallet';
      userId: string;
      balance: Balance;
      transaction: Transaction;
      /** Present for the receiving side of a payment; `from` is null for a deposit. */
      payment: { from: { _id: string; username: string } | null; note: string | null } | null;
    }
  /** A login ended: every socket opened with it is told and closed (PROTOCOL.md, "Sessions on sockets"). */
  | { type: 'session-ended'; sessionId: string; code: SessionEndCode };

export type RealtimeListener = (event: RealtimeEvent) => void;

/** In-process fan-out from services to transports. Listeners must not throw. */
export class RealtimeHub {
  private readonly listeners = new Set<RealtimeListener>();

  subscribe(listener: RealtimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: RealtimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
