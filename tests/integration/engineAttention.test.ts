import { describe, expect, it } from 'vitest';
import { engineKit, messagesWith, payloads, run, until } from './support/engineKit';

/**
 * What deserves the user's attention is the engine's to decide (DESIGN.md: computed once, in the
 * engine): it emits `notice`, `sound` and `unread`, which hosts and the UI only render.
 */

const kit = engineKit();

describe('what the engine says deserves attention', () => {
  it('a message from someone else is a notice, a tone and one more unread; the conversation in view of a focused app is neither', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);

    await run(bob, 'sendMessage', { receiverId: alice.user._id, content: 'hi alice' });
    const shown = await until(alice, 'notice', (notice) => notice.action === 'show');
    if (shown.action !== 'show') throw new Error('unreachable');
    expect(shown.notice.text.body).toContain('hi alice');
    expect(shown.notice.target).toEqual({ to: 'conversation', conversationId: shown.notice.key });
    await until(alice, 'sound', (sound) => sound.kind === 'message');
    await until(alice, 'unread', (unread) => unread.total === 1);

    // Alice opens it with the window focused: its notice is taken back and the count goes to 0.
    const conversationId = shown.notice.key;
    alice.engine.setFocused(true);
    await run(alice, 'setConversationInView', { conversationId });
    await until(alice, 'notice', (notice) => notice.action === 'dismiss' && notice.key === conversationId);
    await until(alice, 'unread', (unread) => unread.total === 0);

    // While she looks at it, a new message there is neither announced nor sounded.
    const shows = () => payloads(alice, 'notice').filter((notice) => notice.action === 'show').length;
    const [showsBefore, tonesBefore] = [shows(), payloads(alice, 'sound').length];
    await run(bob, 'sendMessage', { conversationId, content: 'are you there?' });
    await messagesWith(alice, conversationId, (message) => message.content === 'are you there?');
    expect(shows()).toBe(showsBefore);
    expect(payloads(alice, 'sound')).toHaveLength(tonesBefore);

    // Once the window loses the focus, the next one is.
    alice.engine.setFocused(false);
    await run(bob, 'sendMessage', { conversationId, content: 'hello?' });
    await until(alice, 'sound', () => payloads(alice, 'sound').length > tonesBefore);
    expect(shows()).toBe(showsBefore + 1);
  });
});
