import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  STORAGE_ADAPTERS,
  adapterAvailable,
  newConversation,
  newUser,
  textMessage,
  useStorage,
} from '../support/storageAdapters';

/** An ISO 8601 instant `minutes` after a fixed start, so that activity order is known. */
const minute = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes)).toISOString();

for (const adapter of STORAGE_ADAPTERS) {
  describe.skipIf(!adapterAvailable(adapter))(`catch-up storage on ${adapter}`, () => {
    const store = useStorage(adapter);

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
      expect(all.map((c) => c.id)).not.toContain(lonely.id);
      const expected = [...all].sort((x, y) =>
        x.lastActivityAt === y.lastActivityAt ? (x.id < y.id ? 1 : -1) : x.lastActivityAt < y.lastActivityAt ? 1 : -1,
      );
      expect(all.map((c) => c.id)).toEqual(expected.map((c) => c.id));

      const paged = [];
      let after: { lastActivityAt: string; id: string } | null = null;
      for (;;) {
        const page = await storage.chat.conversationPage(user, { after, limit: 3 });
        paged.push(...page);
        if (page.length < 3) break;
        const last = page.at(-1)!;
        after = { lastActivityAt: last.lastActivityAt, id: last.id };
      }
      expect(paged.map((c) => c.id)).toEqual(expected.map((c) => c.id));

      // A message moves its conversation to the front.
      const oldest = expected.at(-1)!;
      await storage.chat.appendMessage(textMessage(oldest.id, other, { at: minute(60) }));
      const first = await storage.chat.conversationPage(user, { after: null, limit: 1 });
      expect(first.map((c) => c.id)).toEqual([oldest.id]);
      expect(first[0]).toMatchObject({ lastSeq: 1, lastActivityAt: minute(60) });
    });

    it('answers everything without a token, then only what changed after it', async () => {
      const storage = store.storage();
      const [user, other, third] = [await newUser(storage), await newUser(storage), await newUser(storage)];
      const quiet = await newConversation(storage, [user, other]);
      const appended = await newConversation(storage, [user, other]);
      const readByOther = await newConversation(storage, [user, other]);
      const notMine = await newConversation(storage, [other, third]);
      await storage.chat.appendMessage(textMessage(readByOther.id, user));

      const everything = await storage.chat.conversationsChangedSince(user, null);
      expect(everything.conversations.map((c) => c.id).sort()).toEqual([quiet.id, appended.id, readByOther.id].sort());
      // A token taken after nothing more changed: an implementation may repeat what changed just before a token, not older ones.
      const { token } = await storage.chat.conversationsChangedSince(user, everything.token);

      await storage.chat.appendMessage(textMessage(appended.id, other));
      await storage.chat.markRead(readByOther.id, other, 1, new Date().toISOString());
      await storage.chat.appendMessage(textMessage(notMine.id, third));
      const created = await newConversation(storage, [user, third]);

      const changed = await storage.chat.conversationsChangedSince(user, token);
      const ids = changed.conversations.map((c) => c.id);
      expect(ids.sort()).toEqual([appended.id, readByOther.id, created.id].sort());
      expect(changed.conversations.find((c) => c.id === appended.id)?.lastSeq).toBe(1);

      const nothing = await storage.chat.conversationsChangedSince(user, changed.token);
      expect(nothing.conversations.map((c) => c.id)).not.toContain(quiet.id);
    });

    it('answers everything for a token it did not issue, without throwing', async () => {
      const storage = store.storage();
      const user = await newUser(storage);
      const conversation = await newConversation(storage, [user]);
      const { token } = await storage.chat.conversationsChangedSince(user, null);
      for (const foreign of [
        '',
        'garbage',
        'pg1:',
        'pg1:9:3:',
        'pg1:1:2:3,1',
        'pg1:900000000000:900000000001:900000000000', // well-formed, but from a future the database has not reached
        'pg1:99999999999999999999:1:',
        'sqlite1:-1',
        `${token}x`,
      ]) {
        const answer = await storage.chat.conversationsChangedSince(user, foreign);
        expect(answer.conversations.map((c) => c.id)).toEqual([conversation.id]);
        expect(typeof answer.token).toBe('string');
      }
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
  });
}
