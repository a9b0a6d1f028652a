import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { conversation, outboxItem, signedInStore, user } from '../../../../tests/doubles/chatTestData';
import {
  decodeImage,
  filesTransfer,
  installObjectUrls,
  largeFile,
  pickedFile,
} from '../../../../tests/doubles/attachmentTestData';
import type { OutboxItemView } from '../../../shared/contract/clientState';
import { MEDIA_MAX_BYTES_DEFAULT } from '../../../shared/protocol/limits';
import { connectionStatusAtom, conversationsAtom, openChatAtom, outboxAtom, threadsAtom } from '../../state/atoms';
import { localPreviewsAtom } from '../../state/localPreviews';
import { ConversationPane } from '../ConversationPane';

let urls: ReturnType<typeof installObjectUrls>;
beforeEach(() => {
  urls = installObjectUrls();
});
afterEach(() => urls.restore());

/** The chat with bob open, as the host would have it; `sendMessage` queues and answers its item. */
function renderChat() {
  let queued = 0;
  const host = installFakeApi({
    getMessages: (input: { conversationId: string }) => ({ ...input, messages: [], hasOlder: false }),
    sendMessage: (): OutboxItemView => outboxItem(`k${++queued}`),
  });
  const store = signedInStore();
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  store.set(conversationsAtom, new Map([['c1', conversation('c1', { members: [user('alice'), user('bob')] })]]));
  store.set(threadsAtom, new Map([['c1', { messages: [], hasOlder: false, loaded: true }]]));
  store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
  const view = render(
    <Provider store={store}>
      <ConversationPane />
    </Provider>,
  );
  const pane = screen.getByRole('main');
  const picker = view.container.querySelector<HTMLInputElement>('input[type="file"]')!;
  const pick = (...files: File[]) => fireEvent.change(picker, { target: { files } });
  return { host, store, pane, picker, pick };
}

const dialogNamed = (name: string) => screen.findByRole('dialog', { name });

describe('attaching photos and files', () => {
  it('"Attach" opens the file picker, for several files at once', () => {
    const { picker } = renderChat();
    let opened = 0;
    picker.addEventListener('click', () => opened++);
    fireEvent.click(screen.getByRole('button', { name: 'Attach' }));
    expect(opened).toBe(1);
    expect(picker.multiple).toBe(true);
  });

  it('previews a picked photo, then sends its bytes, name, type, measured size and caption', async () => {
    const { host, store, pick } = renderChat();
    const photo = pickedFile('beach.jpg', 'image/jpeg', 2000, [0xff, 0xd8, 0xff]);
    pick(photo);
    const dialog = await dialogNamed('Send photo');
    const image = within(dialog).getByRole('img', { name: 'beach.jpg' }) as HTMLImageElement;
    expect(image.src).toBe(urls.made[0]);
    // Not sendable before the photo is measured: its bubble must have its size from the start.
    expect(within(dialog).getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    act(() => decodeImage(image, 1600, 1200));
    const caption = within(dialog).getByRole('textbox', { name: 'Caption' });
    expect(document.activeElement).toBe(caption);
    fireEvent.change(caption, { target: { value: '  At the beach  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [input] = host.callsOf('sendMessage') as [Record<string, unknown> & { attachment: { bytes: Uint8Array } }];
    expect(input).toEqual({
      conversationId: 'c1',
      content: 'At the beach',
      messageType: 'image',
      attachment: {
        bytes: expect.any(Uint8Array),
        fileName: 'beach.jpg',
        contentType: 'image/jpeg',
        width: 1600,
        height: 1200,
      },
    });
    expect(input.attachment.bytes.byteLength).toBe(2000);
    expect([...input.attachment.bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // The dialog's preview is let go; the bubble's own copy is kept under the queued item's id.
    expect(urls.revoked).toContain(urls.made[0]);
    expect(store.get(localPreviewsAtom).get('k1')).toBe(urls.made[1]);
  });

  it('sends a file without a caption as a file, with no pixels', async () => {
    const { host, pick } = renderChat();
    pick(pickedFile('notes.pdf', 'application/pdf', 500));
    const dialog = await dialogNamed('Send file');
    expect(within(dialog).getByText('notes.pdf')).toBeTruthy();
    expect(within(dialog).queryByRole('img')).toBeNull();
    fireEvent.keyDown(within(dialog).getByRole('textbox', { name: 'Caption' }), { key: 'Enter' });
    await waitFor(() => expect(host.callsOf('sendMessage')).toHaveLength(1));
    expect(host.callsOf('sendMessage')[0]).toEqual({
      conversationId: 'c1',
      content: '',
      messageType: 'file',
      attachment: { bytes: expect.any(Uint8Array), fileName: 'notes.pdf', contentType: 'application/pdf' },
    });
  });

  it('previews several picked files one after the other, each its own message; Esc cancels one', async () => {
    const { host, pick, pane } = renderChat();
    const attach = within(pane).getByRole('button', { name: 'Attach' });
    attach.focus();
    pick(
      pickedFile('a.pdf', 'application/pdf'),
      pickedFile('b.txt', 'text/plain'),
      pickedFile('c.zip', 'application/zip'),
    );
    const first = await dialogNamed('Send file');
    expect(within(first).getByText('a.pdf')).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('dialog').textContent).toContain('b.txt'));
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Caption' }), { key: 'Escape' });
    await waitFor(() => expect(screen.getByRole('dialog').textContent).toContain('c.zip'));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      host.callsOf('sendMessage').map((input) => (input as { attachment: { fileName: string } }).attachment.fileName),
    ).toEqual(['a.pdf']);
    // The keyboard carries on where it was before the first preview, not lost on the page.
    expect(document.activeElement).toBe(attach);
  });

  it('refuses a file over 25 MiB in the dialog, saying why, and never sends or reads it', async () => {
    const { host, pick } = renderChat();
    pick(largeFile('film.mov', 'video/quicktime', MEDIA_MAX_BYTES_DEFAULT + 1));
    const dialog = await dialogNamed('File too large');
    expect(within(dialog).getByRole('alert').textContent).toMatch(/^film\.mov is .+\. A file can be at most 25 MB\.$/);
    const send = within(dialog).getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    fireEvent.click(send);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(host.callsOf('sendMessage')).toEqual([]);
  });

  it('accepts a file of exactly 25 MiB', async () => {
    const { pick } = renderChat();
    pick(largeFile('big.bin', 'application/octet-stream', MEDIA_MAX_BYTES_DEFAULT));
    const dialog = await dialogNamed('Send file');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
  });

  it('keeps the dialog open with the reason when the host refuses the message', async () => {
    const { pick } = renderChat();
    installFakeApi({
      sendMessage: () => ({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'A file can be at most 25 MB.' } }),
    });
    pick(pickedFile('a.pdf', 'application/pdf'));
    const dialog = await dialogNamed('Send file');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('A file can be at most 25 MB.');
    expect(screen.getByRole('dialog', { name: 'Send file' })).toBe(dialog);
  });

  it('shows where to drop while files are dragged over the chat, and previews what is dropped', async () => {
    const { pane } = renderChat();
    const transfer = filesTransfer([pickedFile('dropped.pdf', 'application/pdf')]);
    fireEvent.dragEnter(pane, { dataTransfer: transfer });
    expect(screen.getByText('Drop files to send them')).toBeTruthy();
    fireEvent.dragLeave(pane, { dataTransfer: transfer });
    expect(screen.queryByText('Drop files to send them')).toBeNull();
    fireEvent.dragEnter(pane, { dataTransfer: transfer });
    fireEvent.drop(pane, { dataTransfer: transfer });
    expect(screen.queryByText('Drop files to send them')).toBeNull();
    expect(within(await dialogNamed('Send file')).getByText('dropped.pdf')).toBeTruthy();
  });

  it('leaves drags of text alone', () => {
    const { pane } = renderChat();
    fireEvent.dragEnter(pane, { dataTransfer: filesTransfer([], 'some text') });
    expect(screen.queryByText('Drop files to send them')).toBeNull();
  });

  it('previews an image pasted into the composer instead of pasting it as text', async () => {
    renderChat();
    const field = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    const pasted = fireEvent.paste(field, { clipboardData: filesTransfer([pickedFile('image.png', 'image/png')]) });
    expect(pasted).toBe(false);
    expect(await dialogNamed('Send photo')).toBeTruthy();
    expect(field.value).toBe('');
  });

  it('pastes text as text even when the clipboard also holds a picture of it (office programs)', () => {
    renderChat();
    const field = screen.getByRole('textbox', { name: 'Message' });
    const pasted = fireEvent.paste(field, {
      clipboardData: filesTransfer([pickedFile('image.png', 'image/png')], 'a table'),
    });
    expect(pasted).toBe(true);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("revokes a photo bubble's local preview once its item has left the outbox", async () => {
    const { store } = renderChat();
    act(() => {
      store.set(localPreviewsAtom, new Map([['k1', 'blob:test/kept']]));
      store.set(outboxAtom, [outboxItem('k1')]);
    });
    expect(urls.revoked).toEqual([]);
    act(() => store.set(outboxAtom, []));
    await waitFor(() => expect(urls.revoked).toEqual(['blob:test/kept']));
    expect(store.get(localPreviewsAtom).size).toBe(0);
  });
});
