import { describe, expect, it } from 'vitest';
import { contentSchema, createGroupBodySchema, historyQuerySchema, userSearchQuerySchema } from './chat';
import { ackAnswerSchema, sendMessageAckSchema } from './chatEvents';
import {
  CONTENT_MAX_LENGTH,
  GROUP_TITLE_MAX_LENGTH,
  HISTORY_PAGE_MAX,
  MAX_TRANSFER_AMOUNT,
  NOTE_MAX_LENGTH,
  SEARCH_QUERY_MAX_LENGTH,
  TRANSACTIONS_PAGE_MAX,
  USERNAME_MAX_LENGTH,
} from './limits';
import { usernameSchema } from './auth';
import {
  CHAT_SERVER_EVENT_SCHEMAS,
  CLIENT_EVENT_SCHEMAS,
  SOCKET_EVENTS,
  WALLET_SERVER_EVENT_SCHEMAS,
} from './socketEvents';
import { amountSchema, noteSchema, transactionsQuerySchema } from './wallet';
import { WS_FRAMES, wsClientFrameSchemas, wsServerFrameSchemas } from './wsFrames';

describe('the event tables', () => {
  it('name each Socket.IO event and /ws frame once', () => {
    const names = Object.values(SOCKET_EVENTS);
    expect(new Set(names).size).toBe(names.length);
    const frames = Object.values(WS_FRAMES);
    expect(new Set(frames).size).toBe(frames.length);
  });

  it('give a schema only to events and frames of the name tables, in the right direction', () => {
    const names: string[] = Object.values(SOCKET_EVENTS);
    for (const table of [CLIENT_EVENT_SCHEMAS, CHAT_SERVER_EVENT_SCHEMAS, WALLET_SERVER_EVENT_SCHEMAS]) {
      for (const name of Object.keys(table)) expect(names).toContain(name);
    }
    const frames: string[] = Object.values(WS_FRAMES);
    const both = [...Object.keys(wsClientFrameSchemas), ...Object.keys(wsServerFrameSchemas)];
    expect(both.sort()).toEqual([...frames].sort());
    // The namespaces share only `session:ended` among the server's events.
    const shared = Object.keys(CHAT_SERVER_EVENT_SCHEMAS).filter((name) => name in WALLET_SERVER_EVENT_SCHEMAS);
    expect(shared).toEqual([SOCKET_EVENTS.sessionEnded]);
  });
});

describe('ackAnswerSchema: an ack as a client reads it', () => {
  const sendAnswer = ackAnswerSchema(sendMessageAckSchema);

  it("reads a failure with a code this client does not know yet (a newer server's) as a failure", () => {
    const answer = sendAnswer.parse({ ok: false, code: 'SOMETHING_NEW', message: 'Later.', retryAfterMs: 500 });
    expect(answer).toEqual({ ok: false, code: 'SOMETHING_NEW', message: 'Later.', retryAfterMs: 500 });
  });

  it('refuses an answer that is neither the success shape nor a failure', () => {
    expect(sendAnswer.safeParse({ ok: true }).success).toBe(false);
    expect(sendAnswer.safeParse({ ok: false, message: 'no code' }).success).toBe(false);
    expect(sendAnswer.safeParse(null).success).toBe(false);
  });
});

describe('limits are read from limits.ts by the schemas', () => {
  it.each([
    ['content', contentSchema, 'a'.repeat(CONTENT_MAX_LENGTH)],
    ['note', noteSchema, 'a'.repeat(NOTE_MAX_LENGTH)],
    ['username', usernameSchema, 'a'.repeat(USERNAME_MAX_LENGTH)],
    ['amount', amountSchema, MAX_TRANSFER_AMOUNT],
    ['search query', userSearchQuerySchema, { query: 'a'.repeat(SEARCH_QUERY_MAX_LENGTH) }],
    ['history page', historyQuerySchema, { limit: HISTORY_PAGE_MAX }],
    ['transactions page', transactionsQuerySchema, { limit: TRANSACTIONS_PAGE_MAX }],
    [
      'group title',
      createGroupBodySchema,
      { type: 'group', title: 'a'.repeat(GROUP_TITLE_MAX_LENGTH), memberIds: ['u'] },
    ],
  ] as const)('%s: the limit passes, one more is refused', (_, schema, atLimit) => {
    expect(schema.safeParse(atLimit).success).toBe(true);
    const over =
      typeof atLimit === 'string'
        ? `${atLimit}a`
        : typeof atLimit === 'number'
          ? atLimit + 1
          : 'query' in atLimit
            ? { query: `${atLimit.query}a` }
            : 'title' in atLimit
              ? { ...atLimit, title: `${atLimit.title}a` }
              : { limit: atLimit.limit + 1 };
    expect(schema.safeParse(over).success).toBe(false);
  });
});
