import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../storage/sqlite/sqliteStorage';
import type { Storage } from '../storage/storagePort';
import { ChatCache } from './chatCache';
import { pairKeyOf } from './chatAccess';

const at = '2026-01-01T00:00:00.000Z';
let dataDir: string;
let storage: Storage;
/** Storage reads the cache made, by method name. */
let reads: Record<string, number>;

/** The storage, with the reads the cache relies on counted. */
function counted(inner: Storage): Storage {
  const count =
    <Args extends unknown[], Result>(name: string, method: (...args: Args) => Promise<Result>) =>
    (...args: Args) => {
      reads[name] = (reads[name] ?? 0) + 1;
      return method(...args);
    };
  return {
    ...inner,
    users: { ...inner.users, findManyByIds: count('findManyByIds', inner.users.findManyByIds) },
    chat: {
      ...inner.chat,
      findConversation: count('findConversation', inner.chat.findConversation),
      findDirectConversation: count('findDirectConversation', inner.chat.findDirectConversation),
      members: count('members', inner.chat.members),
      messageAt: count('messageAt', inner.chat.messageAt),
    },
  };
}

async function user(name: string) {
  return storage.users.create({
    id: name,
    username: name,
    email: `${name}@example.com`,
    passwordHash: 'x',
    createdAt: at,
  });
}

async function conversation(id: string, memberIds: string[], pairKey: string | null = null) {
  const type = pairKey ? ('direct' as const) : ('group' as const);
  const record = { id, type, title: pairKey ? null : id, pairKey, lastSeq: 0, createdAt: at, lastActivityAt: at };
  return (await storage.chat.createConversation(record, memberIds)).conversation;
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'chat-cache-'));
  storage = openSqliteStorage(dataDir);
  reads = {};
});
afterEach(async () => {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ChatCache', () => {
  it('reads a username once, then answers from memory; an unknown user is read again each time', async () => {
    await user('alice');
    const cache = new ChatCache(counted(storage));
    expect(await cache.username('alice')).toBe('alice');
    expect(await cache.username('alice')).toBe('alice');
    expect(reads.findManyByIds).toBe(1);
    expect(await cache.username('bob')).toBeNull();
    await user('bob');
    expect(await cache.username('bob')).toBe('bob');
    expect(reads.findManyByIds).toBe(3);
  });

  it('reads only the usernames it does not hold, in one read', async () => {
    await Promise.all(['a', 'b', 'c'].map(user));
    const cache = new ChatCache(counted(storage));
    await cache.username('a');
    expect([...(await cache.usernamesOf(['a', 'b', 'c', 'nobody']))]).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    expect(reads.findManyByIds).toBe(2);
  });

  it('keeps a conversation’s type, title and members but not what changes (lastSeq)', async () => {
    await Promise.all(['a', 'b', 'c'].map(user));
    await conversation('g', ['a', 'b', 'c']);
    const cache = new ChatCache(counted(storage));
    const facts = await cache.conversation('g');
    expect(facts).toEqual({ id: 'g', type: 'group', title: 'g', pairKey: null, memberIds: ['a', 'b', 'c'] });
    expect(facts).not.toHaveProperty('lastSeq');
    await cache.conversation('g');
    expect([reads.findConversation, reads.members]).toEqual([1, 1]);
    expect(await cache.conversation('nope')).toBeNull();
    expect(await cache.conversation('nope')).toBeNull();
    expect(reads.findConversation).toBe(3);
  });

  it('maps a direct pair to its conversation once it exists, and does not remember "none"', async () => {
    await Promise.all(['a', 'b'].map(user));
    const cache = new ChatCache(counted(storage));
    const pairKey = pairKeyOf('a', 'b');
    expect(await cache.directConversationId(pairKey)).toBeNull();
    await conversation('d', ['a', 'b'], pairKey);
    expect(await cache.directConversationId(pairKey)).toBe('d');
    expect(await cache.directConversationId(pairKey)).toBe('d');
    expect(reads.findDirectConversation).toBe(2);
  });

  it('remembers a conversation it is told about without reading it', async () => {
    const cache = new ChatCache(counted(storage));
    const record = {
      id: 'd',
      type: 'direct' as const,
      title: null,
      pairKey: 'a:b',
      lastSeq: 0,
      createdAt: at,
      lastActivityAt: at,
    };
    cache.remember(record, ['a', 'b', 'a']);
    expect(await cache.conversation('d')).toMatchObject({ memberIds: ['a', 'b'] });
    expect(await cache.directConversationId('a:b')).toBe('d');
    expect(reads).toEqual({});
  });

  it('stays within its caps: usernames and pairs by count, conversations by members + 1', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map(user));
    await conversation('g1', ['a', 'b', 'c']); // weight 4
    await conversation('g2', ['a', 'b']); // weight 3
    await conversation('d1', ['c', 'd'], pairKeyOf('c', 'd'));
    await conversation('d2', ['a', 'd'], pairKeyOf('a', 'd'));
    const cache = new ChatCache(counted(storage), {
      usernames: 2,
      conversationWeight: 6,
      directPairs: 1,
      messageIds: 1,
    });
    await cache.usernamesOf(['a', 'b', 'c']);
    await cache.username('a'); // forgotten: only b and c were kept
    expect(reads.findManyByIds).toBe(2);
    await cache.conversation('g1');
    await cache.conversation('g2'); // 4 + 3 > 6: g1 goes
    await cache.conversation('g2');
    expect(reads.findConversation).toBe(2);
    await cache.conversation('g1');
    expect(reads.findConversation).toBe(3);
    await cache.directConversationId(pairKeyOf('c', 'd'));
    await cache.directConversationId(pairKeyOf('a', 'd'));
    await cache.directConversationId(pairKeyOf('c', 'd'));
    expect(reads.findDirectConversation).toBe(3);
  });

  it('names the message at a seq from what it was told was appended, reading storage only otherwise', async () => {
    await Promise.all(['a', 'b'].map(user));
    await conversation('g', ['a', 'b']);
    const appended = await storage.chat.appendMessage({
      id: 'm1',
      conversationId: 'g',
      clientId: null,
      senderId: 'a',
      content: 'hi',
      messageType: 'text',
      createdAt: at,
    });
    const cache = new ChatCache(counted(storage));
    expect(await cache.messageIdAt('g', appended.message.seq)).toBe('m1');
    expect(await cache.messageIdAt('g', appended.message.seq)).toBe('m1');
    expect(reads.messageAt).toBe(1);
    cache.rememberMessageId('g', 2, 'm2');
    expect(await cache.messageIdAt('g', 2)).toBe('m2');
    expect(await cache.messageIdAt('g', 3)).toBeNull();
    expect(await cache.messageIdAt('g', 3)).toBeNull(); // "none yet" is not remembered
    expect(reads.messageAt).toBe(3);
  });
});
