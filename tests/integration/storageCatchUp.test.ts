import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/server/config';
import { newId } from '../../src/server/ids';
import { openStorage } from '../../src/server/storage/openStorage';
import type { ConversationRecord, Storage } from '../../src/server/storage/storagePort';
import { removeDataDir } from './support/testServer';

/**
 * The storage port's catch-up methods (storagePort.ts `conversationsChangedSince`,
 * `conversationPage`), through whichever adapter `openStorage` picks: SQLite in a temp directory,
 * or the database `DATABASE_URL` names.
 */
let storage: Storage;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-storage-'));
  const databaseUrl = process.env.DATABASE_URL;
  storage = await openStorage(
    configFromEnv({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }),
  );
});
afterAll(async () => {
  await storage.close();
  removeDataDir(dataDir);
});

/** Activity times strictly increasing across the whole file, so "most recent first" is one order. */
let clock = Date.parse('2026-01-01T00:00:00.000Z');
const tick = () => new Date((clock += 1000)).toISOString();

async function user(): Promise<string> {
  const id = newId();
  await storage.users.create({
    id,
    username: `u${id}`,
    email: `${id}@example.com`,
    passwordHash: 'x',
    createdAt: tick(),
  });
  return id;
}

async function conversation(memberIds: string[]): Promise<ConversationRecord> {
  const at = tick();
  const { conversation: record } = await storage.chat.createConversation(
    { id: newId(), type: 'group', title: 'g', pairKey: null, lastSeq: 0, createdAt: at, lastActivityAt: at },
    memberIds,
  );
  return record;
}

async function append(conversationId: string, senderId: string) {
  return (
    await storage.chat.appendMessage({
      id: newId(),
      conversationId,
      clientId: null,
      senderId,
      content: 'hi',
      messageType: 'text',
      createdAt: tick(),
    })
  ).message;
}

const ids = (records: { id: string }[]) => records.map((record) => record.id);

describe('conversationsChangedSince', () => {
  it('answers every conversation of the user, most recent first, for null and for tokens it did not issue', async () => {
    const [alice, bob] = [await user(), await user()];
    const first = await conversation([alice, bob]);
    const second = await conversation([alice]);
    await conversation([bob]);
    await append(first.id, bob);
    const { token } = await storage.chat.conversationsChangedSince(alice, null);
    for (const since of [null, 'garbage', '', 'sq1:99999999999999', 'pg1:1', `${token}x`]) {
      const answer = await storage.chat.conversationsChangedSince(alice, since);
      expect(ids(answer.conversations)).toEqual([first.id, second.id]);
      expect(answer.token).toEqual(expect.any(String));
    }
  });

  it('answers after a token exactly the conversations a creation, a message, a read or a delivery changed', async () => {
    const [alice, bob, carol] = [await user(), await user(), await user()];
    const withBob = await conversation([alice, bob]);
    const withCarol = await conversation([alice, carol]);
    const quiet = await conversation([alice, bob, carol]);
    await append(withBob.id, alice);
    await append(withCarol.id, alice);
    await append(quiet.id, alice);
    let { token } = await storage.chat.conversationsChangedSince(alice, null);
    const changedNow = async () => {
      const answer = await storage.chat.conversationsChangedSince(alice, token);
      token = answer.token;
      return ids(answer.conversations);
    };
    expect(await changedNow()).toEqual([]);
    await append(withBob.id, bob);
    expect(await changedNow()).toEqual([withBob.id]);
    await storage.chat.markRead(withCarol.id, carol, 1, tick());
    expect(await changedNow()).toEqual([withCarol.id]);
    await storage.chat.markDelivered(quiet.id, bob, 1, tick());
    expect(await changedNow()).toEqual([quiet.id]);
    const added = await conversation([carol, alice]);
    expect(await changedNow()).toEqual([added.id]);
    // Cursors that do not move change nothing; other users' conversations are never answered.
    await storage.chat.markDelivered(quiet.id, bob, 1, tick());
    await append((await conversation([bob, carol])).id, bob);
    expect(await changedNow()).toEqual([]);
  });

  it('misses nothing when many conversations changed across all users since the token', async () => {
    const [alice, bob] = [await user(), await user()];
    const mine = await conversation([alice, bob]);
    const { token } = await storage.chat.conversationsChangedSince(alice, null);
    // More than the SQLite adapter walks by version before it reads the user's memberships instead.
    await Promise.all(Array.from({ length: 2_100 }, () => conversation([bob])));
    await append(mine.id, bob);
    const answer = await storage.chat.conversationsChangedSince(alice, token);
    expect(ids(answer.conversations)).toEqual([mine.id]);
    expect((await storage.chat.conversationsChangedSince(alice, answer.token)).conversations).toEqual([]);
  });
});

describe('conversationPage', () => {
  async function pages(userId: string, limit: number) {
    const all: ConversationRecord[][] = [];
    let after: { lastActivityAt: string; id: string } | null = null;
    for (;;) {
      const page: ConversationRecord[] = await storage.chat.conversationPage(userId, { after, limit });
      all.push(page);
      if (page.length < limit) return all;
      after = page.at(-1)!;
    }
  }

  it('pages the user’s conversations most recent first, each once, whether sparse or dense among everyone’s', async () => {
    const [alice, bob] = [await user(), await user()];
    const hers: ConversationRecord[] = [];
    for (let i = 0; i < 5; i++) hers.push(await conversation([alice, bob]));
    // Then more of others' conversations than the SQLite adapter walks before reading Alice's own.
    const others = await Promise.all(Array.from({ length: 2_100 }, () => conversation([bob])));
    const newestFirst = ids([...hers].reverse());

    const alicePages = await pages(alice, 2);
    expect(alicePages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(alicePages.flat().map((record) => record.id)).toEqual(newestFirst);
    expect((await storage.chat.conversationsOf(alice)).map((record) => record.id)).toEqual(newestFirst);

    const bobFirst = await storage.chat.conversationPage(bob, { after: null, limit: 3 });
    expect(bobFirst.map((record) => record.id)).toEqual(
      [...others]
        .sort((a, b) =>
          a.lastActivityAt === b.lastActivityAt
            ? b.id.localeCompare(a.id)
            : b.lastActivityAt.localeCompare(a.lastActivityAt),
        )
        .slice(0, 3)
        .map((record) => record.id),
    );
  });
});
