import type { EngineEvent } from '../../src/core/engine';
import { type Changes, type ConversationView, noChanges } from '../../src/shared/contract/clientState';
import type { Message } from '../../src/shared/protocol/entities';

/** A `changes` event with only the parts a test names; the rest change nothing. */
export const changesEvent = (changes: Partial<Changes> = {}): EngineEvent => ({
  event: 'changes',
  payload: { ...noChanges(), ...changes },
});

/** A batch that brings `messages` (seq order) to one conversation, as new to the list. */
export const messagesEvent = (conversationId: string, messages: readonly Message[]): EngineEvent =>
  changesEvent({
    messages: [
      { conversationId, added: messages.map((item, index) => ({ index, item })), changed: [], hasOlder: false },
    ],
  });

/** A batch in which these conversations changed. */
export const conversationsEvent = (conversations: ConversationView[]): EngineEvent => changesEvent({ conversations });
