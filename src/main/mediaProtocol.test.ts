import { describe, expect, it, vi } from 'vitest';
import type { MediaFetch } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { CONTENT_SECURITY_POLICY, serveAppFiles } from './appProtocol';
import { answerMediaRequest, isMediaUrl, mediaUrl, parseMediaUrl } from './mediaProtocol';

describe('mediaUrl and parseMediaUrl', () => {
  it('round-trip a media id and variant through an app URL', () => {
    expect(mediaUrl('m1', 'original')).toBe('app://messenger/media/m1');
    expect(mediaUrl('m1', 'thumbnail')).toBe('app://messenger/media/m1/thumbnail');
    for (const mediaId of ['m1', 'a/b', '../x', 'ü %?#']) {
      for (const variant of ['original', 'thumbnail'] as const) {
        expect(parseMediaUrl(mediaUrl(mediaId, variant))).toEqual({ mediaId, variant });
      }
    }
  });

  it.each([
    'app://messenger/media/',
    'app://messenger/media/m1/original',
    'app://messenger/media/m1/thumbnail/x',
    'app://messenger/media/m1/',
    `app://messenger/media/${'x'.repeat(65)}`,
    'app://messenger/media/%E0%A4%A',
    'app://other/media/m1',
    'app://messenger/index.html',
    'https://messenger/media/m1',
    'not a url',
  ])('refuses %s', (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });

  it('sends only the media path to the media route', () => {
    expect(isMediaUrl('app://messenger/media/m1')).toBe(true);
    expect(isMediaUrl('app://messenger/assets/index.js')).toBe(false);
    expect(isMediaUrl('app://messenger/mediax/m1')).toBe(false);
  });
});

function serverAnswer(status: number, body: string | null, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers });
}

describe('answerMediaRequest', () => {
  const imageHeaders = {
    'Content-Type': 'image/png',
    'Content-Length': '4',
    ETag: '"abc"',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': 'inline; filename="a.png"',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Set-Cookie': 'x=1',
  };

  it("streams the server's bytes with its type, plus nosniff and the app's CSP", async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => serverAnswer(200, 'PNG!', imageHeaders));
    const response = await answerMediaRequest(new Request('app://messenger/media/m1/thumbnail'), fetchMedia);
    expect(fetchMedia).toHaveBeenCalledWith('m1', 'thumbnail', expect.objectContaining({ headers: {} }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('PNG!');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('etag')).toBe('"abc"');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="a.png"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('passes Range and If-None-Match through, and 206 and 304 back', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async (_id, _variant, init) =>
      init?.headers?.range
        ? serverAnswer(206, 'NG', { 'Content-Type': 'image/png', 'Content-Range': 'bytes 1-2/4' })
        : serverAnswer(304, null, { ETag: '"abc"' }),
    );
    const ranged = await answerMediaRequest(
      new Request('app://messenger/media/m1', { headers: { Range: 'bytes=1-2', Authorization: 'Bearer stolen' } }),
      fetchMedia,
    );
    expect(fetchMedia.mock.calls[0]![2]!.headers).toEqual({ range: 'bytes=1-2' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 1-2/4');
    expect(await ranged.text()).toBe('NG');
    const revalidated = await answerMediaRequest(
      new Request('app://messenger/media/m1', { headers: { 'If-None-Match': '"abc"' } }),
      fetchMedia,
    );
    expect(fetchMedia.mock.calls[1]![2]!.headers).toEqual({ 'if-none-match': '"abc"' });
    expect(revalidated.status).toBe(304);
  });

  it.each([403, 404, 416, 500])("answers 404 for the server's %i, its body unread", async (status) => {
    const cancel = vi.fn();
    const body = new ReadableStream({ cancel });
    const fetchMedia = vi.fn<MediaFetch>(async () => new Response(body, { status }));
    const response = await answerMediaRequest(new Request('app://messenger/media/m1'), fetchMedia);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(cancel).toHaveBeenCalled();
  });

  it('answers 404 when nobody is signed in, 503 when the server is out of reach', async () => {
    const signedOut = vi.fn<MediaFetch>(async () => {
      throw new RestError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
    });
    expect((await answerMediaRequest(new Request('app://messenger/media/m1'), signedOut)).status).toBe(404);
    const offline = vi.fn<MediaFetch>(async () => {
      throw new RestError({ code: 'UNAVAILABLE', message: 'Cannot reach the server.' });
    });
    expect((await answerMediaRequest(new Request('app://messenger/media/m1'), offline)).status).toBe(503);
  });

  it('never asks the server for a malformed URL or a method other than GET and HEAD', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => serverAnswer(200, 'x'));
    for (const request of [
      new Request('app://messenger/media/m1/original'),
      new Request(`app://messenger/media/${'x'.repeat(65)}`),
      new Request('app://messenger/media/m1', { method: 'POST', body: 'x' }),
    ]) {
      expect((await answerMediaRequest(request, fetchMedia)).status).toBe(404);
    }
    expect(fetchMedia).not.toHaveBeenCalled();
    const head = await answerMediaRequest(new Request('app://messenger/media/m1', { method: 'HEAD' }), fetchMedia);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('is what the app scheme answers for /media/, and only there', async () => {
    let handler: (request: Request) => Promise<Response> = async () => new Response();
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => void (handler = h)) };
    const readFile = vi.fn(async () => new TextEncoder().encode('<!doctype html>'));
    const fetchMedia = vi.fn<MediaFetch>(async () => serverAnswer(200, 'PNG!', imageHeaders));
    serveAppFiles(protocol as never, '/app/out/renderer', readFile, {
      matches: isMediaUrl,
      answer: (request) => answerMediaRequest(request, fetchMedia),
    });
    expect(await (await handler(new Request('app://messenger/media/m1'))).text()).toBe('PNG!');
    expect(readFile).not.toHaveBeenCalled();
    expect(await (await handler(new Request('app://messenger/index.html'))).text()).toBe('<!doctype html>');
    expect(fetchMedia).toHaveBeenCalledTimes(1);
  });
});
