import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SYNC_STORAGE_TOKEN_MAX_LENGTH } from '../../../src/server/storage/storagePort';
import type { ConversationRecord, Storage } from '../../../src/server/storage/storagePort';
import {
  STORAGE_ADAPTERS,
  adapterAvailable,
  newConversation,
  newUser,
  textMessage,
  useStorage,
} from '../support/storageAdapters';

/**
 * The storage port's catch-up methods (storagePort.ts `conversationsChangedSince`,
 * `conversationPage`, `syncToken`, `lastSeqsAt`, `conversationsAmong`), the same cases on every
 * adapter (PROTOCOL.md "Catching up at any account size").
 */

/** An ISO 8601 instant `minutes` after a fixed start, so that activity order is known. */
const minute = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes)).toISOString();
const ids = (records: { id: string }[]) => records.map((record) => record.id);
/** More conversations than the SQLite adapter walks by version (or activity) before it reads the user's own instead. */
const BEYOND_SCAN_BUDGET = 2_100;

for (const adapter of STORAGE_ADAPTERS) {
  describe.skipIf(!adapterAvailable(adapter))(`catch-up storage on ${adapter}`, () => {
    const store = useStorage(adapter);
    const append = (storage: Storage, conversationId: string, senderId: string) =>
      storage.chat.appendMessage(textMessage(conversationId, senderId));

    describe('conversationPage', () => {
      it('pages a user’s conversations by activity then id, both descending, the same as conversationsOf', async () => {
        const storage = store.storage();
        const user = await newUser(storage);
        const other = await newUser(storage);
        // Three share one activity instant, so the id decides between them.
        const instants = [1, 5, 5, 5, 2, 9, 3, 7];
        for (const at of instants) await newConversation(storage, [user, other], { at: minute(at) });
        const lonely = await newConversation(storage, [other]);
        const all = await storage.chat.conversationsOf(user);
        expect(all).toHaveLength(instants.length);
        expect(ids(all)).not.toContain(lonely.id);
        const expected = [...all].sort((x, y) =>
          x.lastActivityAt === y.lastActivityAt ? (x.id < y.id ? 1 : -1) : x.lastActivityAt < y.lastActivityAt ? 1 : -1,
        );
        expect(ids(all)).toEqual(ids(expected));

        const paged = [];
        let after: { lastActivityAt: string; id: string } | null = null;
        for (;;) {
          const page = await storage.chat.conversationPage(user, { after, limit: 3 });
          paged.push(...page);
          if (page.length < 3) break;
          const last = page.at(-1)!;
          after = { lastActivityAt: last.lastActivityAt, id: last.id };
        }
        expect(ids(paged)).toEqual(ids(expected));

        // A message moves its conversation to the front.
        const oldest = expected.at(-1)!;
        await storage.chat.appendMessage(textMessage(oldest.id, other, { at: minute(60) }));
        const first = await storage.chat.conversationPage(user, { after: null, limit: 1 });
        expect(ids(first)).toEqual([oldest.id]);
        expect(first[0]).toMatchObject({ lastSeq: 1, lastActivityAt: minute(60) });
      });

      it('pages each conversation once, whether the user’s are sparse or dense among everyone’s', async () => {
        const storage = store.storage();
        const [alice, bob] = [await newUser(storage), await newUser(storage)];
        const hers: ConversationRecord[] = [];
        for (let i = 0; i < 5; i++) hers.push(await newConversation(storage, [alice, bob], { at: minute(3000 + i) }));
        const others = await Promise.all(
          Array.from({ length: BEYOND_SCAN_BUDGET }, (_, i) => newConversation(storage, [bob], { at: minute(i) })),
        );
        const newestFirst = ids([...hers].reverse());

        const pages: ConversationRecord[][] = [];
        let after: { lastActivityAt: string; id: string } | null = null;
        for (;;) {
          const page: ConversationRecord[] = await storage.chat.conversationPage(alice, { after, limit: 2 });
          pages.push(page);
          if (page.length < 2) break;
          after = page.at(-1)!;
        }
        expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
        expect(ids(pages.flat())).toEqual(newestFirst);
        expect(ids(await storage.chat.conversationsOf(alice))).toEqual(newestFirst);
        const bobFirst = await storage.chat.conversationPage(bob, { after: null, limit: 8 });
        expect(ids(bobFirst)).toEqual([...newestFirst, ...ids(others.slice(-3).reverse())]);
      });
    });

    describe('conversationsChangedSince', () => {
      it('answers everything without a token, then only what changed after it', async () => {
        const storage = store.storage();
        const [user, other, third] = [await newUser(storage), await newUser(storage), await newUser(storage)];
        const quiet = await newConversation(storage, [user, other]);
        const appended = await newConversation(storage, [user, other]);
        const readByOther = await newConversation(storage, [user, other]);
        const notMine = await newConversation(storage, [other, third]);
        await append(storage, readByOther.id, user);

        const everything = await storage.chat.conversationsChangedSince(user, null);
        expect(ids(everything.conversations).sort()).toEqual([quiet.id, appended.id, readByOther.id].sort());
        // A token taken after nothing more changed: an implementation may repeat what changed just before a token, not older ones.
        const { token } = await storage.chat.conversationsChangedSince(user, everything.token);

        await append(storage, appended.id, other);
        await storage.chat.markRead(readByOther.id, other, 1, new Date().toISOString());
        await append(storage, notMine.id, third);
        const created = await newConversation(storage, [user, third]);

        const changed = await storage.chat.conversationsChangedSince(user, token);
        expect(ids(changed.conversations).sort()).toEqual([appended.id, readByOther.id, created.id].sort());
        expect(changed.conversations.find((c) => c.id === appended.id)?.lastSeq).toBe(1);

        const nothing = await storage.chat.conversationsChangedSince(user, changed.token);
        expect(ids(nothing.conversations)).not.toContain(quiet.id);
      });

      it('answers after a token exactly what a creation, a message, a read or a delivery changed, one at a time', async () => {
        const storage = store.storage();
        const [alice, bob, carol] = [await newUser(storage), await newUser(storage), await newUser(storage)];
        const withBob = await newConversation(storage, [alice, bob]);
        const withCarol = await newConversation(storage, [alice, carol]);
        const quiet = await newConversation(storage, [alice, bob, carol]);
        await append(storage, withBob.id, alice);
        await append(storage, withCarol.id, alice);
        await append(storage, quiet.id, alice);
        let { token } = await storage.chat.conversationsChangedSince(alice, null);
        const changedNow = async () => {
          const answer = await storage.chat.conversationsChangedSince(alice, token);
          token = answer.token;
          return ids(answer.conversations);
        };
        expect(await changedNow()).toEqual([]);
        await append(storage, withBob.id, bob);
        expect(await changedNow()).toEqual([withBob.id]);
        await storage.chat.markRead(withCarol.id, carol, 1, new Date().toISOString());
        expect(await changedNow()).toEqual([withCarol.id]);
        await storage.chat.markDelivered(quiet.id, bob, 1, new Date().toISOString());
        expect(await changedNow()).toEqual([quiet.id]);
        const added = await newConversation(storage, [carol, alice]);
        expect(await changedNow()).toEqual([added.id]);
        // Cursors that do not move change nothing; other users' conversations are never answered.
        await storage.chat.markDelivered(quiet.id, bob, 1, new Date().toISOString());
        await append(storage, (await newConversation(storage, [bob, carol])).id, bob);
        expect(await changedNow()).toEqual([]);
      });

      it('misses nothing when many conversations changed across all users since the token', async () => {
        const storage = store.storage();
        const [alice, bob] = [await newUser(storage), await newUser(storage)];
        const mine = await newConversation(storage, [alice, bob]);
        const { token } = await storage.chat.conversationsChangedSince(alice, null);
        await Promise.all(Array.from({ length: BEYOND_SCAN_BUDGET }, () => newConversation(storage, [bob])));
        await append(storage, mine.id, bob);
        const answer = await storage.chat.conversationsChangedSince(alice, token);
        expect(ids(answer.conversations)).toEqual([mine.id]);
        expect((await storage.chat.conversationsChangedSince(alice, answer.token)).conversations).toEqual([]);
      });

      it('answers everything for a token it did not issue, without throwing', async () => {
        const storage = store.storage();
        const user = await newUser(storage);
        const conversation = await newConversation(storage, [user]);
        const { token } = await storage.chat.conversationsChangedSince(user, null);
        for (const foreign of [
          '',
          'garbage',
          'sq1:99999999999999', // well-formed, but ahead of this database
          'sq1:-1',
          'pg1:',
          'pg1:1',
          'pg1:9:3:',
          'pg1:1:2:3,1',
          'pg1:900000000000:900000000001:900000000000', // well-formed, but from a future the database has not reached
          'pg1:99999999999999999999:1:',
          'sqlite1:-1',
          `${token}x`,
        ]) {
          const answer = await storage.chat.conversationsChangedSince(user, foreign);
          expect(ids(answer.conversations)).toEqual([conversation.id]);
          expect(typeof answer.token).toBe('string');
          // And every conversation counts from 0 for it.
          expect(await storage.chat.lastSeqsAt([conversation.id], foreign)).toEqual(new Map());
        }
      });
    });

    describe('lastSeqsAt, syncToken, conversationsAmong', () => {
      it('answers each conversation’s lastSeq as it stood at a token, in one batch', async () => {
        const storage = store.storage();
        const [user, other] = [await newUser(storage), await newUser(storage)];
        const busy = await newConversation(storage, [user, other]);
        const empty = await newConversation(storage, [user, other]);
        const still = await newConversation(storage, [user, other]);
        for (let i = 0; i < 3; i++) await append(storage, busy.id, other);
        for (let i = 0; i < 2; i++) await append(storage, still.id, user);
        const { token } = await storage.chat.conversationsChangedSince(user, null);
        const listed = await storage.chat.syncToken();

        for (let i = 0; i < 4; i++) await append(storage, busy.id, user);
        await append(storage, empty.id, other);
        await storage.chat.markRead(still.id, other, 2, new Date().toISOString());
        const unknown = randomUUID();
        const expected = new Map([
          [busy.id, 3],
          [still.id, 2],
        ]);
        expect(await storage.chat.lastSeqsAt([busy.id, empty.id, still.id, unknown], token)).toEqual(expected);
        expect(await storage.chat.lastSeqsAt([busy.id, empty.id, still.id, unknown], listed)).toEqual(expected);
        expect(await storage.chat.lastSeqsAt([], token)).toEqual(new Map());
        // A token read now stands where everything is now.
        const now = await storage.chat.syncToken();
        expect(await storage.chat.lastSeqsAt([busy.id, empty.id, still.id], now)).toEqual(
          new Map([
            [busy.id, 7],
            [empty.id, 1],
            [still.id, 2],
          ]),
        );
      });

      it('stands exactly where the answer that issued the token stood, while messages race it', async () => {
        const storage = store.storage();
        const [user, other] = [await newUser(storage), await newUser(storage)];
        const conversations = [
          await newConversation(storage, [user, other]),
          await newConversation(storage, [user, other]),
        ];
        let answer = await storage.chat.conversationsChangedSince(user, null);
        const held = new Map(answer.conversations.map((c) => [c.id, c.lastSeq]));
        for (let round = 0; round < 30; round += 1) {
          const target = conversations[round % conversations.length]!;
          const [sent, next] = await Promise.all([
            append(storage, target.id, other),
            storage.chat.conversationsChangedSince(user, answer.token),
          ]);
          // What a client holds after applying `next`; the storage says the same of `next.token`.
          for (const c of next.conversations) held.set(c.id, c.lastSeq);
          const atToken = await storage.chat.lastSeqsAt(ids(conversations), next.token);
          for (const c of conversations) expect(atToken.get(c.id) ?? 0).toBe(held.get(c.id));
          // A message the token did not see is a change after it.
          if ((atToken.get(target.id) ?? 0) < sent.message.seq) {
            const later = await storage.chat.conversationsChangedSince(user, next.token);
            expect(ids(later.conversations)).toContain(target.id);
          }
          answer = next;
        }
      });

      it('issues tokens no longer than SYNC_STORAGE_TOKEN_MAX_LENGTH', async () => {
        const storage = store.storage();
        const user = await newUser(storage);
        const tokens = [
          await storage.chat.syncToken(),
          (await storage.chat.conversationsChangedSince(user, null)).token,
        ];
        for (const token of tokens) expect(token.length).toBeLessThanOrEqual(SYNC_STORAGE_TOKEN_MAX_LENGTH);
      });

      it('answers the user’s conversations among some ids, leaving out others’ and unknown ones', async () => {
        const storage = store.storage();
        const [user, other] = [await newUser(storage), await newUser(storage)];
        const mine = await newConversation(storage, [user, other]);
        const theirs = await newConversation(storage, [other]);
        await append(storage, mine.id, other);
        const found = await storage.chat.conversationsAmong(user, [mine.id, theirs.id, randomUUID()]);
        expect(found).toEqual([{ ...mine, lastSeq: 1, lastActivityAt: expect.any(String) }]);
        expect(await storage.chat.conversationsAmong(user, [])).toEqual([]);
      });
    });

    it('never misses a change that raced the token', async () => {
      const storage = store.storage();
      const user = await newUser(storage);
      const other = await newUser(storage);
      const conversations = [
        await newConversation(storage, [user, other]),
        await newConversation(storage, [user, other]),
        await newConversation(storage, [user, other]),
      ];
      let { token } = await storage.chat.conversationsChangedSince(user, null);
      for (let round = 0; round < 40; round += 1) {
        const target = conversations[round % conversations.length]!;
        const [sent, answer] = await Promise.all([
          storage.chat.appendMessage(textMessage(target.id, other, { clientId: randomUUID() })),
          storage.chat.conversationsChangedSince(user, token),
        ]);
        const seen = answer.conversations.find((c) => c.id === target.id);
        const later = await storage.chat.conversationsChangedSince(user, answer.token);
        // Either the answer raced ahead and already holds the message, or the next one has it.
        if (!seen || seen.lastSeq < sent.message.seq) {
          expect(later.conversations.find((c) => c.id === target.id)?.lastSeq).toBeGreaterThanOrEqual(sent.message.seq);
        }
        token = later.token;
      }
    });

    it.runIf(adapter === 'postgres')(
      'keeps a token short while many transactions are in progress, and still misses no change they make',
      async () => {
        const storage = store.storage();
        const [user, other] = [await newUser(storage), await newUser(storage)];
        const conversation = await newConversation(storage, [user, other]);
        await append(storage, conversation.id, other);
        const { token: before } = await storage.chat.conversationsChangedSince(user, null);
        // Transactions holding ids while others commit after them: the snapshot lists them all as in progress.
        const clients = Array.from({ length: 24 }, () => new pg.Client({ connectionString: store.url() }));
        try {
          for (const client of clients) {
            await client.connect();
            await client.query('BEGIN');
            await client.query('SELECT pg_current_xact_id()');
          }
          // The first of them changes the conversation, committed only after the tokens below were read.
          await clients[0]!.query(
            'UPDATE conversations SET changed_xid = pg_current_xact_id(), last_seq = last_seq WHERE id = $1',
            [conversation.id],
          );
          await newConversation(storage, [other]);
          const { rows } = await clients[1]!.query<{ snapshot: string }>(
            'SELECT pg_current_snapshot()::text AS snapshot',
          );
          expect(`pg1:${rows[0]!.snapshot}`.length).toBeGreaterThan(SYNC_STORAGE_TOKEN_MAX_LENGTH);

          const answer = await storage.chat.conversationsChangedSince(user, before);
          const listed = await storage.chat.syncToken();
          for (const token of [answer.token, listed]) {
            expect(token.length).toBeLessThanOrEqual(SYNC_STORAGE_TOKEN_MAX_LENGTH);
          }
          for (const client of clients) await client.query('COMMIT');
          for (const token of [answer.token, listed]) {
            const later = await storage.chat.conversationsChangedSince(user, token);
            expect(ids(later.conversations)).toContain(conversation.id);
            // Its message was committed before the token: still counted (or, conservatively, from 0).
            expect(
              (await storage.chat.lastSeqsAt([conversation.id], token)).get(conversation.id) ?? 0,
            ).toBeLessThanOrEqual(1);
          }
        } finally {
          for (const client of clients) await client.end().catch(() => undefined);
        }
      },
    );
  });
}
