import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import { connectionStatusAtom } from '../state/atoms';
import { Composer } from './Composer';
import { outboxItem } from './testData';

function renderComposer(
  props: { conversationId: string | null; receiverId?: string | null },
  state: ConnectionStatus['state'] = 'online',
  handlers: Parameters<typeof installFakeApi>[0] = { sendMessage: () => outboxItem('k1') },
) {
  const host = installFakeApi(handlers);
  const store = createStore();
  store.set(connectionStatusAtom, { state, nextRetryAt: null, reason: null });
  render(
    <Provider store={store}>
      <Composer
        draftKey={props.conversationId ?? 'draft'}
        conversationId={props.conversationId}
        receiverId={props.receiverId ?? null}
      />
    </Provider>,
  );
  return { host, field: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement };
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

  it('gives the text back with the reason when the host refuses it', async () => {
    const { field } = renderComposer({ conversationId: 'c1' }, 'online', {
      sendMessage: () => ({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'Too long.' } }),
    });
    fireEvent.change(field, { target: { value: 'keep me' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe('Too long.');
    expect(field.value).toBe('keep me');
  });

  it('is disabled with a reason while signed out', () => {
    const { field } = renderComposer({ conversationId: 'c1' }, 'signed-out');
    expect(field.disabled).toBe(true);
    expect(screen.getByText(/You are signed out/)).toBeTruthy();
    expect(field.getAttribute('aria-describedby')).toBe('composer-notice');
  });
});
