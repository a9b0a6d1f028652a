import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ackFailureSchema,
  heartbeatAckSchema,
  okAckSchema,
  readAckSchema,
  roomJoinAckSchema,
  sendMessageAckSchema,
  syncAckSchema,
  userRegisterAckSchema,
} from '../../src/shared/protocol/chatEvents';
import {
  CHAT_SERVER_EVENT_SCHEMAS,
  SOCKET_EVENTS as E,
  WALLET_SERVER_EVENT_SCHEMAS,
} from '../../src/shared/protocol/socketEvents';
import { walletSyncAckSchema } from '../../src/shared/protocol/walletEvents';
import { messageChangeAckSchema } from '../../src/shared/protocol/messageChanges';
import { WS_FRAMES as F, wsServerFrameSchemas } from '../../src/shared/protocol/wsFrames';
import {
  type EventLog,
  closeAllClients,
  connectChat,
  connectWallet,
  connectWs,
  emitAck,
  newClientId,
  newUsers,
  sendOverRest,
  sendOverSocket,
} from './support/realtimeClients';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from './support/testServer';

/**
 * The protocol module's server-to-client schemas against what the server really sends: every
 * event and frame it emits on `/chat`, `/wallet` and `/ws`, and every ack, parses with the
 * schema `src/shared/protocol` gives for it, and nothing is sent that the event maps do not name.
 * The engine drops a payload its schema refuses, so a drift here would lose events silently.
 */

const ADMIN_TOKEN = 'admin-token-for-protocol-schema-tests';
let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_TOKEN });
  url = server.url;
});
afterEach(closeAllClients);
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

/** Each logged event's name is in `schemas` and its payload parses; returns the names seen. */
function expectConforms(logs: EventLog[], schemas: Record<string, z.ZodType>): Set<string> {
  const seen = new Set<string>();
  for (const log of logs) {
    for (const { name, payload } of log.entries) {
      seen.add(name);
      expect(Object.keys(schemas), `${log.label} got "${name}"`).toContain(name);
      const parsed = schemas[name]!.safeParse(payload);
      expect(parsed.error?.issues ?? [], `${log.label} "${name}" ${JSON.stringify(payload)}`).toEqual([]);
    }
  }
  return seen;
}

function expectAck<S extends z.ZodType>(schema: S, ack: unknown): z.output<S> {
  const parsed = schema.safeParse(ack);
  expect(parsed.error?.issues ?? [], JSON.stringify(ack)).toEqual([]);
  return parsed.data as z.output<S>;
}

describe('server payloads match the protocol schemas', () => {
  it('sends every /chat, /wallet and /ws event in the shape its schema gives, and acks likewise', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const carol = await registerUser(url);
    const aliceChat = await connectChat(url, alice.token, 'alice chat');
    const aliceWallet = await connectWallet(url, alice.token, 'alice wallet');
    const bobWallet = await connectWallet(url, bob.token, 'bob wallet');

    // The first direct message creates the conversation (conversation:updated) before bob is online.
    const first = await sendOverSocket(aliceChat, { clientId: newClientId(), receiverId: bob.userId, content: 'hi' });
    const conversationId = first.conversationId;
    await aliceChat.log.waitFor(E.conversationUpdated);
    // Bob's first session: alice, who shares a conversation with him, hears presence:update.
    const bobChat = await connectChat(url, bob.token, 'bob chat');
    await aliceChat.log.waitFor(E.presenceUpdate, (p) => p.userId === bob.userId);
    const bobWs = await connectWs(url, bob.token, 'bob ws');

    // Acks of every client event, and the events they cause.
    expectAck(
      sendMessageAckSchema,
      await emitAck(aliceChat, E.messageSend, { clientId: newClientId(), conversationId, content: 'a' }),
    );
    await sendOverSocket(aliceChat, { clientId: newClientId(), conversationId, content: 'pic', messageType: 'image' });
    await bobChat.log.waitFor(E.mediaReceived);
    await bobWs.log.waitFor(F.newMessage);
    expectAck(okAckSchema, await emitAck(bobChat, E.messageAck, { conversationId, seq: first.seq }));
    await aliceChat.log.waitFor(E.messageDelivered, (p) => p.userId === bob.userId);
    expectAck(readAckSchema, await emitAck(bobChat, E.messageRead, { conversationId, seq: first.seq }));
    await aliceChat.log.waitFor(E.messageRead, (p) => p.userId === bob.userId);
    await bobWs.log.waitFor(F.messagesRead);
    expectAck(okAckSchema, await emitAck(aliceChat, E.typingStart, { conversationId }));
    await bobChat.log.waitFor(E.typingStart);
    await bobWs.log.waitFor(F.typingIndicator, (p) => p.isTyping === true);
    expectAck(okAckSchema, await emitAck(aliceChat, E.typingStop, { conversationId }));
    await bobChat.log.waitFor(E.typingStop);
    expect(expectAck(roomJoinAckSchema, await emitAck(aliceChat, E.roomJoin, { conversationId })).conversationId).toBe(
      conversationId,
    );
    await aliceChat.log.waitFor(E.roomJoined);
    expectAck(syncAckSchema, await emitAck(aliceChat, E.sync, { cursors: {} }));
    expectAck(heartbeatAckSchema, await emitAck(aliceChat, E.heartbeat, {}));
    expectAck(userRegisterAckSchema, await emitAck(aliceChat, E.userRegister, {}));
    expectAck(heartbeatAckSchema, await emitAck(aliceWallet, E.heartbeat, {}));
    expectAck(okAckSchema, await emitAck(aliceChat, E.authRenew, { token: alice.token }));
    expectAck(walletSyncAckSchema, await emitAck(aliceWallet, E.walletSync, { after: null }));
    // Edits, deletions, reactions: each ack, and message:updated / message_updated to both sides.
    const messageId = first._id;
    expectAck(messageChangeAckSchema, await emitAck(aliceChat, E.messageEdit, { messageId, content: 'hello' }));
    expectAck(messageChangeAckSchema, await emitAck(bobChat, E.reactionSet, { messageId, emoji: '👍', on: true }));
    expectAck(messageChangeAckSchema, await emitAck(aliceChat, E.messageDelete, { messageId }));
    await bobChat.log.waitForCount(E.messageUpdated, 3);
    await bobWs.log.waitForCount(F.messageUpdated, 3);
    expectAck(ackFailureSchema, await emitAck(aliceChat, E.messageRead, { conversationId: 'x', seq: 'one' }));
    // A failed message:send without an ack callback is told as message:error.
    aliceChat.socket.emit(E.messageSend, { clientId: newClientId(), conversationId, content: '' });
    await aliceChat.log.waitFor(E.messageError);

    // `/ws`: a send of its own, a delivery of it, a refused frame.
    bobWs.send(F.chatMessage, { conversationId, content: 'from ws', clientId: newClientId() });
    const sent = await bobWs.log.waitFor<{ seq: number }>(F.messageSent);
    expectAck(okAckSchema, await emitAck(aliceChat, E.messageAck, { conversationId, seq: sent.seq }));
    await bobWs.log.waitFor(F.messageDelivered);
    bobWs.send('no_such_frame');
    await bobWs.log.waitFor(F.error);

    // Money: a deposit (payment:notification with `from: null`) and a transfer to bob.
    const deposit = await call(url, 'POST', '/api/admin/deposits', {
      headers: { 'X-Admin-Token': ADMIN_TOKEN },
      body: { userId: alice.userId, amount: 5000 },
    });
    expect(deposit.status).toBe(201);
    const transfer = await call(url, 'POST', '/api/wallet/transfers', {
      token: alice.token,
      headers: { 'Idempotency-Key': newClientId('key') },
      body: { toUserId: bob.userId, amount: 1250, note: 'lunch', conversationId },
    });
    expect(transfer.status).toBe(201);
    await bobWallet.log.waitFor(E.paymentNotification);
    await bobWallet.log.waitFor(E.walletUpdated);
    await aliceWallet.log.waitFor(E.walletUpdated, (p) => (p.balance as { available: number }).available === 3750);

    // Carol comes online and her login ends: presence both ways, session:ended on her socket.
    await sendOverRest(
      url,
      { token: carol.token, userId: carol.user._id, username: carol.user.username },
      {
        receiverId: bob.userId,
        content: 'hello bob',
      },
    );
    const carolChat = await connectChat(url, carol.token, 'carol chat');
    await bobWs.log.waitFor(F.userOnline, (p) => p.userId === carol.user._id);
    const logout = await call(url, 'POST', '/api/auth/logout', {
      token: carol.token,
      body: { refreshToken: carol.refreshToken },
    });
    expect(logout.status).toBe(200);
    await carolChat.log.waitFor(E.sessionEnded);
    await bobWs.log.waitFor(F.userOffline, (p) => p.userId === carol.user._id);

    const chatSeen = expectConforms([aliceChat.log, bobChat.log, carolChat.log], CHAT_SERVER_EVENT_SCHEMAS);
    const walletSeen = expectConforms([aliceWallet.log, bobWallet.log], WALLET_SERVER_EVENT_SCHEMAS);
    const wsSeen = expectConforms([bobWs.log], wsServerFrameSchemas);
    // Every event of the maps was seen, so each schema above was checked against a real payload.
    expect([...chatSeen].sort()).toEqual(Object.keys(CHAT_SERVER_EVENT_SCHEMAS).sort());
    expect([...walletSeen].sort()).toEqual(
      Object.keys(WALLET_SERVER_EVENT_SCHEMAS)
        .filter((name) => name !== E.sessionEnded)
        .sort(),
    );
    expect([...wsSeen].sort()).toEqual(Object.keys(wsServerFrameSchemas).sort());
  });
});
