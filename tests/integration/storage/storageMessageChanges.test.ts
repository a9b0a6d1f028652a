import { describe, expect, it } from 'vitest';
import { REACTION_KINDS_MAX } from '../../../src/shared/protocol/limits';
import type { Storage } from '../../../src/server/storage/storagePort';
import {
  STORAGE_ADAPTERS,
  adapterAvailable,
  newConversation,
  newUser,
  textMessage,
  useStorage,
} from '../support/storageAdapters';

/**
 * The storage port's edits, deletions, replies and reactions (storagePort.ts
 * `MessageChangeRepository`, `findMessage`, `messagesByIds`, `messagesChangedSince`), the same
 * cases on every adapter (PROTOCOL.md "Edits, deletions, replies, reactions").
 */

const now = () => new Date().toISOString();
const ids = (records: { id: string }[]) => records.map((record) => record.id).sort();

for (const adapter of STORAGE_ADAPTERS) {
  describe.skipIf(!adapterAvailable(adapter))(`message changes on ${adapter}`, () => {
    const store = useStorage(adapter);

    /** Two users in a group with one message from the first; returns all three. */
    async function oneMessage(storage: Storage, content = 'hello') {
      const [alice, bob] = [await newUser(storage), await newUser(storage)];
      const conversation = await newConversation(storage, [alice, bob]);
      const { message } = await storage.chat.appendMessage(textMessage(conversation.id, alice, { content }));
      return { alice, bob, conversation, message };
    }

    it('stores a reply with the message it answers, and finds messages by id', async () => {
      const storage = store.storage();
      const { alice, bob, conversation, message } = await oneMessage(storage);
      const reply = { ...textMessage(conversation.id, bob, { content: 'hi!' }), replyToId: message.id };
      const appended = await storage.chat.appendMessage(reply);
      expect(appended.message).toMatchObject({ replyToId: message.id, editedAt: null, deletedAt: null });
      expect(await storage.chat.findMessage(reply.id)).toMatchObject({ id: reply.id, replyToId: message.id, seq: 2 });
      expect(await storage.chat.findMessage('nobody')).toBeNull();
      expect(ids(await storage.chat.messagesByIds([message.id, reply.id, 'nobody']))).toEqual(
        [message.id, reply.id].sort(),
      );
      expect(await storage.chat.messagesByIds([])).toEqual([]);
      expect(alice).not.toBe(bob);
    });

    it('edits the text and sets editedAt; a deleted message cannot be edited', async () => {
      const storage = store.storage();
      const { message } = await oneMessage(storage, 'helo');
      const at = now();
      const edited = await storage.messageChanges.editMessage(message.id, 'hello', at);
      expect(edited).toMatchObject({
        id: message.id,
        seq: message.seq,
        content: 'hello',
        editedAt: at,
        deletedAt: null,
        revision: 1,
      });
      expect(await storage.chat.findMessage(message.id)).toMatchObject({ content: 'hello', editedAt: at });
      expect(await storage.messageChanges.editMessage('nobody', 'x', now())).toBeNull();

      await storage.messageChanges.deleteMessage(message.id, now());
      expect(await storage.messageChanges.editMessage(message.id, 'again', now())).toBeNull();
      expect(await storage.chat.findMessage(message.id)).toMatchObject({ content: '' });
    });

    it('deletes for everyone: empty content, deletedAt, reactions gone; a repeat changes nothing', async () => {
      const storage = store.storage();
      const { bob, message } = await oneMessage(storage);
      expect(await storage.messageChanges.setReaction(message.id, bob, '👍', true, now())).toBe('changed');
      const at = now();
      const deleted = await storage.messageChanges.deleteMessage(message.id, at);
      expect(deleted).toEqual({
        message: expect.objectContaining({ content: '', deletedAt: at, seq: 1 }),
        changed: true,
      });
      expect(await storage.messageChanges.reactionsOf([message.id])).toEqual([]);
      const again = await storage.messageChanges.deleteMessage(message.id, now());
      expect(again).toEqual({ message: expect.objectContaining({ deletedAt: at }), changed: false });
      expect(await storage.messageChanges.deleteMessage('nobody', now())).toBeNull();
      expect(await storage.messageChanges.setReaction(message.id, bob, '👍', true, now())).toBe('deleted');
    });

    it('keeps one reaction per kind per user, several kinds per user, in the order made', async () => {
      const storage = store.storage();
      const { alice, bob, message } = await oneMessage(storage);
      // Each a second after the last: the order made is the order of these times.
      let second = 0;
      const at = () => new Date(Date.UTC(2030, 0, 1, 0, 0, ++second)).toISOString();
      const react = (user: string, emoji: string, on: boolean) =>
        storage.messageChanges.setReaction(message.id, user, emoji, on, at());
      expect(await react(bob, '👍', true)).toBe('changed');
      expect(await react(bob, '👍', true)).toBe('unchanged');
      expect(await react(alice, '👍', true)).toBe('changed');
      expect(await react(bob, '❤️', true)).toBe('changed');
      expect(await react(alice, '❤️', false)).toBe('unchanged');
      expect(await react(bob, '👍', false)).toBe('changed');
      expect(await storage.messageChanges.setReaction('nobody', bob, '👍', true, now())).toBe('missing');
      const reactions = await storage.messageChanges.reactionsOf([message.id]);
      expect(reactions.map(({ emoji, userId }) => [emoji, userId])).toEqual([
        ['👍', alice],
        ['❤️', bob],
      ]);
      // One revision per reaction that changed something (ChatViews reads no reactions at revision 0).
      expect((await storage.chat.findMessage(message.id))?.revision).toBe(4);
    });

    it(`refuses a new kind past ${REACTION_KINDS_MAX} kinds, but not another user's reaction of a kind there`, async () => {
      const storage = store.storage();
      const { alice, bob, message } = await oneMessage(storage);
      const kinds = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔'];
      for (const emoji of kinds.slice(0, REACTION_KINDS_MAX)) {
        expect(await storage.messageChanges.setReaction(message.id, bob, emoji, true, now())).toBe('changed');
      }
      expect(await storage.messageChanges.setReaction(message.id, alice, kinds[REACTION_KINDS_MAX]!, true, now())).toBe(
        'too-many-kinds',
      );
      expect(await storage.messageChanges.setReaction(message.id, alice, kinds[0]!, true, now())).toBe('changed');
    });

    it('answers changed messages after a token, and counts their conversation as changed', async () => {
      const storage = store.storage();
      const { alice, bob, conversation, message } = await oneMessage(storage);
      const second = (await storage.chat.appendMessage(textMessage(conversation.id, bob))).message;
      const third = (await storage.chat.appendMessage(textMessage(conversation.id, alice))).message;
      const before = (await storage.chat.conversationsChangedSince(bob, null)).token;
      expect(await storage.chat.messagesChangedSince([conversation.id], before)).toEqual([]);

      await storage.messageChanges.editMessage(message.id, 'edited', now());
      await storage.messageChanges.setReaction(third.id, bob, '🎉', true, now());
      const changed = await storage.chat.conversationsChangedSince(bob, before);
      expect(changed.conversations.map((record) => record.id)).toEqual([conversation.id]);
      const messages = await storage.chat.messagesChangedSince([conversation.id], before);
      expect(messages.map((record) => [record.seq, record.content])).toEqual([
        [1, 'edited'],
        [3, 'hello'],
      ]);
      // A change is not an append: where the conversation stood at the token does not move.
      expect(await storage.chat.lastSeqsAt([conversation.id], before)).toEqual(new Map([[conversation.id, 3]]));

      // Nothing changed after the newer token; a token not ours answers every change ever.
      const after = changed.token;
      expect(await storage.chat.messagesChangedSince([conversation.id], after)).toEqual([]);
      expect((await storage.chat.messagesChangedSince([conversation.id], 'not-a-token')).map((r) => r.seq)).toEqual([
        1, 3,
      ]);
      await storage.messageChanges.deleteMessage(second.id, now());
      expect((await storage.chat.messagesChangedSince([conversation.id], after)).map((r) => r.seq)).toEqual([2]);
      expect(await storage.chat.messagesChangedSince([], after)).toEqual([]);
    });

    it('does not count a change that changed nothing', async () => {
      const storage = store.storage();
      const { bob, conversation, message } = await oneMessage(storage);
      const before = (await storage.chat.conversationsChangedSince(bob, null)).token;
      await storage.messageChanges.setReaction(message.id, bob, '👍', false, now());
      expect(await storage.chat.messagesChangedSince([conversation.id], before)).toEqual([]);
    });
  });
}
