import { describe, expect, it } from 'vitest';
import { engineKit, messagesWith, next, PASSWORD, run, until } from './support/engineKit';

/** PROTOCOL.md "Receipts", as the engine turns them into what the UI shows. */

const kit = engineKit();

describe('what is read, on every device of a user', () => {
  it('reading on one device clears the unread count on the user’s other devices within a moment', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    // Alice's second device: the same user, another login.
    const laptop = kit.host(s.url);
    const laptopOnline = laptop.nextStatus('online');
    await run(laptop, 'logIn', { login: alice.user.username, password: PASSWORD });
    await laptopOnline;

    const first = await run(bob, 'sendMessage', { receiverId: alice.user._id, content: 'one' });
    const { conversationId } = await messagesWith(alice, null, (m) => m.clientId === first.clientId);
    await run(bob, 'sendMessage', { conversationId, content: 'two' });
    await run(bob, 'sendMessage', { conversationId, content: 'three' });
    await until(laptop, 'conversations', (list) => list.some((c) => c._id === conversationId && c.unreadCount === 3));
    await until(alice, 'conversations', (list) => list.some((c) => c._id === conversationId && c.unreadCount === 3));

    const cleared = next(laptop, 'conversations', (list) =>
      list.some((c) => c._id === conversationId && c.unreadCount === 0),
    );
    await run(alice, 'setConversationInView', { conversationId });
    await cleared;
    const state = await run(laptop, 'getChatState', {});
    expect(state.conversations.find((c) => c._id === conversationId)?.unreadCount).toBe(0);
  });
});

describe('receipts in a group', () => {
  it('an own message is read once every other member read it, and memberReads says who did', async () => {
    const s = await kit.server();
    const [alice, bob, carol] = await Promise.all([
      kit.signIn(s, { prefix: 'alice' }),
      kit.signIn(s, { prefix: 'bob' }),
      kit.signIn(s, { prefix: 'carol' }),
    ]);
    const group = await run(alice, 'createGroup', { title: 'trio', memberIds: [bob.user._id, carol.user._id] });
    const sent = await run(alice, 'sendMessage', { conversationId: group._id, content: 'who reads this?' });
    await messagesWith(bob, group._id, (m) => m.clientId === sent.clientId);
    await messagesWith(carol, group._id, (m) => m.clientId === sent.clientId);

    await run(bob, 'setConversationInView', { conversationId: group._id });
    await until(alice, 'conversations', (list) =>
      list.some((c) => c._id === group._id && c.memberReads[bob.user._id] === 1),
    );
    const [held] = (await run(alice, 'getMessages', { conversationId: group._id })).messages;
    expect(held).toMatchObject({ isRead: false, readAt: null });

    await run(carol, 'setConversationInView', { conversationId: group._id });
    await messagesWith(alice, group._id, (m) => m.clientId === sent.clientId && m.isRead);
    const view = (await run(alice, 'getChatState', {})).conversations.find((c) => c._id === group._id);
    expect(view?.memberReads).toEqual({ [bob.user._id]: 1, [carol.user._id]: 1 });
  });
});
