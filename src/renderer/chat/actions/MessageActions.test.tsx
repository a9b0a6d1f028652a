import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { conversation, message, signedInStore, user } from '../../../../tests/doubles/chatTestData';
import type { Message } from '../../../shared/protocol/entities';
import { EDIT_WINDOW_MS } from '../../../shared/protocol/limits';
import { conversationsAtom, threadsAtom, toastsAtom } from '../../state/atoms';
import { MessageBubble } from '../MessageBubble';
import { COMPOSER_FIELD_ID } from '../composerFocus';
import { composerModeAtom } from './composerMode';
import type { Receipt } from '../receipts';
import { OpenQuoteContext } from '../jump/openQuote';

const SENT: Receipt = { level: 'sent', label: 'Sent', count: null };

/** A message of alice's (own) or bob's, sent a minute ago unless said otherwise. */
const own = (overrides: Partial<Message> = {}) =>
  message(1, {
    senderId: 'alice',
    content: 'Lunch at noon?',
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  });
const theirs = (overrides: Partial<Message> = {}) =>
  message(2, { content: 'مرحبا 👋', createdAt: new Date(Date.now() - 60_000).toISOString(), ...overrides });

function renderBubble(shown: Message, options: { onOpenQuote?: (id: string) => void } = {}) {
  const host = installFakeApi();
  const store = signedInStore('alice');
  store.set(
    conversationsAtom,
    new Map([['c1', conversation('c1', { type: 'group', members: [user('alice'), user('bob'), user('carol')] })]]),
  );
  // The composer's field, where the focus goes after "Reply" and "Edit" (one, however many bubbles).
  const composer =
    (document.getElementById(COMPOSER_FIELD_ID) as HTMLTextAreaElement | null) ??
    document.body.appendChild(Object.assign(document.createElement('textarea'), { id: COMPOSER_FIELD_ID }));
  const ui = (next: Message) => (
    <Provider store={store}>
      <OpenQuoteContext value={options.onOpenQuote ?? null}>
        <MessageBubble message={next} receipt={next.senderId === 'alice' ? SENT : null} showSender />
      </OpenQuoteContext>
    </Provider>
  );
  const view = render(ui(shown));
  return { host, store, composer, rerender: (next: Message) => view.rerender(ui(next)) };
}

const menuItems = () => screen.getAllByRole('menuitem').map((item) => item.textContent);

afterEach(() => {
  document.getElementById(COMPOSER_FIELD_ID)?.remove();
});

describe('a message\'s "More actions" menu', () => {
  it('offers Reply, Edit, Copy text, React and Delete for everyone on an own text message', () => {
    renderBubble(own());
    const button = screen.getByRole('button', { name: 'More actions' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('menu', { name: 'Message actions' })).toBeTruthy();
    expect(menuItems()).toEqual(['Reply', 'Edit', 'Copy text', 'React', 'Delete for everyone']);
    expect(
      within(screen.getByRole('group', { name: 'Quick reactions' }))
        .getAllByRole('menuitemcheckbox')
        .map((item) => item.textContent),
    ).toEqual(['👍', '❤️', '😂', '😮', '😢', '🙏']);
    // The first command takes the focus.
    expect(document.activeElement?.textContent).toBe('Reply');
  });

  it("offers no Edit after 24 hours, and neither Edit nor Delete on someone else's message", () => {
    renderBubble(own({ createdAt: new Date(Date.now() - EDIT_WINDOW_MS - 1000).toISOString() }));
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    expect(menuItems()).toEqual(['Reply', 'Copy text', 'React', 'Delete for everyone']);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });

    const { rerender } = renderBubble(theirs());
    rerender(theirs());
    fireEvent.click(screen.getAllByRole('button', { name: 'More actions' })[1]!);
    expect(menuItems()).toEqual(['Reply', 'Copy text', 'React']);
  });

  it('moves with the arrow keys, Home and End, and Esc closes it and gives the focus back to the button', () => {
    renderBubble(own());
    const button = screen.getByRole('button', { name: 'More actions' });
    button.focus();
    fireEvent.click(button);
    const menu = screen.getByRole('menu');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Edit');
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Delete for everyone');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    // Wraps round to the first item: the quick reactions' row.
    expect(document.activeElement?.textContent).toBe('👍');
    fireEvent.keyDown(menu, { key: 'ArrowRight' });
    expect(document.activeElement?.textContent).toBe('❤️');
    fireEvent.keyDown(menu, { key: 'ArrowLeft' });
    fireEvent.keyDown(menu, { key: 'ArrowLeft' });
    expect(document.activeElement?.textContent).toBe('🙏');
    fireEvent.keyDown(menu, { key: 'c' });
    expect(document.activeElement?.textContent).toBe('Copy text');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens on a right click on the bubble, and a press outside closes it', () => {
    renderBubble(theirs());
    const bubble = screen.getByText('مرحبا 👋').closest('.bubble')!;
    const event = fireEvent.contextMenu(bubble, { clientX: 40, clientY: 50 });
    // The browser's own menu is not shown.
    expect(event).toBe(false);
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('"Reply" and "Edit" put the composer in that mode, with the focus in it', () => {
    const { store, composer } = renderBubble(own());
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
    expect(store.get(composerModeAtom)).toMatchObject({ kind: 'edit', conversationId: 'c1', message: { _id: 'm1' } });
    expect(screen.queryByRole('menu')).toBeNull();
    return waitFor(() => expect(document.activeElement).toBe(composer)).then(() => {
      fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
      fireEvent.click(screen.getByRole('menuitem', { name: 'Reply' }));
      expect(store.get(composerModeAtom)).toMatchObject({ kind: 'reply', message: { _id: 'm1' } });
    });
  });

  it("a quick reaction adds the user's reaction, or takes it back when checked", async () => {
    const { host, rerender } = renderBubble(theirs());
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    fireEvent.click(screen.getByRole('menuitemcheckbox', { name: '👍' }));
    await waitFor(() =>
      expect(host.callsOf('setReaction')).toEqual([{ conversationId: 'c1', messageId: 'm2', emoji: '👍', on: true }]),
    );
    rerender(theirs({ reactions: [{ emoji: '👍', count: 1, userIds: ['alice'] }] }));
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    const thumbs = screen.getByRole('menuitemcheckbox', { name: '👍' });
    expect(thumbs.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(thumbs);
    await waitFor(() => expect(host.callsOf('setReaction')[1]).toMatchObject({ emoji: '👍', on: false }));
  });

  it('"Delete for everyone" asks first; "Cancel" deletes nothing, the confirmation deletes', async () => {
    const { host } = renderBubble(own());
    const button = screen.getByRole('button', { name: 'More actions' });
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete for everyone' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete this message?' });
    // The safe choice has the focus.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(host.callsOf('deleteMessage')).toEqual([]);

    fireEvent.click(button);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete for everyone' }));
    dialog = screen.getByRole('dialog', { name: 'Delete this message?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete for everyone' }));
    await waitFor(() => expect(host.callsOf('deleteMessage')).toEqual([{ conversationId: 'c1', messageId: 'm1' }]));
  });

  it('"Copy text" puts the text on the clipboard and says so', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { store } = renderBubble(theirs());
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Copy text' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('مرحبا 👋'));
    await waitFor(() => expect(store.get(toastsAtom).map((toast) => toast.text)).toEqual(['Text copied.']));
  });

  it('moves the focus to the composer when the message is deleted while its button has it', async () => {
    const { composer, rerender } = renderBubble(own());
    const button = screen.getByRole('button', { name: 'More actions' });
    button.focus();
    rerender(own({ deletedAt: new Date().toISOString(), content: '' }));
    await act(async () => {});
    expect(screen.queryByRole('button', { name: 'More actions' })).toBeNull();
    expect(document.activeElement).toBe(composer);
  });
});

describe('MessageBubble', () => {
  it('says "This message was deleted" in place of a deleted message, keeps its time, and offers nothing', () => {
    renderBubble(
      theirs({
        deletedAt: new Date().toISOString(),
        content: '',
        reactions: [],
        replyTo: null,
      }),
    );
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    expect(screen.getByText('This message was deleted').className).toContain('message-deleted');
    expect(document.querySelector('time')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    // No menu on a right click either.
    fireEvent.contextMenu(screen.getByText('This message was deleted'));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('marks an edited message "edited", with the time of the edit in its tooltip', () => {
    renderBubble(theirs({ editedAt: '2026-03-01T10:05:00.000Z' }));
    const label = screen.getByText('edited');
    expect(label.closest('.message-meta')).toBeTruthy();
    expect(label.getAttribute('title')).toMatch(/^Edited .*2026/);
  });

  it('shows no "edited" on a message never edited', () => {
    renderBubble(theirs());
    expect(screen.queryByText('edited')).toBeNull();
  });

  it('quotes the message a reply answers, as a button named "Reply to <name>: <text>" that asks to show it', () => {
    const onOpenQuote = vi.fn();
    renderBubble(
      theirs({
        content: 'Yes!',
        replyTo: {
          _id: 'm1',
          senderId: 'alice',
          sender: { _id: 'alice', username: 'alice' },
          content: 'Lunch at noon?\nOr later',
          messageType: 'text',
          deletedAt: null,
        },
      }),
      { onOpenQuote },
    );
    const quote = screen.getByRole('button', { name: 'Reply to alice: Lunch at noon? Or later' });
    fireEvent.click(quote);
    expect(onOpenQuote).toHaveBeenCalledWith('m1');
  });

  it('quotes the original as held now: edited or deleted since the reply was sent', () => {
    const replyTo = {
      _id: 'm1',
      senderId: 'alice',
      sender: { _id: 'alice', username: 'alice' },
      content: 'Lunch at noon?',
      messageType: 'text' as const,
      deletedAt: null,
    };
    const { store, rerender } = renderBubble(theirs({ content: 'Yes!', replyTo }));
    act(() =>
      store.set(
        threadsAtom,
        new Map([['c1', { messages: [own({ content: 'Lunch at one?' })], hasOlder: false, loaded: true }]]),
      ),
    );
    rerender(theirs({ content: 'Yes!', replyTo }));
    expect(screen.getByRole('button', { name: 'Reply to alice: Lunch at one?' })).toBeTruthy();
    act(() =>
      store.set(
        threadsAtom,
        new Map([
          [
            'c1',
            { messages: [own({ content: '', deletedAt: new Date().toISOString() })], hasOlder: false, loaded: true },
          ],
        ]),
      ),
    );
    expect(screen.getByRole('button', { name: 'Reply to alice: This message was deleted' })).toBeTruthy();
  });

  it('quotes a photo as "Photo" and a deleted original as "This message was deleted"', () => {
    const replyTo = {
      _id: 'm1',
      senderId: 'alice',
      sender: { _id: 'alice', username: 'alice' },
      content: '',
      messageType: 'image' as const,
      deletedAt: null,
    };
    const { rerender } = renderBubble(theirs({ content: 'Nice', replyTo }));
    expect(screen.getByRole('button', { name: 'Reply to alice: Photo' })).toBeTruthy();
    rerender(theirs({ content: 'Nice', replyTo: { ...replyTo, deletedAt: '2026-03-01T10:05:00.000Z' } }));
    expect(screen.getByRole('button', { name: 'Reply to alice: This message was deleted' })).toBeTruthy();
  });
});
