import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../core/engine';
import type { MediaFetch } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { DOWNLOAD_URL_LIFETIME_MS, WebMedia, type WebMediaDeps } from './webMedia';

const image = (text: string, type = 'image/png') =>
  new Response(text, { status: 200, headers: { 'Content-Type': type } });

function setUp(fetchMedia: MediaFetch, bounds: Partial<WebMediaDeps> = {}) {
  let next = 0;
  const blobs = new Map<string, Blob>();
  const revoked: string[] = [];
  const timers: { task: () => void; ms: number }[] = [];
  const downloads: { url: string; fileName: string }[] = [];
  const media = new WebMedia({
    fetchMedia,
    createObjectUrl: (blob) => {
      const url = `blob:test/${(next += 1)}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectUrl: (url) => void revoked.push(url),
    download: (url, fileName) => void downloads.push({ url, fileName }),
    later: (task, ms) => void timers.push({ task, ms }),
    ...bounds,
  });
  return { media, blobs, revoked, timers, downloads };
}

const session = (userId: string | null): EngineEvent =>
  ({
    event: 'session',
    payload: { user: userId ? { _id: userId } : null, serverUrl: 'http://x', endedReason: null },
  }) as EngineEvent;

describe('WebMedia', () => {
  it('answers a blob: URL of the fetched bytes, once per media and variant', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async (id, variant) => image(`${id}:${variant}`));
    const { media, blobs } = setUp(fetchMedia);
    const [first, again] = await Promise.all([media.url('m1', 'thumbnail'), media.url('m1', 'thumbnail')]);
    expect(first).toBe(again);
    expect(await media.url('m1', 'thumbnail')).toBe(first);
    const original = await media.url('m1', 'original');
    expect(original).not.toBe(first);
    expect(fetchMedia.mock.calls.map(([id, variant]) => `${id}:${variant}`)).toEqual(['m1:thumbnail', 'm1:original']);
    expect(await blobs.get(first)!.text()).toBe('m1:thumbnail');
    expect(blobs.get(first)!.type).toBe('image/png');
  });

  it.each(['image/svg+xml', 'text/html', 'application/pdf', ''])(
    'never makes a blob of type %j: it is application/octet-stream',
    async (type) => {
      const { media, blobs } = setUp(async () => image('<svg onload="alert(1)"/>', type));
      const url = await media.url('m1', 'original');
      expect(blobs.get(url)!.type).toBe('application/octet-stream');
    },
  );

  it('keeps at most maxEntries URLs, the least recently used revoked first', async () => {
    const { media, revoked } = setUp(async (id) => image(id), { maxEntries: 2 });
    const a = await media.url('a', 'thumbnail');
    const b = await media.url('b', 'thumbnail');
    await media.url('a', 'thumbnail'); // a is now the most recent
    await media.url('c', 'thumbnail');
    expect(revoked).toEqual([b]);
    expect(await media.url('a', 'thumbnail')).toBe(a);
  });

  it('keeps at most maxBytes of blobs, but always the newest', async () => {
    const { media, revoked } = setUp(async (id) => image(id.repeat(10)), { maxBytes: 25 });
    const a = await media.url('a', 'original');
    const b = await media.url('b', 'original');
    const c = await media.url('c', 'original');
    expect(revoked).toEqual([a]);
    const huge = await media.url('h'.repeat(10), 'original'); // 100 bytes alone
    expect(revoked).toEqual([a, b, c]);
    expect(await media.url('h'.repeat(10), 'original')).toBe(huge);
  });

  it('revokes every URL when the signed-in user changes, not on a repeated session event', async () => {
    const { media, revoked } = setUp(async (id) => image(id));
    media.handle(session('u1'));
    const a = await media.url('a', 'thumbnail');
    media.handle(session('u1'));
    expect(revoked).toEqual([]);
    media.handle(session(null));
    expect(revoked).toEqual([a]);
    expect(await media.url('a', 'thumbnail')).not.toBe(a);
  });

  it('does not cache a URL whose fetch ended after a logout', async () => {
    let release: ((response: Response) => void) | null = null;
    const { media, timers, revoked } = setUp(() => new Promise((resolve) => (release = resolve)));
    media.handle(session('u1'));
    const loading = media.url('a', 'thumbnail');
    // The fetch started: asked synchronously by `url`.
    expect(release).not.toBeNull();
    media.handle(session(null));
    release!(image('a'));
    const url = await loading;
    expect(timers).toHaveLength(1);
    timers[0]!.task();
    expect(revoked).toEqual([url]);
  });

  it('answers NOT_FOUND for a media the server refuses, and passes the engine refusal on', async () => {
    const refused = setUp(async () => new Response('{}', { status: 404 }));
    expect(await refused.media.answer('getMediaUrl', { mediaId: 'm1' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'This media is no longer on the server.' },
    });
    const signedOut = setUp(async () => {
      throw new RestError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
    });
    expect(await signedOut.media.answer('saveMedia', { mediaId: 'm1', fileName: 'a.pdf' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Log in first.' },
    });
  });

  it('checks the input against the contract, and answers only its two commands', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => image('x'));
    const { media } = setUp(fetchMedia);
    expect(await media.answer('getMediaUrl', { mediaId: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await media.answer('saveMedia', { mediaId: 'm1', fileName: 'a', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(fetchMedia).not.toHaveBeenCalled();
    expect(await media.answer('getSession', {})).toBeNull();
    expect(await media.answer('getMediaUrl', { mediaId: 'm1' })).toEqual({
      ok: true,
      data: { url: expect.stringMatching(/^blob:/) },
    });
    expect(fetchMedia).toHaveBeenCalledWith('m1', 'original');
  });

  it('downloads the original under the safe name, and revokes its URL later', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => image('%PDF', 'application/pdf'));
    const { media, downloads, timers, revoked, blobs } = setUp(fetchMedia);
    expect(await media.answer('saveMedia', { mediaId: 'm1', fileName: '../evil\u202Efdp.exe' })).toEqual({
      ok: true,
      data: { saved: true },
    });
    expect(fetchMedia).toHaveBeenCalledWith('m1', 'original');
    expect(downloads).toEqual([{ url: expect.stringMatching(/^blob:/), fileName: 'evilfdp.exe' }]);
    expect(await blobs.get(downloads[0]!.url)!.text()).toBe('%PDF');
    expect(revoked).toEqual([]);
    expect(timers.map((timer) => timer.ms)).toEqual([DOWNLOAD_URL_LIFETIME_MS]);
    timers[0]!.task();
    expect(revoked).toEqual([downloads[0]!.url]);
  });
});
