import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewMessage, Storage } from '../storagePort';
import { openSqliteStorage } from './sqliteStorage';

const at = '2026-01-01T00:00:00.000Z';
let dataDir: string;
let storage: Storage;

const message = (id: string, senderId: string, clientId: string | null, conversationId = 'g'): NewMessage => ({
  id,
  conversationId,
  clientId,
  senderId,
  content: id,
  messageType: 'text',
  createdAt: at,
});

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sqlite-chat-'));
  storage = openSqliteStorage(dataDir);
  for (const name of ['a', 'b', 'c']) {
    await storage.users.create({
      id: name,
      username: name,
      email: `${name}@example.com`,
      passwordHash: 'x',
      createdAt: at,
    });
  }
  const group = {
    id: 'g',
    type: 'group' as const,
    title: 'g',
    pairKey: null,
    lastSeq: 0,
    createdAt: at,
    lastActivityAt: at,
  };
  await storage.chat.createConversation(group, ['a', 'b', 'c']);
});
afterEach(async () => {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('appendMessage', () => {
  it('answers a client id the sender used before with the original, leaving no gap in seq', async () => {
    const first = await storage.chat.appendMessage(message('m1', 'a', 'c-1'));
    const again = await storage.chat.appendMessage(message('m2', 'a', 'c-1'));
    expect(again).toEqual({ message: first.message, created: false, senderRead: null, senderReadBefore: 0 });
    expect((await storage.chat.findConversation('g'))!.lastSeq).toBe(1);
    const next = await storage.chat.appendMessage(message('m3', 'a', 'c-2'));
    expect(next.message.seq).toBe(2);
    expect(await storage.chat.messageAt('g', 2)).toMatchObject({ id: 'm3' });
    // Another sender's same client id is their own message.
    expect((await storage.chat.appendMessage(message('m4', 'b', 'c-1'))).created).toBe(true);
  });

  it('appends messages without client ids every time', async () => {
    await storage.chat.appendMessage(message('m1', 'a', null));
    const second = await storage.chat.appendMessage(message('m2', 'a', null));
    expect(second).toMatchObject({ created: true, message: { seq: 2 } });
  });

  it('refuses a conversation that does not exist, storing nothing', async () => {
    await expect(storage.chat.appendMessage(message('m1', 'a', 'c-1', 'nope'))).rejects.toThrow(/does not exist/);
    expect(await storage.chat.messageByClientId('a', 'c-1')).toBeNull();
  });

  it('moves the sender’s read cursor onto its message and says where it was', async () => {
    const first = await storage.chat.appendMessage(message('m1', 'a', null));
    expect(first).toMatchObject({ senderRead: { userId: 'a', seq: 1, at }, senderReadBefore: 0 });
    const second = await storage.chat.appendMessage(message('m2', 'a', null));
    expect(second).toMatchObject({ senderRead: { seq: 2 }, senderReadBefore: 1 });
    // b had read nothing: answering passes a's two messages.
    const answer = await storage.chat.appendMessage(message('m3', 'b', null));
    expect(answer).toMatchObject({ senderRead: { userId: 'b', seq: 3 }, senderReadBefore: 0 });
    expect(await storage.chat.membership('g', 'b')).toMatchObject({ readSeq: 3, deliveredSeq: 3 });
  });

  it('stamps a message read once every other member passed it, also when sending is what passed it', async () => {
    await storage.chat.appendMessage(message('m1', 'a', null));
    await storage.chat.markRead('g', 'c', 1, at);
    expect((await storage.chat.messageAt('g', 1))!.readAt).toBeNull();
    await storage.chat.appendMessage(message('m2', 'b', null)); // b's send reads m1: everyone has
    expect(await storage.chat.messageAt('g', 1)).toMatchObject({ readAt: at, deliveredAt: at });
    expect(await storage.chat.messageAt('g', 2)).toMatchObject({ readAt: null, deliveredAt: null });
  });
});
