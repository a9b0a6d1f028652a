import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/protocol/entities';
import { engineKit, messagesWith, next, run, serverMessages, until } from './support/engineKit';
import type { TestServer } from './support/testServer';

/**
 * The engine's side of PROTOCOL.md "Edits, deletions, replies, reactions": changes shown at once,
 * queued like sends (offline, across a restart of the server, in order with the conversation's
 * sends), the other side seeing each change live or after a reconnect, and a refused change undone.
 */

const kit = engineKit();
/** Reconnects come quickly, so a test waits on the link, not on the default backoff. */
const fast = { engine: { backoff: { baseMs: 20, maxMs: 200 } } };

/** Alice and Bob signed in, with a direct conversation Alice opened by sending "hello". */
async function pair(s: TestServer) {
  const [alice, bob] = await Promise.all([
    kit.signIn(s, { prefix: 'alice', ...fast }),
    kit.signIn(s, { prefix: 'bob', ...fast }),
  ]);
  const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
  const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === hello.clientId);
  const sent = (await messagesWith(alice, conversationId, (m) => m.clientId === hello.clientId)).messages.find(
    (m) => m.clientId === hello.clientId,
  )!;
  return { alice, bob, conversationId, hello: sent };
}

const held = async (h: Parameters<typeof run>[0], conversationId: string, id: string): Promise<Message> =>
  (await run(h, 'getMessages', { conversationId })).messages.find((m) => m._id === id)!;

describe('engine message changes', () => {
  it('edits, reacts, replies and deletes live, both ways', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId, hello } = await pair(s);
    const id = hello._id;

    await run(alice, 'editMessage', { conversationId, messageId: id, content: 'hello there' });
    expect((await held(alice, conversationId, id)).content).toBe('hello there'); // shown at once
    await messagesWith(bob, conversationId, (m) => m._id === id && m.content === 'hello there' && m.editedAt !== null);

    await run(bob, 'setReaction', { conversationId, messageId: id, emoji: '👍', on: true });
    await messagesWith(alice, conversationId, (m) => m._id === id && m.reactions[0]?.emoji === '👍');
    expect((await held(alice, conversationId, id)).reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [bob.user._id] },
    ]);

    const reply = await run(bob, 'sendMessage', { conversationId, content: 'hi!', replyToId: id });
    expect(reply.replyToId).toBe(id);
    const replied = await messagesWith(alice, conversationId, (m) => m.clientId === reply.clientId);
    expect(replied.messages.find((m) => m.clientId === reply.clientId)!.replyTo).toMatchObject({
      _id: id,
      content: 'hello there',
    });

    await run(alice, 'deleteMessage', { conversationId, messageId: id });
    await messagesWith(bob, conversationId, (m) => m._id === id && m.deletedAt !== null && m.content === '');
    expect((await held(bob, conversationId, id)).reactions).toEqual([]);
    // The outbox never showed the changes as messages of their own: only the two sends.
    const shown = [alice, bob].flatMap((h) => h.events.filter((e) => e.event === 'outbox'));
    const items = shown.flatMap((e) => e.payload as { content: string }[]);
    expect(new Set(items.map((item) => item.content))).toEqual(new Set(['hello', 'hi!']));
  });

  it('keeps offline edits and reactions in order with sends, and the other side learns of them on reconnect', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId, hello } = await pair(s);
    const down = [alice.nextStatus('reconnecting'), bob.nextStatus('reconnecting')];
    await kit.stopServer(s);
    await Promise.all(down);

    await run(alice, 'editMessage', { conversationId, messageId: hello._id, content: 'edited offline' });
    const later = await run(alice, 'sendMessage', { conversationId, content: 'sent offline' });
    await run(alice, 'setReaction', { conversationId, messageId: hello._id, emoji: '🎉', on: true });
    const shown = await held(alice, conversationId, hello._id);
    expect(shown).toMatchObject({ content: 'edited offline', reactions: [{ emoji: '🎉', count: 1 }] });
    expect(shown.editedAt).not.toBeNull();

    const back = [alice.nextStatus('online', 15_000), bob.nextStatus('online', 15_000)];
    const restarted = await kit.restartServer(s);
    await Promise.all(back);
    await messagesWith(bob, conversationId, (m) => m.clientId === later.clientId);
    await messagesWith(bob, conversationId, (m) => m._id === hello._id && m.reactions.length === 1);
    const bobsCopy = await held(bob, conversationId, hello._id);
    expect(bobsCopy).toMatchObject({
      content: 'edited offline',
      reactions: [{ emoji: '🎉', userIds: [alice.user._id] }],
    });

    const stored = await serverMessages(restarted, alice.user.username, conversationId);
    expect(stored.map((m) => m.content)).toEqual(['edited offline', 'sent offline']);
  });

  it('learns of changes made while it was away through sync, edits to what it holds only', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId, hello } = await pair(s);
    const second = await run(alice, 'sendMessage', { conversationId, content: 'second' });
    const secondHeld = await messagesWith(bob, conversationId, (m) => m.clientId === second.clientId);
    const secondId = secondHeld.messages.find((m) => m.clientId === second.clientId)!._id;

    // Bob's link drops and stays down; meanwhile Alice edits one message and deletes the other.
    const chat = s.io.of('/chat');
    let away = true;
    const isBob = (data: unknown) => (data as { identity?: { userId?: string } }).identity?.userId === bob.user._id;
    chat.use((socket, next) => (away && isBob(socket.data) ? next(new Error('away')) : next()));
    const gone = bob.nextStatus('reconnecting');
    for (const socket of await chat.fetchSockets()) if (isBob(socket.data)) socket.disconnect(true);
    await gone;
    await run(alice, 'editMessage', { conversationId, messageId: hello._id, content: 'changed while away' });
    await run(alice, 'deleteMessage', { conversationId, messageId: secondId });
    await until(alice, 'messages', (p) => p.messages.some((m) => m._id === secondId && m.deletedAt !== null));
    await until(alice, 'messages', (p) => p.messages.some((m) => m._id === hello._id && m.editedAt !== null));
    const updates = bob.events.length;
    away = false;
    const online = bob.nextStatus('online', 15_000);
    bob.engine.resume();
    await online;
    await messagesWith(bob, conversationId, (m) => m._id === secondId && m.deletedAt !== null);
    const edited = await held(bob, conversationId, hello._id);
    expect(edited.content).toBe('changed while away');
    expect(bob.events.length).toBeGreaterThan(updates);
    const messages = (await run(bob, 'getMessages', { conversationId })).messages;
    expect(messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('undoes a change the server refuses and says why', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId, hello } = await pair(s);
    const failed = next(bob, 'messageChangeFailed');
    // Bob may not edit Alice's message: shown at once, then refused and undone.
    await run(bob, 'editMessage', { conversationId, messageId: hello._id, content: 'not mine' });
    expect(await failed).toMatchObject({ conversationId, messageId: hello._id, kind: 'edit', code: 'FORBIDDEN' });
    await until(bob, 'messages', (p) => p.messages.some((m) => m._id === hello._id && m.content === 'hello'));
    expect((await held(bob, conversationId, hello._id)).content).toBe('hello');
    expect(alice.events.some((e) => e.event === 'messageChangeFailed')).toBe(false);
  });

  it('changes a message it does not hold through the server, told as messagesUpdated; refuses an emoji that is not one', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId, hello } = await pair(s);
    const failed = next(alice, 'messageChangeFailed');
    await run(alice, 'deleteMessage', { conversationId, messageId: 'nope' });
    expect(await failed).toMatchObject({ messageId: 'nope', kind: 'delete', code: 'NOT_FOUND' });
    // History far back, opened around a message: Bob reacts to a copy his list does not hold.
    const farBack = await run(bob, 'getMessagesAround', { conversationId, seq: hello.seq });
    expect(farBack.messages.map((m) => m._id)).toEqual([hello._id]);
    const updated = next(alice, 'messagesUpdated', (p) => p.messages.some((m) => m.reactions.length > 0));
    await run(bob, 'setReaction', { conversationId, messageId: hello._id, emoji: '🙂', on: true });
    expect((await updated).messages[0]).toMatchObject({ _id: hello._id, revision: 1 });
    const text = await alice.engine.invoke('setReaction', {
      conversationId,
      messageId: hello._id,
      emoji: 'ok',
      on: true,
    });
    expect(text).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
