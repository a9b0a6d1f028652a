import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { outboxItem, signedInStore } from '../../../../tests/doubles/chatTestData';
import { connectionStatusAtom } from '../../state/atoms';
import { Composer } from '../Composer';
import { recentEmojisAtom } from './recentEmojis';

function renderComposer() {
  installFakeApi({ sendMessage: () => outboxItem('k1') });
  const store = signedInStore('alice');
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  render(
    <Provider store={store}>
      <Composer conversationId="c1" receiverId={null} />
    </Provider>,
  );
  return { store, field: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement };
}

// The picker's chunk and its emoji data load the first time it opens: slow in jsdom under load.
describe('the composer\'s "Emoji" picker', { timeout: 30_000 }, () => {
  it('puts the picked emoji at the caret, remembers it, and gives the focus back to the field', async () => {
    const { store, field } = renderComposer();
    fireEvent.change(field, { target: { value: 'مرحبا world' } });
    field.setSelectionRange(6, 6);
    const button = screen.getByRole('button', { name: 'Emoji' });
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Choose an emoji' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const grinning = await within(dialog).findByRole('gridcell', { name: 'grinning face' }, { timeout: 20_000 });
    fireEvent.click(grinning);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(field.value).toBe('مرحبا 😀world');
    expect(document.activeElement).toBe(field);
    expect(field.selectionStart).toBe(6 + '😀'.length);
    expect(store.get(recentEmojisAtom)).toEqual(['😀']);
  });

  it('closes on Esc and gives the focus back to the button', async () => {
    renderComposer();
    const button = screen.getByRole('button', { name: 'Emoji' });
    button.focus();
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Choose an emoji' });
    await within(dialog).findByRole('gridcell', { name: 'grinning face' }, { timeout: 20_000 });
    await act(async () => {
      fireEvent.keyDown(dialog, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
