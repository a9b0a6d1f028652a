import { describe, expect, it } from 'vitest';
import { MemorySecretStore, memoryPorts } from '../doubles/memoryPorts';
import type { HostPorts } from '../../src/core/ports';
import { CONTENT_MAX_LENGTH } from '../../src/shared/protocol/chat';
import { type Harness, PASSWORD, engineKit, messagesWith, refused, run, until } from './support/engineKit';
import { registerUser, uniqueName } from './support/testServer';

const kit = engineKit();

/** The drafts as target and text, which is what a user sees of them. */
const draftsOf = async (h: Harness) =>
  (await run(h, 'getChatState', {})).drafts.map((draft) => [draft.target, draft.text]);

/** Whether anything under the user's drafts key is left in the host's store. */
const storedDrafts = (ports: HostPorts, userId: string) => ports.store.get<unknown>(`drafts:${userId}`);

async function logInAs(h: Harness, username: string) {
  const online = h.nextStatus('online');
  const session = await run(h, 'logIn', { login: username, password: PASSWORD });
  await online;
  return session.user!._id;
}

describe('engine: drafts', () => {
  it('keeps one per conversation and per person, reports them, clears one when its message is sent, and a restart gives them back', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const alice = await kit.signIn(s, { prefix: 'alice', ports });
    const bob = await kit.signIn(s, { prefix: 'bob' });
    const carol = await registerUser(s.url, uniqueName('carol'));

    await run(alice, 'setDraft', { receiverId: bob.user._id, text: 'hello bo' });
    expect(await until(alice, 'drafts', (d) => d.length === 1)).toMatchObject([
      { target: { receiverId: bob.user._id }, text: 'hello bo' },
    ]);
    // Sent: the draft of the composer it came from is gone.
    const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello bob' });
    expect(await draftsOf(alice)).toEqual([]);
    const { conversationId } = await messagesWith(alice, null, (m) => m.clientId === hello.clientId);

    await run(alice, 'setDraft', { conversationId, text: 'see you at ' });
    await run(alice, 'setDraft', { receiverId: carol.user._id, text: 'hi carol' });
    await run(alice, 'setDraft', { conversationId, text: 'see you at 8 ' });
    await until(alice, 'drafts', (d) => d.length === 2 && d.some((draft) => draft.text === 'see you at 8 '));
    // Blank text removes one.
    await run(alice, 'setDraft', { receiverId: carol.user._id, text: ' \n' });
    await run(alice, 'setDraft', { receiverId: carol.user._id, text: 'hi carol!' });

    await alice.engine.stop();
    const again = kit.host(s.url, ports);
    await again.engine.start();
    expect(await draftsOf(again)).toEqual([
      [{ conversationId }, 'see you at 8 '],
      [{ receiverId: carol.user._id }, 'hi carol!'],
    ]);
  });

  it('refuses a draft that names no chat, or both, or is over the content limit, and changes nothing', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s, { prefix: 'alice' });
    const bob = await kit.signIn(s, { prefix: 'bob' });
    await run(alice, 'setDraft', { receiverId: bob.user._id, text: 'kept' });
    for (const input of [
      { text: 'to nobody' },
      { conversationId: 'aaaaaaaaaaaaaaaaaaaaaaaa', receiverId: bob.user._id, text: 'to both' },
      { receiverId: bob.user._id, text: 'x'.repeat(CONTENT_MAX_LENGTH + 1) },
      { receiverId: bob.user._id, text: 42 },
      { receiverId: bob.user._id, text: 'extra', extra: true },
    ]) {
      expect(await refused(alice, 'setDraft', input)).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await draftsOf(alice)).toEqual([[{ receiverId: bob.user._id }, 'kept']]);
  });

  it('logging out wipes them from the device: the next user sees none, and they do not come back', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const alice = await kit.signIn(s, { prefix: 'alice', ports });
    const bob = await registerUser(s.url, uniqueName('bob'));
    await run(alice, 'setDraft', { receiverId: bob.user._id, text: 'alice only' });
    await alice.engine.flush();
    expect(await storedDrafts(ports, alice.user._id)).toMatchObject([{ text: 'alice only' }]);

    await run(alice, 'logOut', {});
    expect(await storedDrafts(ports, alice.user._id)).toBeUndefined();

    await logInAs(alice, bob.user.username);
    expect(await draftsOf(alice)).toEqual([]);
    await run(alice, 'logOut', {});

    await logInAs(alice, alice.user.username);
    expect(await draftsOf(alice)).toEqual([]);
  });

  it('a session that ended unseen (a closed tab: the secret gone, the store kept) leaves no drafts to the next login', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const alice = await kit.signIn(s, { prefix: 'alice', ports });
    await run(alice, 'setDraft', { receiverId: alice.user._id, text: 'note to self' });
    await alice.engine.stop();
    expect(await storedDrafts(ports, alice.user._id)).toMatchObject([{ text: 'note to self' }]);

    const nextVisit = kit.host(s.url, { ...ports, secrets: new MemorySecretStore() });
    await nextVisit.engine.start();
    expect(await run(nextVisit, 'getSession', {})).toMatchObject({ user: null });
    await logInAs(nextVisit, alice.user.username);
    expect(await draftsOf(nextVisit)).toEqual([]);
    expect(await storedDrafts(ports, alice.user._id)).toBeUndefined();
  });
});
