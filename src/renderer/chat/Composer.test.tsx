import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import { connectionStatusAtom, draftsAtom } from '../state/atoms';
import { Composer } from './Composer';
import { outboxItem } from '../../../tests/doubles/chatTestData';

function renderComposer(
  props: { conversationId: string | null; receiverId?: string | null },
  state: ConnectionStatus['state'] = 'online',
  handlers: Parameters<typeof installFakeApi>[0] = { sendMessage: () => outboxItem('k1') },
  drafts: Record<string, string> = {},
) {
  const host = installFakeApi(handlers);
  const store = createStore();
  store.set(connectionStatusAtom, { state, nextRetryAt: null, reason: null });
  store.set(draftsAtom, new Map(Object.entries(drafts)));
  const view = render(
    <Provider store={store}>
      <Composer conversationId={props.conversationId} receiverId={props.receiverId ?? null} />
    </Provider>,
  );
  const rerender = (next: { conversationId: string | null; receiverId?: string | null }) =>
    view.rerender(
      <Provider store={store}>
        <Composer conversationId={next.conversationId} receiverId={next.receiverId ?? null} />
      </Provider>,
    );
  return { host, store, rerender, field: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement };
}

describe('Composer', () => {
  it('sends on Enter, adds a line on Shift+Enter, and signals typing', async () => {
    const { host, field } = renderComposer({ conversationId: 'c1' });
    fireEvent.change(field, { target: { value: 'hello' } });
    expect(host.callsOf('setTyping')).toEqual([{ conversationId: 'c1', typing: true }]);
    fireEvent.keyDown(field, { key: 'Enter', shiftKey: true });
    expect(host.callsOf('sendMessage')).toEqual([]);
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => expect(host.callsOf('sendMessage')).toEqual([{ conversationId: 'c1', content: 'hello' }]));
    expect(field.value).toBe('');
  });

  it('writes to a person before the conversation exists, with the Send button', async () => {
    const { host, field } = renderComposer({ conversationId: null, receiverId: 'bob' });
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: '  hi bob ' } });
    expect(host.callsOf('setTyping')).toEqual([]);
    fireEvent.click(send);
    await waitFor(() => expect(host.callsOf('sendMessage')).toEqual([{ receiverId: 'bob', content: 'hi bob' }]));
  });

  it('leaves the focus in a dialog opened meanwhile when its chat becomes a conversation or a message goes', async () => {
    const { rerender, field } = renderComposer({ conversationId: null, receiverId: 'bob' });
    fireEvent.change(field, { target: { value: 'hi bob' } });
    // Ctrl+K's switcher opens over the chat, and takes the keys.
    const dialog = document.body.appendChild(document.createElement('div'));
    dialog.setAttribute('aria-modal', 'true');
    const search = dialog.appendChild(document.createElement('input'));
    fireEvent.keyDown(field, { key: 'Enter' });
    search.focus();
    // The first message made the conversation: the same chat, now under its id.
    rerender({ conversationId: 'c1' });
    await waitFor(() => expect(field.value).toBe(''));
    expect(document.activeElement).toBe(search);
    dialog.remove();
  });

  it('gives the text back with the reason when the host refuses it', async () => {
    const { field } = renderComposer({ conversationId: 'c1' }, 'online', {
      sendMessage: () => ({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'Too long.' } }),
    });
    fireEvent.change(field, { target: { value: 'keep me' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe('Too long.');
    expect(field.value).toBe('keep me');
  });

  it("keeps what is typed as the chat's draft with the host, for a conversation and for a person", () => {
    const { host, field, rerender } = renderComposer({ conversationId: 'c1' });
    fireEvent.change(field, { target: { value: 'half a thought ' } });
    rerender({ conversationId: null, receiverId: 'bob' });
    expect(field.value).toBe('');
    fireEvent.change(field, { target: { value: 'hi bob' } });
    fireEvent.change(field, { target: { value: '' } });
    expect(host.callsOf('setDraft')).toEqual([
      { conversationId: 'c1', text: 'half a thought ' },
      { receiverId: 'bob', text: 'hi bob' },
      { receiverId: 'bob', text: '' },
    ]);
  });

  it("shows the chat's saved draft when it opens, and one that arrives later unless the user typed first", () => {
    const { store, field, rerender } = renderComposer({ conversationId: 'c1' }, 'online', undefined, {
      c1: 'saved in c1',
      'user:bob': 'saved for bob',
    });
    expect(field.value).toBe('saved in c1');
    rerender({ conversationId: null, receiverId: 'bob' });
    expect(field.value).toBe('saved for bob');

    // Just signed in or reloaded: the drafts come after the chat opened.
    rerender({ conversationId: 'c2' });
    expect(field.value).toBe('');
    act(() => store.set(draftsAtom, new Map([['c2', 'came later']])));
    expect(field.value).toBe('came later');
    // Once the user types, the field is theirs: the host's echo of an older keystroke changes nothing.
    fireEvent.change(field, { target: { value: 'came later, and more' } });
    act(() => store.set(draftsAtom, new Map([['c2', 'came later, and m']])));
    expect(field.value).toBe('came later, and more');
  });

  it('leaves clearing the draft of a sent message to the host', async () => {
    const { host, field } = renderComposer({ conversationId: 'c1' }, 'online', undefined, { c1: 'send me' });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => expect(host.callsOf('sendMessage')).toEqual([{ conversationId: 'c1', content: 'send me' }]));
    expect(field.value).toBe('');
    expect(host.callsOf('setDraft')).toEqual([]);
  });

  it('is disabled with a reason while signed out', () => {
    const { field } = renderComposer({ conversationId: 'c1' }, 'signed-out');
    expect(field.disabled).toBe(true);
    expect(screen.getByText(/You are signed out/)).toBeTruthy();
    expect(field.getAttribute('aria-describedby')).toBe('composer-notice');
  });

  it('cuts a paste over 4,000 characters between whole graphemes, says so, and counts what is left', () => {
    const { field } = renderComposer({ conversationId: 'c1' });
    expect(field.maxLength).toBe(-1);
    fireEvent.paste(field);
    fireEvent.change(field, { target: { value: `${'x'.repeat(3998)}👩‍👩‍👧‍👦${'y'.repeat(500)}` } });
    // The family (seven code points) would straddle the limit: it is left out whole.
    expect(field.value).toBe('x'.repeat(3998));
    expect(screen.getByText(/^Pasted text was cut to 4,000 characters/)).toBeTruthy();
    expect(screen.getByText('2 characters left')).toBeTruthy();
    // Under 90 % of the limit, neither shows; from 90 % on, the count does.
    fireEvent.change(field, { target: { value: 'x'.repeat(3599) } });
    expect(screen.queryByText(/Pasted text was cut/)).toBeNull();
    expect(screen.queryByText(/characters? left/)).toBeNull();
    fireEvent.change(field, { target: { value: 'x'.repeat(3600) } });
    expect(screen.getByText('400 characters left')).toBeTruthy();
  });
});
