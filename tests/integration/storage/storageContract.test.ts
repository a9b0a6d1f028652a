import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type MediaRecord, MediaUnavailable, UniqueViolation } from '../../../src/server/storage/storagePort';
import {
  STORAGE_ADAPTERS,
  adapterAvailable,
  deposit,
  newConversation,
  newUser,
  textMessage,
  transferRequest,
  useStorage,
} from '../support/storageAdapters';

const now = () => new Date().toISOString();

/** A file `uploaderId` uploaded at `at` (default now), not attached yet. */
const uploaded = (uploaderId: string, at = now()): MediaRecord => ({
  id: randomUUID(),
  uploaderId,
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  kind: 'file',
  size: 1_000,
  width: null,
  height: null,
  thumbnailSize: null,
  createdAt: at,
  messageId: null,
  conversationId: null,
});

for (const adapter of STORAGE_ADAPTERS) {
  describe.skipIf(!adapterAvailable(adapter))(`storage contract on ${adapter}`, () => {
    const store = useStorage(adapter);

    describe('users', () => {
      it('finds users by id and by username or email, case-insensitively', async () => {
        const storage = store.storage();
        const id = await newUser(storage);
        const user = (await storage.users.findById(id))!;
        expect((await storage.users.findByLogin(user.username.toUpperCase()))?.id).toBe(id);
        expect((await storage.users.findByLogin(user.email.toUpperCase()))?.id).toBe(id);
        expect(await storage.users.findById(randomUUID())).toBeNull();
        const many = await storage.users.findManyByIds([id, id, randomUUID()]);
        expect(many.map((each) => each.id)).toEqual([id]);
      });

      it('refuses a username or email taken in another case with UniqueViolation naming the field', async () => {
        const storage = store.storage();
        const user = (await storage.users.findById(await newUser(storage)))!;
        const base = { passwordHash: 'h', createdAt: now() };
        await expect(
          storage.users.create({
            ...base,
            id: randomUUID(),
            username: user.username.toUpperCase(),
            email: `${randomUUID()}@x.org`,
          }),
        ).rejects.toEqual(new UniqueViolation('username'));
        await expect(
          storage.users.create({
            ...base,
            id: randomUUID(),
            username: `n${Date.now()}`,
            email: user.email.toUpperCase(),
          }),
        ).rejects.toEqual(new UniqueViolation('email'));
      });

      it('searches usernames literally (% and _ are characters), prefixes first', async () => {
        const storage = store.storage();
        const tag = randomUUID().replaceAll('-', '').slice(0, 8);
        const make = (username: string) =>
          storage.users.create({
            id: randomUUID(),
            username,
            email: `${username}@x.org`,
            passwordHash: 'h',
            createdAt: now(),
          });
        await make(`x${tag}_a`);
        await make(`${tag}%b`);
        await make(`${tag}zc`);
        const found = await storage.users.search(tag.toUpperCase(), 10, 'nobody');
        expect(found.map((user) => user.username)).toEqual([`${tag}%b`, `${tag}zc`, `x${tag}_a`]);
        expect((await storage.users.search(`${tag}%`, 10, 'nobody')).map((user) => user.username)).toEqual([
          `${tag}%b`,
        ]);
      });
    });

    describe('refresh tokens', () => {
      it('marks a token used once, even when asked at the same time, and revokes its family', async () => {
        const storage = store.storage();
        const userId = await newUser(storage);
        const familyId = randomUUID();
        const token = { id: randomUUID(), familyId, userId, tokenHash: randomUUID(), expiresAt: now() };
        await storage.refreshTokens.insert(token);
        await storage.refreshTokens.insert({ ...token, id: randomUUID(), tokenHash: randomUUID() });
        expect(await storage.refreshTokens.findByHash(token.tokenHash)).toMatchObject({
          usedAt: null,
          familyRevoked: false,
        });
        const results = await Promise.all(
          Array.from({ length: 10 }, () => storage.refreshTokens.markUsed(token.id, now())),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await storage.refreshTokens.isFamilyLive(familyId, userId)).toBe(true);
        expect(await storage.refreshTokens.isFamilyLive(familyId, randomUUID())).toBe(false);
        await storage.refreshTokens.revokeFamily(familyId);
        expect(await storage.refreshTokens.isFamilyLive(familyId, userId)).toBe(false);
        expect((await storage.refreshTokens.findByHash(token.tokenHash))?.familyRevoked).toBe(true);
      });
    });

    describe('chat', () => {
      it('creates one direct conversation per pair, however many ask at once', async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const b = await newUser(storage);
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            storage.chat.createConversation(
              {
                id: randomUUID(),
                type: 'direct',
                title: null,
                pairKey: [a, b].sort().join(':'),
                lastSeq: 0,
                createdAt: now(),
                lastActivityAt: now(),
              },
              [a, b],
            ),
          ),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.conversation.id)).size).toBe(1);
        expect((await storage.chat.members(results[0]!.conversation.id)).map((m) => m.userId).sort()).toEqual(
          [a, b].sort(),
        );
        expect(await storage.chat.contactIdsOf(a)).toEqual([b]);
      });

      it("counts a user's unread messages by conversation in one read, leaving out conversations with none", async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const b = await newUser(storage);
        const c = await newUser(storage);
        const withB = await newConversation(storage, [a, b]);
        const group = await newConversation(storage, [a, b, c]);
        await newConversation(storage, [a, c]); // nothing sent: not listed
        for (const sender of [b, b, a, b]) await storage.chat.appendMessage(textMessage(withB.id, sender));
        for (const sender of [c, c]) await storage.chat.appendMessage(textMessage(group.id, sender));
        // a's own send moved a's read cursor to 3: only b's fourth message is unread.
        expect(await storage.chat.unreadCountsOf(a)).toEqual(
          new Map([
            [withB.id, 1],
            [group.id, 2],
          ]),
        );
        await storage.chat.markRead(group.id, a, 2, now());
        expect(await storage.chat.unreadCountsOf(a)).toEqual(new Map([[withB.id, 1]]));
        // b's last send read a's message on the way: b has nothing unread there.
        expect(await storage.chat.unreadCountsOf(b)).toEqual(new Map([[group.id, 2]]));
      });

      it('numbers 200 concurrent appends 1..200 with no gap and no repeat', async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const b = await newUser(storage);
        const conversation = await newConversation(storage, [a, b]);
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) =>
            storage.chat.appendMessage(textMessage(conversation.id, index % 2 ? a : b)),
          ),
        );
        expect(results.map((result) => result.message.seq).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 200 }, (_, index) => index + 1),
        );
        expect((await storage.chat.findConversation(conversation.id))?.lastSeq).toBe(200);
      });

      it('stores a (sender, clientId) sent many times at once as one message, leaving no gap', async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const conversation = await newConversation(storage, [a, await newUser(storage)]);
        const clientId = randomUUID();
        const results = await Promise.all(
          Array.from({ length: 20 }, () => storage.chat.appendMessage(textMessage(conversation.id, a, { clientId }))),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.message.id)).size).toBe(1);
        expect(results.every((result) => result.message.seq === 1)).toBe(true);
        expect((await storage.chat.appendMessage(textMessage(conversation.id, a))).message.seq).toBe(2);
        expect((await storage.chat.messageByClientId(a, clientId))?.seq).toBe(1);
      });

      it('pages messages between seqs, oldest first, newest page on request', async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const conversation = await newConversation(storage, [a]);
        for (let index = 0; index < 10; index += 1) await storage.chat.appendMessage(textMessage(conversation.id, a));
        const seqs = async (range: { after?: number; before?: number; limit: number; newest: boolean }) =>
          (await storage.chat.messagesBetween(conversation.id, range)).map((message) => message.seq);
        expect(await seqs({ limit: 3, newest: false })).toEqual([1, 2, 3]);
        expect(await seqs({ limit: 3, newest: true })).toEqual([8, 9, 10]);
        expect(await seqs({ after: 3, before: 8, limit: 10, newest: false })).toEqual([4, 5, 6, 7]);
        expect(await seqs({ before: 8, limit: 2, newest: true })).toEqual([6, 7]);
        expect((await storage.chat.messageAt(conversation.id, 5))?.seq).toBe(5);
        expect(await storage.chat.messageAt(conversation.id, 11)).toBeNull();
      });

      it('moves receipt cursors forward only, stamping delivered_at and read_at once every other member passed', async () => {
        const storage = store.storage();
        const [a, b, c] = [await newUser(storage), await newUser(storage), await newUser(storage)];
        const conversation = await newConversation(storage, [a, b, c]);
        const sent = await storage.chat.appendMessage(textMessage(conversation.id, a));
        expect(sent.senderRead).toMatchObject({ userId: a, seq: 1 });
        const stamps = async () => {
          const message = (await storage.chat.messageAt(conversation.id, 1))!;
          return { delivered: message.deliveredAt !== null, read: message.readAt !== null };
        };
        expect(await storage.chat.markDelivered(conversation.id, b, 1, now())).toMatchObject({ userId: b, seq: 1 });
        expect(await stamps()).toEqual({ delivered: false, read: false });
        expect(await storage.chat.markDelivered(conversation.id, b, 1, now())).toBeNull();
        expect(await storage.chat.markRead(conversation.id, c, 1, now())).toMatchObject({ userId: c, seq: 1 });
        expect(await stamps()).toEqual({ delivered: true, read: false });
        expect(await storage.chat.markRead(conversation.id, b, 1, now())).not.toBeNull();
        expect(await stamps()).toEqual({ delivered: true, read: true });
        expect(await storage.chat.markRead(conversation.id, b, 0, now())).toBeNull();
        expect(await storage.chat.markRead(conversation.id, randomUUID(), 1, now())).toBeNull();
        expect(await storage.chat.membership(conversation.id, c)).toMatchObject({ readSeq: 1, deliveredSeq: 1 });
      });

      it('stamps read_at when the last two readers read at the same moment', async () => {
        const storage = store.storage();
        const [a, b, c] = [await newUser(storage), await newUser(storage), await newUser(storage)];
        const conversation = await newConversation(storage, [a, b, c]);
        for (let seq = 1; seq <= 20; seq += 1) {
          await storage.chat.appendMessage(textMessage(conversation.id, a));
          await Promise.all([
            storage.chat.markRead(conversation.id, b, seq, now()),
            storage.chat.markRead(conversation.id, c, seq, now()),
          ]);
          expect((await storage.chat.messageAt(conversation.id, seq))?.readAt).not.toBeNull();
        }
      });
    });

    describe('media', () => {
      it("attaches a media with its uploader's message, once, and only the conversation's members may read it", async () => {
        const storage = store.storage();
        const [a, b, outsider] = [await newUser(storage), await newUser(storage), await newUser(storage)];
        const conversation = await newConversation(storage, [a, b]);
        const media = uploaded(a);
        await storage.media.insert(media);
        expect(await storage.media.readableBy(media.id, a)).toMatchObject({ id: media.id, messageId: null });
        expect(await storage.media.readableBy(media.id, b)).toBeNull();

        // Not the uploader: nothing is stored, not even a seq.
        const byB = { ...textMessage(conversation.id, b), messageType: 'file' as const, mediaId: media.id };
        await expect(storage.chat.appendMessage(byB)).rejects.toEqual(new MediaUnavailable(media.id));
        expect((await storage.chat.findConversation(conversation.id))?.lastSeq).toBe(0);

        const sent = {
          ...textMessage(conversation.id, a, { clientId: 'c1' }),
          messageType: 'file' as const,
          mediaId: media.id,
        };
        const appended = await storage.chat.appendMessage(sent);
        expect(appended).toMatchObject({ created: true, message: { seq: 1 } });
        // A replay of the client id attaches nothing and answers the original.
        expect(await storage.chat.appendMessage({ ...sent, id: randomUUID() })).toMatchObject({ created: false });
        // Another message with the same media is refused, and stores nothing.
        const again = { ...textMessage(conversation.id, a), messageType: 'file' as const, mediaId: media.id };
        await expect(storage.chat.appendMessage(again)).rejects.toEqual(new MediaUnavailable(media.id));
        expect((await storage.chat.findConversation(conversation.id))?.lastSeq).toBe(1);

        expect(await storage.media.readableBy(media.id, b)).toMatchObject({
          messageId: sent.id,
          conversationId: conversation.id,
        });
        expect(await storage.media.readableBy(media.id, outsider)).toBeNull();
        expect(await storage.media.readableBy(randomUUID(), a)).toBeNull();
        expect((await storage.media.findByMessageIds([sent.id, randomUUID()])).map((each) => each.id)).toEqual([
          media.id,
        ]);

        // Its message deleted, the media goes with it: nobody reads it any more.
        expect((await storage.media.removeAttachedTo(sent.id))?.id).toBe(media.id);
        expect(await storage.media.removeAttachedTo(sent.id)).toBeNull();
        expect(await storage.media.readableBy(media.id, a)).toBeNull();
        expect(await storage.media.findByMessageIds([sent.id])).toEqual([]);
      });

      it("counts a user's bytes, and deletes only old media nobody attached", async () => {
        const storage = store.storage();
        const a = await newUser(storage);
        const conversation = await newConversation(storage, [a, await newUser(storage)]);
        const old = '2020-01-01T00:00:00.000Z';
        const [stale, sentStale, fresh] = [uploaded(a, old), uploaded(a, old), uploaded(a)];
        const image = { ...uploaded(a), kind: 'image' as const, width: 10, height: 10, thumbnailSize: 300 };
        for (const media of [stale, sentStale, fresh, image]) await storage.media.insert(media);
        await storage.chat.appendMessage({
          ...textMessage(conversation.id, a),
          messageType: 'file',
          mediaId: sentStale.id,
        });
        expect(await storage.media.bytesUsedBy(a)).toBe(4_300);

        const removed = await storage.media.removeUnattachedBefore('2021-01-01T00:00:00.000Z', 10);
        expect(removed.map((media) => media.id)).toEqual([stale.id]);
        expect(await storage.media.findById(stale.id)).toBeNull();
        expect(await storage.media.findById(sentStale.id)).not.toBeNull();
        expect(await storage.media.bytesUsedBy(a)).toBe(3_300);
      });
    });

    describe('ledger', () => {
      it('deposits, transfers, refuses a transfer beyond the balance, replays a key and refuses a reused one', async () => {
        const storage = store.storage();
        const [a, b] = [await newUser(storage), await newUser(storage)];
        expect(await deposit(storage, a, 1_000)).toMatchObject({ userId: a, direction: 'in', balanceAfter: 1_000 });
        const request = transferRequest(a, b, 300);
        const created = await storage.ledger.transfer(request);
        expect(created).toMatchObject({
          kind: 'created',
          payer: { balanceAfter: 700, direction: 'out' },
          payee: { balanceAfter: 300 },
        });
        expect(
          await storage.ledger.transfer({ ...request, transaction: { ...request.transaction, id: randomUUID() } }),
        ).toMatchObject({
          kind: 'replayed',
          payer: { balanceAfter: 700, transaction: { id: request.transaction.id } },
        });
        expect(
          await storage.ledger.transfer({ ...transferRequest(a, b, 5), idempotencyKey: request.idempotencyKey }),
        ).toEqual({
          kind: 'key-reused',
        });
        expect(await storage.ledger.transfer(transferRequest(a, b, 701))).toEqual({
          kind: 'insufficient-funds',
          available: 700,
        });
        expect(await storage.ledger.balanceOf(a)).toBe(700);
        expect(await storage.ledger.balanceOf(b)).toBe(300);
        expect(await storage.ledger.hasIdempotencyKey(a, request.idempotencyKey)).toBe(true);
        expect((await storage.ledger.findTransaction(request.transaction.id))?.amount).toBe(300);
      });

      it('moves money once for one key sent many times at once', async () => {
        const storage = store.storage();
        const [a, b] = [await newUser(storage), await newUser(storage)];
        await deposit(storage, a, 100);
        const key = randomUUID();
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, () => storage.ledger.transfer(transferRequest(a, b, 10, { key, hash: 'same' }))),
        );
        expect(outcomes.filter((outcome) => outcome.kind === 'created')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.kind === 'replayed')).toHaveLength(19);
        expect(await storage.ledger.balanceOf(a)).toBe(90);
      });

      it('keeps every balance at zero or above and conserves money under concurrent transfers both ways', async () => {
        const storage = store.storage();
        const users = [await newUser(storage), await newUser(storage), await newUser(storage), await newUser(storage)];
        for (const user of users) await deposit(storage, user, 50);
        const outcomes = await Promise.all(
          Array.from({ length: 120 }, (_, index) =>
            storage.ledger.transfer(
              transferRequest(
                users[index % 4]!,
                users[(index * 7 + 1) % 4 === index % 4 ? (index + 1) % 4 : (index * 7 + 1) % 4]!,
                1 + (index % 13),
              ),
            ),
          ),
        );
        expect(outcomes.some((outcome) => outcome.kind === 'created')).toBe(true);
        const balances = await Promise.all(users.map((user) => storage.ledger.balanceOf(user)));
        expect(balances.every((balance) => balance >= 0)).toBe(true);
        expect(balances.reduce((sum, balance) => sum + balance, 0)).toBe(200);
        expect(await storage.ledger.totalBalance()).toBe(await storage.ledger.totalDeposited());
        for (const user of users) {
          const entries = await storage.ledger.entriesOf(user, { limit: 1_000 });
          expect(entries[0]?.balanceAfter).toBe(await storage.ledger.balanceOf(user));
        }
      });

      it('posts the payment message in the same transaction, and pages entries both ways', async () => {
        const storage = store.storage();
        const [a, b] = [await newUser(storage), await newUser(storage)];
        const conversation = await newConversation(storage, [a, b], { direct: true });
        await deposit(storage, a, 100);
        const outcome = await storage.ledger.transfer(transferRequest(a, b, 25, { conversationId: conversation.id }));
        expect(outcome.kind).toBe('created');
        if (outcome.kind !== 'created') return;
        expect(outcome.message?.message).toMatchObject({
          seq: 1,
          messageType: 'payment',
          transactionId: outcome.payer.transaction.id,
        });
        expect((await storage.chat.findConversation(conversation.id))?.lastSeq).toBe(1);
        await storage.ledger.transfer(transferRequest(a, b, 5));
        const newest = await storage.ledger.entriesOf(a, { limit: 10 });
        expect(newest.map((entry) => entry.balanceAfter)).toEqual([70, 75, 100]);
        const older = await storage.ledger.entriesOf(a, { beforeTransactionId: newest[0]!.transaction.id, limit: 10 });
        expect(older.map((entry) => entry.balanceAfter)).toEqual([75, 100]);
        const after = await storage.ledger.entriesAfter(a, newest[2]!.transaction.id, 10);
        expect(after.map((entry) => entry.balanceAfter)).toEqual([75, 70]);
        expect(await storage.ledger.entriesAfter(a, randomUUID(), 10)).toEqual([]);
      });
    });
  });
}
