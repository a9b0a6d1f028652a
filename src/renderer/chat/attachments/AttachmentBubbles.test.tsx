import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { message, outboxItem } from '../../../../tests/doubles/chatTestData';
import { fileMedia, photoMedia } from '../../../../tests/doubles/attachmentTestData';
import type { OutboxAttachment, OutboxItemView } from '../../../shared/contract/clientState';
import type { Message } from '../../../shared/protocol/entities';
import { connectionStatusAtom } from '../../state/atoms';
import { localPreviewsAtom } from '../../state/localPreviews';
import { COMPOSER_FIELD_ID } from '../composerFocus';
import { photoViewerAtom } from '../../state/photoViewer';
import { MessageBubble, PendingBubble } from '../MessageBubble';

const attachment = (overrides: Partial<OutboxAttachment> = {}): OutboxAttachment => ({
  ref: 'a1',
  fileName: 'beach.jpg',
  contentType: 'image/jpeg',
  size: 4_000_000,
  width: 4000,
  height: 3000,
  media: null,
  uploaded: 0,
  ...overrides,
});

const photoItem = (overrides: Partial<OutboxItemView> = {}, attached: Partial<OutboxAttachment> = {}) =>
  outboxItem('k1', { messageType: 'image', content: '', attachment: attachment(attached), ...overrides });

function renderPending(item: OutboxItemView, previews: Record<string, string> = {}) {
  const host = installFakeApi();
  const store = createStore();
  store.set(localPreviewsAtom, new Map(Object.entries(previews)));
  const view = render(
    <Provider store={store}>
      <PendingBubble item={item} />
    </Provider>,
  );
  const rerender = (next: OutboxItemView) =>
    view.rerender(
      <Provider store={store}>
        <PendingBubble item={next} />
      </Provider>,
    );
  return { host, store, view, rerender };
}

function renderMessage(sent: Message, handlers: Parameters<typeof installFakeApi>[0] = {}) {
  const host = installFakeApi({
    getMediaUrl: (input: { mediaId: string; variant: string }) => ({
      url: `app://media/${input.mediaId}/${input.variant}`,
    }),
    saveMedia: () => ({ saved: true }),
    ...handlers,
  });
  const store = createStore();
  const view = render(
    <Provider store={store}>
      <MessageBubble message={sent} receipt={null} showSender={false} />
    </Provider>,
  );
  return { host, store, view };
}

describe('a photo or file still in the outbox', () => {
  it('shows the picked photo in a box sized from its pixels (at most 320 px wide, in proportion)', () => {
    const { view } = renderPending(photoItem(), { k1: 'blob:test/local' });
    const box = view.container.querySelector<HTMLElement>('.photo-box')!;
    expect(box.style.width).toBe('320px');
    expect(box.style.aspectRatio).toBe('4000 / 3000');
    expect((within(box).getByRole('img', { name: 'Photo' }) as HTMLImageElement).src).toBe('blob:test/local');
  });

  it('keeps the box of a small photo at its own width', () => {
    const { view } = renderPending(photoItem({}, { width: 200, height: 400 }));
    const box = view.container.querySelector<HTMLElement>('.photo-box')!;
    expect(box.style.width).toBe('200px');
    expect(box.style.aspectRatio).toBe('200 / 400');
  });

  it('shows a placeholder of the same size when this page no longer holds the file (after a reload)', () => {
    const { view } = renderPending(photoItem({ content: 'Sunset' }));
    const box = view.container.querySelector<HTMLElement>('.photo-box')!;
    expect(box.style.width).toBe('320px');
    expect(within(box).getByRole('img', { name: 'Sunset' }).tagName).toBe('SPAN');
    expect(screen.getByText('Sunset')).toBeTruthy();
  });

  it('shows upload progress from the bytes sent, kept current, and cancels the upload', async () => {
    const { host, rerender } = renderPending(photoItem({}, { uploaded: 1_000_000 }));
    const bar = screen.getByRole('progressbar', { name: 'Uploading beach.jpg' });
    expect(bar.getAttribute('aria-valuenow')).toBe('1000000');
    expect(bar.getAttribute('aria-valuemax')).toBe('4000000');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('25%');
    rerender(photoItem({}, { uploaded: 3_000_000 }));
    expect(bar.getAttribute('aria-valuenow')).toBe('3000000');
    // The same figures for the eye as for a screen reader.
    expect(screen.getByText(bar.getAttribute('aria-valuetext')!)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel upload' }));
    await waitFor(() => expect(host.callsOf('cancelUpload')).toEqual([{ clientId: 'k1' }]));
  });

  it('says an upload waits for the connection while offline, and sends the focus to the composer once cancelled', async () => {
    const { store } = renderPending(photoItem());
    const composer = document.body.appendChild(
      Object.assign(document.createElement('textarea'), { id: COMPOSER_FIELD_ID }),
    );
    store.set(connectionStatusAtom, { state: 'reconnecting', nextRetryAt: null, reason: null });
    expect(await screen.findByText('Waiting for the connection')).toBeTruthy();
    const cancel = screen.getByRole('button', { name: 'Cancel upload' });
    cancel.focus();
    fireEvent.click(cancel);
    await waitFor(() => expect(document.activeElement).toBe(composer));
    composer.remove();
  });

  it('keeps a tall photo within 400 px of height, in its proportions', () => {
    const { view } = renderMessage(
      message(1, { messageType: 'image', content: '', media: photoMedia('tall', { width: 600, height: 1400 }) }),
    );
    expect(view.container.querySelector<HTMLElement>('.photo-box')!.style.width).toBe('171px');
  });

  it('shows a file as a card with its name and size, and no progress once uploaded', () => {
    renderPending(
      outboxItem('k2', {
        messageType: 'file',
        content: 'report.pdf',
        attachment: attachment({
          fileName: 'report.pdf',
          contentType: 'application/pdf',
          size: 2048,
          width: null,
          height: null,
          media: fileMedia('m9'),
        }),
      }),
    );
    expect(screen.getByText('report.pdf')).toBeTruthy();
    expect(screen.getAllByText('report.pdf')).toHaveLength(1);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel upload' })).toBeNull();
  });

  it('keeps Retry and Discard for a failed one, and no progress', async () => {
    const { host } = renderPending(
      photoItem({ state: 'failed', error: { code: 'PAYLOAD_TOO_LARGE', message: 'The file is too large.' } }),
    );
    expect(screen.getByRole('alert').textContent).toContain('The file is too large.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(host.callsOf('retryMessage')).toEqual([{ clientId: 'k1' }]));
    expect(host.callsOf('discardMessage')).toEqual([{ clientId: 'k1' }]);
  });
});

describe('a message with a photo or a file', () => {
  it('shows a photo as its thumbnail in a box sized before it loads, named by its caption', async () => {
    const { host, view, store } = renderMessage(
      message(1, { messageType: 'image', content: 'Our tent', media: photoMedia('p1', { width: 640, height: 960 }) }),
    );
    const box = view.container.querySelector<HTMLElement>('.photo-box')!;
    // Sized at once, before the host answers with the thumbnail's URL: 400 px tall at most.
    expect(box.style.width).toBe('267px');
    expect(box.style.aspectRatio).toBe('640 / 960');
    // Waiting for its bytes is not a failure to have them.
    expect(screen.queryByText('Photo not available')).toBeNull();
    const thumbnail = (await screen.findByRole('img', { name: 'Our tent' })) as HTMLImageElement;
    expect(thumbnail.src).toBe('app://media/p1/thumbnail');
    expect(host.callsOf('getMediaUrl')).toEqual([{ mediaId: 'p1', variant: 'thumbnail' }]);
    expect(screen.getByText('Our tent')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Our tent' }));
    expect(store.get(photoViewerAtom)).toEqual({ messageId: 'm1' });
  });

  it('names a photo without a caption "Photo", and does not repeat its file name as text', async () => {
    renderMessage(message(1, { messageType: 'image', content: 'p1.jpg', media: photoMedia('p1') }));
    expect(await screen.findByRole('img', { name: 'Photo' })).toBeTruthy();
    expect(screen.queryByText('p1.jpg')).toBeNull();
  });

  it('shows a file as a card: icon, name, size, and "Download <name>", which saves it', async () => {
    const { host } = renderMessage(message(1, { messageType: 'file', content: 'report.pdf', media: fileMedia('f1') }));
    expect(screen.getAllByText('report.pdf')).toHaveLength(1);
    expect(
      screen.getByText(
        new Intl.NumberFormat(undefined, {
          style: 'unit',
          unit: 'megabyte',
          unitDisplay: 'short',
          maximumFractionDigits: 1,
        }).format(1.2),
      ),
    ).toBeTruthy();
    expect(screen.getByText('PDF').getAttribute('aria-hidden')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Download report.pdf' }));
    await waitFor(() => expect(host.callsOf('saveMedia')).toEqual([{ mediaId: 'f1', fileName: 'report.pdf' }]));
    expect(host.callsOf('getMediaUrl')).toEqual([]);
  });

  it('shows an SVG (which the server did not thumbnail) as a file, never drawn', () => {
    const { view } = renderMessage(
      message(1, {
        messageType: 'file',
        content: 'logo.svg',
        media: fileMedia('s1', { fileName: 'logo.svg', contentType: 'image/svg+xml', width: null, height: null }),
      }),
    );
    expect(view.container.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Download logo.svg' })).toBeTruthy();
  });

  it('keeps showing an older image message without media (a URL in its text) as text', () => {
    const { host, view } = renderMessage(
      message(1, { messageType: 'image', content: 'https://cdn.example.com/old.jpg' }),
    );
    expect(screen.getByRole('link', { name: 'https://cdn.example.com/old.jpg' })).toBeTruthy();
    expect(view.container.querySelector('.photo-box, .file-card')).toBeNull();
    expect(host.callsOf('getMediaUrl')).toEqual([]);
  });

  it('says when a photo cannot be had from the host', async () => {
    renderMessage(message(1, { messageType: 'image', content: '', media: photoMedia('gone') }), {
      getMediaUrl: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'No such media.' } }),
    });
    expect(await screen.findByText('Photo not available')).toBeTruthy();
  });

  it('says so too when the URL the host gave does not load (the desktop learns of a refusal only then)', async () => {
    const { view } = renderMessage(message(1, { messageType: 'image', content: '', media: photoMedia('refused') }), {
      getMediaUrl: () => ({ ok: true, data: { url: 'app://messenger/media/refused/thumbnail' } }),
    });
    const image = await waitFor(() => {
      const shown = view.container.querySelector('img');
      expect(shown).not.toBeNull();
      return shown!;
    });
    fireEvent.error(image);
    expect(await screen.findByText('Photo not available')).toBeTruthy();
    expect(view.container.querySelector('img')).toBeNull();
  });
});
