import { expect } from 'vitest';
import { z } from 'zod';
import { conversationSchema, messageSchema } from '../../../src/shared/protocol/entities';
import type { Account, RestApi } from './restApi';

export const messageDataSchema = z.object({ message: messageSchema });
export const conversationDataSchema = z.object({ conversation: conversationSchema });
export const conversationsSchema = z.object({ conversations: z.array(conversationSchema) });
export const historySchema = z.strictObject({ messages: z.array(messageSchema), hasMore: z.boolean() });
export const readSchema = z.strictObject({
  conversationId: z.string().nullable(),
  readSeq: z.number().int(),
  unreadCount: z.number().int(),
});
export const unreadSchema = z.strictObject({
  unreadCount: z.number().int(),
  byConversation: z.record(z.string(), z.number().int()),
});

/** Sends a message that must be created (201) and returns it. */
export async function send(
  api: RestApi,
  as: Account,
  body: Record<string, unknown>,
  route = '/api/messages',
): Promise<z.output<typeof messageSchema>> {
  const { message } = await api.ok(messageDataSchema, as, 'POST', route, { body, status: 201 });
  return message;
}

/** Sends `count` messages one after another and returns them. */
export async function sendMany(api: RestApi, as: Account, target: Record<string, unknown>, count: number) {
  const messages = [];
  for (let index = 1; index <= count; index += 1) {
    messages.push(await send(api, as, { ...target, content: `message ${index}` }));
  }
  return messages;
}

export async function conversationsOf(api: RestApi, as: Account) {
  return (await api.ok(conversationsSchema, as, 'GET', '/api/messages/conversations')).conversations;
}

export async function conversation(api: RestApi, as: Account, id: string) {
  return (await api.ok(conversationDataSchema, as, 'GET', `/api/conversations/${id}`)).conversation;
}

export async function history(api: RestApi, as: Account, id: string, query = '') {
  return api.ok(historySchema, as, 'GET', `/api/conversations/${id}/messages${query}`);
}

/** The `seq`s of a page of messages. */
export const seqs = (messages: readonly { seq: number }[]) => messages.map((message) => message.seq);

/** Unread counts with zero entries dropped (the protocol does not say whether they appear). */
export async function unread(api: RestApi, as: Account) {
  const data = await api.ok(unreadSchema, as, 'GET', '/api/messages/unread/count');
  const byConversation = Object.fromEntries(Object.entries(data.byConversation).filter(([, count]) => count !== 0));
  const sum = Object.values(byConversation).reduce((total, count) => total + count, 0);
  expect(data.unreadCount).toBe(sum);
  return { unreadCount: data.unreadCount, byConversation };
}

/**
 * Waits (at most a millisecond) until the clock moves on, so that the next change gets a later
 * activity time than the last one: conversations are ordered by millisecond timestamps.
 */
export function nextMillisecond(): void {
  const start = Date.now();
  while (Date.now() === start) {
    // spin: the server in this process reads the same clock
  }
}
