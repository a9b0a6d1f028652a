import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../../src/server/storage/sqlite/sqliteStorage';
import type { MessageSearchRequest, Storage } from '../../../src/server/storage/storagePort';
import {
  type AdapterName,
  STORAGE_ADAPTERS,
  adapterAvailable,
  newConversation,
  newUser,
  textMessage,
  useStorage,
} from '../support/storageAdapters';

/** Message times one millisecond apart from a fixed start, so that "newest" means the same to both adapters. */
let clock = Date.parse('2026-03-01T00:00:00.000Z');
const tick = () => new Date((clock += 1)).toISOString();

/** Appends messages of these texts from `senderId`, in order; returns their ids. */
async function post(storage: Storage, conversationId: string, senderId: string, texts: readonly string[]) {
  const ids: string[] = [];
  for (const content of texts) {
    const { message } = await storage.chat.appendMessage(
      textMessage(conversationId, senderId, { content, at: tick() }),
    );
    ids.push(message.id);
  }
  return ids;
}

/** The contents a search finds (first page only, limit 50). */
async function found(storage: Storage, userId: string, terms: string[], conversationId: string | null = null) {
  const page = await storage.search.searchMessages(userId, { terms, conversationId, limit: 50, cursor: null });
  return page!.messages.map((message) => message.content);
}

/** Every page of a search, following the cursors. */
async function allPages(storage: Storage, userId: string, request: Omit<MessageSearchRequest, 'cursor'>) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.search.searchMessages(userId, { ...request, cursor });
    pages.push(page!.messages.map((message) => message.id));
    cursor = page!.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor !== null);
  return pages;
}

/** Two users in a group of their own, with messages from the first. */
async function twoMembers(storage: Storage) {
  const alice = await newUser(storage);
  const bob = await newUser(storage);
  const conversation = await newConversation(storage, [alice, bob]);
  return { alice, bob, conversationId: conversation.id };
}

/** Runs SQL on the store's database behind the port's back (for what no port method does). */
type RawSql = (sql: string, values: unknown[]) => Promise<void>;

/** What each adapter's database says for a statement (SQLite `?`, PostgreSQL `$n`). */
const sqlFor = (adapter: AdapterName, sql: string) => (adapter === 'sqlite' ? sql.replace(/\$(\d+)/g, '?$1') : sql);

for (const adapter of STORAGE_ADAPTERS) {
  describe.skipIf(!adapterAvailable(adapter))(`message search on ${adapter}`, () => {
    let storage: Storage;
    let raw: RawSql;
    let close: () => Promise<void>;
    let dataDir: string | null = null;
    // SQLite: a store of this file's own, so that a second connection can edit its file.
    const postgresStore = adapter === 'postgres' ? useStorage('postgres') : null;

    beforeAll(async () => {
      if (postgresStore) {
        storage = postgresStore.storage();
        const client = new pg.Client({ connectionString: postgresStore.url() });
        await client.connect();
        raw = async (sql, values) => void (await client.query(sql, values));
        close = () => client.end();
      } else {
        dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-search-'));
        storage = openSqliteStorage(dataDir);
        const db = new DatabaseSync(path.join(dataDir, 'messenger.sqlite'));
        db.exec('PRAGMA busy_timeout = 5000');
        raw = async (sql, values) => void db.prepare(sqlFor('sqlite', sql)).run(...(values as string[]));
        close = async () => {
          db.close();
          await storage.close();
        };
      }
    }, 60_000);
    afterAll(async () => {
      await close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('matches whole words and word beginnings, never the middle of a word', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      await post(storage, conversationId, alice, ['the quick brown fox', 'quickly now', 'a quiet place', 'unquick']);
      expect(await found(storage, alice, ['quick'])).toEqual(['quickly now', 'the quick brown fox']);
      expect(await found(storage, alice, ['qui'])).toEqual(['a quiet place', 'quickly now', 'the quick brown fox']);
      expect(await found(storage, alice, ['ick'])).toEqual([]);
    });

    it('requires every term', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      await post(storage, conversationId, alice, ['brown fox', 'brown dog', 'red fox']);
      expect(await found(storage, alice, ['brown', 'fox'])).toEqual(['brown fox']);
      expect(await found(storage, alice, ['fox', 'bro'])).toEqual(['brown fox']);
      expect(await found(storage, alice, ['brown', 'cat'])).toEqual([]);
    });

    it('ignores case and accents: "cafe" finds "Café" and "CAFÉ", and the other way round', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      const texts = ['Café au lait', 'CAFÉ NOIR', 'plain cafe', 'Cafe\u0301 decomposed', 'la cafétéria'];
      await post(storage, conversationId, alice, texts);
      const newestFirst = [...texts].reverse();
      expect(await found(storage, alice, ['cafe'])).toEqual(newestFirst);
      expect(await found(storage, alice, ['CAFÉ'])).toEqual(newestFirst);
      expect(await found(storage, alice, ['cafeteria'])).toEqual(['la cafétéria']);
      expect(await found(storage, alice, ['NAÏVE'])).toEqual([]);
    });

    it('splits words at punctuation and emoji, and finds Arabic, Cyrillic and the start of a CJK run', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      await post(storage, conversationId, alice, [
        'hello😀world, 👍🏽ok!',
        '🤔think🥰',
        'مرحبا بالعالم',
        'ПРИВЕТ мир',
        '東京に行きます。',
        'naïve—résumé',
      ]);
      expect(await found(storage, alice, ['world'])).toEqual(['hello😀world, 👍🏽ok!']);
      expect(await found(storage, alice, ['ok'])).toEqual(['hello😀world, 👍🏽ok!']);
      expect(await found(storage, alice, ['think'])).toEqual(['🤔think🥰']);
      expect(await found(storage, alice, ['بالع'])).toEqual(['مرحبا بالعالم']);
      expect(await found(storage, alice, ['привет'])).toEqual(['ПРИВЕТ мир']);
      expect(await found(storage, alice, ['東京'])).toEqual(['東京に行きます。']);
      expect(await found(storage, alice, ['東京に行きます'])).toEqual(['東京に行きます。']);
      expect(await found(storage, alice, ['resume', 'naive'])).toEqual(['naïve—résumé']);
    });

    it('searches only the conversations of the user, or the one named', async () => {
      const alice = await newUser(storage);
      const bob = await newUser(storage);
      const carol = await newUser(storage);
      const ab = (await newConversation(storage, [alice, bob])).id;
      const ac = (await newConversation(storage, [alice, carol], { direct: true })).id;
      const bc = (await newConversation(storage, [bob, carol])).id;
      await post(storage, ab, bob, ['zebra in ab']);
      await post(storage, ac, carol, ['zebra in ac']);
      await post(storage, bc, carol, ['zebra in bc']);
      expect(await found(storage, alice, ['zebra'])).toEqual(['zebra in ac', 'zebra in ab']);
      expect(await found(storage, bob, ['zebra'])).toEqual(['zebra in bc', 'zebra in ab']);
      expect(await found(storage, alice, ['zebra'], ab)).toEqual(['zebra in ab']);
      // Named, but not the user's: nothing (the service answers 403 before it asks).
      expect(await found(storage, alice, ['zebra'], bc)).toEqual([]);
      expect(await found(storage, alice, ['zebra'], randomUUID())).toEqual([]);
    });

    it('pages newest first with the cursor, without repeats or gaps, in one conversation and across several', async () => {
      const { alice, bob, conversationId } = await twoMembers(storage);
      const other = (await newConversation(storage, [alice, bob])).id;
      const inFirst: string[] = [];
      const everywhere: string[] = [];
      for (let i = 0; i < 25; i++) {
        const [id] = await post(storage, conversationId, alice, [`needle ${i}`]);
        await post(storage, conversationId, bob, [`hay ${i}`]);
        const [elsewhere] = await post(storage, other, bob, [`needle elsewhere ${i}`]);
        inFirst.unshift(id!);
        everywhere.unshift(elsewhere!, id!);
      }
      const one = await allPages(storage, alice, { terms: ['needle'], conversationId, limit: 10 });
      expect(one.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(one.flat()).toEqual(inFirst);
      const all = await allPages(storage, bob, { terms: ['needle'], conversationId: null, limit: 7 });
      expect(all.flat()).toEqual(everywhere);
      expect(new Set(all.flat()).size).toBe(50);
      // An exact fit ends with a null cursor, not an empty page.
      expect((await allPages(storage, alice, { terms: ['needle'], conversationId, limit: 25 })).length).toBe(1);
    });

    it('finds the user’s messages behind many newer matches in conversations of others', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      await post(storage, conversationId, alice, ['crowded word, mine']);
      const strangers = await twoMembers(storage);
      // More than SQLite's walk looks at before it narrows to the user's conversations; stored in one statement.
      const values = [randomUUID(), strangers.conversationId, strangers.alice, tick()];
      await raw(
        adapter === 'sqlite'
          ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100)
             INSERT INTO messages (id, conversation_id, seq, sender_id, content, message_type, created_at)
             SELECT ?1 || i, ?2, i, ?3, 'crowded word ' || i, 'text', ?4 FROM n`
          : `INSERT INTO messages (id, conversation_id, seq, sender_id, content, message_type, created_at)
             SELECT $1::text || i, $2, i, $3, 'crowded word ' || i, 'text', $4 FROM generate_series(1, 2100) AS i`,
        values,
      );
      expect(await found(storage, strangers.alice, ['crowded'])).toHaveLength(50);
      expect(await found(storage, alice, ['crowded'])).toEqual(['crowded word, mine']);
      expect(await found(storage, alice, ['crowded', 'mine'])).toEqual(['crowded word, mine']);
    });

    it('stores a message whose word is too long to index, and finds its other words', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      // 7,980 bytes in UTF-8: over PostgreSQL's 2,047-byte lexemes, which must not refuse the message.
      await post(storage, conversationId, alice, [`${'ж'.repeat(3990)} findme`]);
      expect(await found(storage, alice, ['findme'])).toHaveLength(1);
    });

    it('answers null for a cursor it did not issue', async () => {
      const { alice } = await twoMembers(storage);
      const foreign = adapter === 'sqlite' ? 'pgs1:2026-01-01T00:00:00.000Z/abc' : 'sqs1:5';
      for (const cursor of [foreign, 'abc', 'sqs1:0', 'sqs1:-1', 'sqs1:99999999999999999', 'pgs1:x/y', "sqs1:1' --"]) {
        const page = await storage.search.searchMessages(alice, {
          terms: ['a'],
          conversationId: null,
          limit: 5,
          cursor,
        });
        expect(page, cursor).toBeNull();
      }
    });

    it('takes any term as text, never as query syntax', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      await post(storage, conversationId, alice, ['NEAR OR AND NOT', "it's c:d"]);
      for (const term of ['"', "'", '*', '(', ')', 'a*', 'c:d', 'NEAR(a b)', '-x', '^y', '\\', '{content}', '😀', '']) {
        await expect(found(storage, alice, [term]), term).resolves.toBeInstanceOf(Array);
      }
      expect(await found(storage, alice, ['NEAR', 'OR'])).toEqual(['NEAR OR AND NOT']);
      expect(await found(storage, alice, ["it's"])).toEqual(["it's c:d"]);
      expect(await found(storage, alice, ['c:d'])).toEqual(["it's c:d"]);
    });

    it('follows edits and deletions of the text, in the same write', async () => {
      const { alice, conversationId } = await twoMembers(storage);
      const [edited, deleted, removed] = await post(storage, conversationId, alice, [
        'original wording',
        'original then deleted',
        'original then removed',
      ]);
      await storage.messageChanges.editMessage(edited!, 'revised wording', tick());
      await storage.messageChanges.deleteMessage(deleted!, tick());
      // No route removes a row; the trigger for one is there all the same.
      await raw(sqlFor(adapter, 'DELETE FROM messages WHERE id = $1'), [removed]);
      expect(await found(storage, alice, ['original'])).toEqual([]);
      expect(await found(storage, alice, ['revised'])).toEqual(['revised wording']);
      expect(await found(storage, alice, ['wording'])).toEqual(['revised wording']);
      // A deletion that kept its text would still never match.
      await raw(sqlFor(adapter, 'UPDATE messages SET deleted_at = $1 WHERE id = $2'), [tick(), edited]);
      expect(await found(storage, alice, ['revised'])).toEqual([]);
    });
  });
}
