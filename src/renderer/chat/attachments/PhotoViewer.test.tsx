import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { conversation, message, signedInStore, user } from '../../../../tests/doubles/chatTestData';
import { fileMedia, photoMedia } from '../../../../tests/doubles/attachmentTestData';
import { connectionStatusAtom, conversationsAtom, openChatAtom, threadsAtom } from '../../state/atoms';
import { ConversationPane } from '../ConversationPane';

/** A chat holding three photos (the second with a caption) and, between them, a text and a PDF. */
const messages = [
  message(1, { messageType: 'image', content: 'p1.jpg', media: photoMedia('p1') }),
  message(2, { content: 'nice' }),
  message(3, { messageType: 'image', content: 'Our tent', media: photoMedia('p2') }),
  message(4, { messageType: 'file', content: 'report.pdf', media: fileMedia('f1') }),
  message(5, { messageType: 'image', content: 'p3.jpg', media: photoMedia('p3') }),
];

function renderChat() {
  const host = installFakeApi({
    getMessages: (input: { conversationId: string }) => ({ ...input, messages: [], hasOlder: false }),
    getMediaUrl: (input: { mediaId: string; variant: string }) => ({
      url: `app://media/${input.mediaId}/${input.variant}`,
    }),
    saveMedia: () => ({ saved: true }),
  });
  const store = signedInStore();
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  store.set(
    conversationsAtom,
    new Map([
      ['c1', conversation('c1', { members: [user('alice'), user('bob')] })],
      ['c2', conversation('c2', { members: [user('alice'), user('carol')] })],
    ]),
  );
  store.set(
    threadsAtom,
    new Map([
      ['c1', { messages, hasOlder: false, loaded: true }],
      ['c2', { messages: [], hasOlder: false, loaded: true }],
    ]),
  );
  store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
  render(
    <Provider store={store}>
      <ConversationPane />
    </Provider>,
  );
  return { host, store };
}

/** Opens the viewer from a thumbnail as a keyboard user would: focus it, press Enter (a button: a click). */
async function openFrom(name: string) {
  const thumbnail = await screen.findByRole('button', { name });
  thumbnail.focus();
  fireEvent.click(thumbnail);
  const viewer = await screen.findByRole('dialog', { name: 'Photo viewer' });
  return { thumbnail, viewer };
}

const shownSrc = (viewer: HTMLElement) =>
  within(viewer)
    .queryAllByRole('img')
    .map((image) => (image as HTMLImageElement).src);

describe('the photo viewer', () => {
  it("opens on the photo clicked, at full size, saying which of the conversation's photos it is", async () => {
    const { host } = renderChat();
    const { viewer } = await openFrom('Our tent');
    expect(within(viewer).getByText('Photo 2 of 3')).toBeTruthy();
    await waitFor(() => expect(shownSrc(viewer)).toEqual(['app://media/p2/original']));
    expect(within(viewer).getByRole('img', { name: 'Our tent' })).toBeTruthy();
    expect(host.callsOf('getMediaUrl')).toContainEqual({ mediaId: 'p2', variant: 'original' });
  });

  it('moves between photos with the arrow keys and the buttons, skipping what is not a photo', async () => {
    renderChat();
    const { viewer } = await openFrom('Our tent');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(within(viewer).getByText('Photo 3 of 3')).toBeTruthy();
    await waitFor(() => expect(shownSrc(viewer)).toEqual(['app://media/p3/original']));
    // The last: further does nothing.
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(within(viewer).getByText('Photo 3 of 3')).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(within(viewer).getByText('Photo 1 of 3')).toBeTruthy();
    await waitFor(() => expect(shownSrc(viewer)).toEqual(['app://media/p1/original']));
    fireEvent.click(within(viewer).getByRole('button', { name: 'Next photo' }));
    expect(within(viewer).getByText('Photo 2 of 3')).toBeTruthy();
    fireEvent.click(within(viewer).getByRole('button', { name: 'Previous photo' }));
    expect(within(viewer).getByText('Photo 1 of 3')).toBeTruthy();
    // Still in the dialog: the buttons at either end are never disabled out of the focus order.
    expect(viewer.contains(document.activeElement)).toBe(true);
  });

  it('closes with Esc and gives the focus back to the thumbnail that opened it', async () => {
    renderChat();
    const { thumbnail, viewer } = await openFrom('Our tent');
    expect(viewer.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(thumbnail);
  });

  it('closes with "Close", and saves the photo shown with "Save"', async () => {
    const { host } = renderChat();
    const { thumbnail, viewer } = await openFrom('Our tent');
    fireEvent.click(within(viewer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(host.callsOf('saveMedia')).toEqual([{ mediaId: 'p2', fileName: 'p2.jpg' }]));
    fireEvent.click(within(viewer).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(thumbnail);
  });

  it('closes when another chat opens, and does not come back with this one', async () => {
    const { store } = renderChat();
    await openFrom('Our tent');
    act(() => store.set(openChatAtom, { kind: 'conversation', conversationId: 'c2' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' }));
    await screen.findByRole('button', { name: 'Our tent' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
