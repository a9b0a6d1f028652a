import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { message, outboxItem, signedInStore } from '../../../tests/doubles/chatTestData';
import type { Message } from '../../shared/protocol/entities';
import { connectionStatusAtom, draftsAtom, threadsAtom } from '../state/atoms';
import { composerModeAtom } from './actions/composerMode';
import { Composer } from './Composer';

const recent = (seq: number, overrides: Partial<Message> = {}) =>
  message(seq, { createdAt: new Date(Date.now() - (10 - seq) * 1000).toISOString(), ...overrides });

/** A composer for chat c1, signed in as alice, with `messages` held and `draft` saved. */
function renderComposer(messages: Message[], draft = '') {
  const host = installFakeApi({ sendMessage: () => outboxItem('k1') });
  const store = signedInStore('alice');
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  store.set(draftsAtom, new Map(draft ? [['c1', draft]] : []));
  store.set(threadsAtom, new Map([['c1', { messages, hasOlder: false, loaded: true }]]));
  render(
    <Provider store={store}>
      <Composer conversationId="c1" receiverId={null} />
    </Provider>,
  );
  return { host, store, field: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement };
}

const mine = [
  recent(1, { senderId: 'alice', content: 'first of mine' }),
  recent(2, { senderId: 'alice', content: 'Lunch at noon?' }),
  recent(3, { senderId: 'bob', content: 'sure' }),
];

describe('Composer: editing', () => {
  it('Up in an empty field edits the newest own message; Enter saves it; the draft comes back', async () => {
    const { host, store, field } = renderComposer(mine);
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(screen.getByText('Editing message')).toBeTruthy();
    expect(field.value).toBe('Lunch at noon?');
    // The bar describes the field, so a screen reader says what is being edited.
    expect(field.getAttribute('aria-describedby')).toContain('composer-mode');
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    fireEvent.change(field, { target: { value: 'Lunch at one? 🍕' } });
    // An edit is neither the chat's draft nor typing.
    expect(host.callsOf('setDraft')).toEqual([]);
    expect(host.callsOf('setTyping')).toEqual([]);
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() =>
      expect(host.callsOf('editMessage')).toEqual([
        { conversationId: 'c1', messageId: 'm2', content: 'Lunch at one? 🍕' },
      ]),
    );
    await waitFor(() => expect(store.get(composerModeAtom)).toBeNull());
    expect(field.value).toBe('');
    expect(host.callsOf('sendMessage')).toEqual([]);
  });

  it('keeps the draft while editing and gives it back when Esc cancels', () => {
    const { host, store, field } = renderComposer(mine, 'half a thought');
    expect(field.value).toBe('half a thought');
    act(() => store.set(composerModeAtom, { kind: 'edit', conversationId: 'c1', message: mine[0]! }));
    expect(field.value).toBe('first of mine');
    fireEvent.change(field, { target: { value: 'first of mine, changed' } });
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(store.get(composerModeAtom)).toBeNull();
    expect(field.value).toBe('half a thought');
    expect(screen.queryByText('Editing message')).toBeNull();
    expect(host.callsOf('editMessage')).toEqual([]);
  });

  it('"Cancel edit" ends it too, and saving unchanged text sends nothing', async () => {
    const { host, field } = renderComposer(mine);
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel edit' }));
    expect(field.value).toBe('');
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByText('Editing message')).toBeNull());
    expect(host.callsOf('editMessage')).toEqual([]);
  });

  it('does nothing on Up when there is text', () => {
    const { field } = renderComposer(mine, 'typing');
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(screen.queryByText('Editing message')).toBeNull();
    expect(field.value).toBe('typing');
  });

  it('does nothing on Up when nothing is left to edit (24 hours gone)', () => {
    const old = renderComposer([
      message(1, { senderId: 'alice', createdAt: new Date(Date.now() - 25 * 3600_000).toISOString() }),
    ]);
    fireEvent.keyDown(old.field, { key: 'ArrowUp' });
    expect(screen.queryByText('Editing message')).toBeNull();
  });
});

describe('Composer: replying', () => {
  it('shows the quoted message, sends with its replyToId, and then writes new messages again', async () => {
    const { host, store, field } = renderComposer(mine);
    act(() => store.set(composerModeAtom, { kind: 'reply', conversationId: 'c1', message: mine[2]! }));
    expect(screen.getByText('sure')).toBeTruthy();
    expect(document.querySelector('.composer-mode-title')?.textContent).toBe('Reply to bob');
    fireEvent.change(field, { target: { value: 'مرحبا 👋' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() =>
      expect(host.callsOf('sendMessage')).toEqual([{ conversationId: 'c1', content: 'مرحبا 👋', replyToId: 'm3' }]),
    );
    await waitFor(() => expect(store.get(composerModeAtom)).toBeNull());
    expect(screen.queryByRole('button', { name: 'Cancel reply' })).toBeNull();
  });

  it('Esc or "Cancel reply" ends the reply and keeps what was typed', () => {
    const { store, field } = renderComposer(mine);
    act(() => store.set(composerModeAtom, { kind: 'reply', conversationId: 'c1', message: mine[2]! }));
    fireEvent.change(field, { target: { value: 'keep me' } });
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(store.get(composerModeAtom)).toBeNull();
    expect(field.value).toBe('keep me');
    act(() => store.set(composerModeAtom, { kind: 'reply', conversationId: 'c1', message: mine[2]! }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(store.get(composerModeAtom)).toBeNull();
    expect(field.value).toBe('keep me');
  });

  it('quotes a photo as "Photo", and a message deleted meanwhile as deleted', () => {
    const photo = recent(4, { messageType: 'image', content: '' });
    const { store } = renderComposer([...mine, photo]);
    act(() => store.set(composerModeAtom, { kind: 'reply', conversationId: 'c1', message: photo }));
    expect(screen.getByText('Photo')).toBeTruthy();
    act(() =>
      store.set(
        threadsAtom,
        new Map([
          [
            'c1',
            { messages: [...mine, { ...photo, deletedAt: new Date().toISOString() }], hasOlder: false, loaded: true },
          ],
        ]),
      ),
    );
    expect(screen.getByText('This message was deleted')).toBeTruthy();
  });

  it("ignores another chat's edit or reply", () => {
    const { store, field } = renderComposer(mine, 'draft here');
    act(() =>
      store.set(composerModeAtom, {
        kind: 'edit',
        conversationId: 'c2',
        message: { ...mine[0]!, conversationId: 'c2' },
      }),
    );
    expect(screen.queryByText('Editing message')).toBeNull();
    expect(field.value).toBe('draft here');
  });
});
