import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaFetch } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { saveMediaCommand } from './saveMedia';

let downloads: string;
beforeEach(() => {
  downloads = mkdtempSync(path.join(tmpdir(), 'save-media-test-'));
});
afterEach(() => rmSync(downloads, { recursive: true, force: true }));

const bytes = (text: string) => new Response(text, { status: 200, headers: { 'Content-Type': 'application/pdf' } });

function setUp(fetchMedia: MediaFetch, chosen: (defaultPath: string) => string | null = (p) => p) {
  const askWhere = vi.fn(async (defaultPath: string) => {
    const filePath = chosen(defaultPath);
    return filePath === null ? { canceled: true } : { canceled: false, filePath };
  });
  return { askWhere, save: saveMediaCommand({ fetchMedia, askWhere, downloadsDir: downloads }) };
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

describe('saveMediaCommand', () => {
  it('proposes the safe name in Downloads, then writes the original bytes where the user chose', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => bytes('%PDF-1.7 ...'));
    const { askWhere, save } = setUp(fetchMedia);
    expect(await save({ mediaId: 'm1', fileName: '../../.bashrc\u202Efdp.exe' })).toEqual({ saved: true });
    const proposed = askWhere.mock.calls[0]![0];
    expect(path.dirname(proposed)).toBe(downloads);
    expect(path.basename(proposed)).toBe('bashrcfdp.exe');
    expect(fetchMedia).toHaveBeenCalledWith('m1', 'original');
    // Only the file: no temporary file left beside it.
    expect(readdirSync(downloads)).toEqual(['bashrcfdp.exe']);
    expect(readFileSync(proposed, 'utf8')).toBe('%PDF-1.7 ...');
  });

  it('replaces a file the user chose to overwrite (the dialog asked)', async () => {
    const target = path.join(downloads, 'report.pdf');
    writeFileSync(target, 'old');
    const { save } = setUp(async () => bytes('new'));
    expect(await save({ mediaId: 'm1', fileName: 'report.pdf' })).toEqual({ saved: true });
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('answers saved: false when the user cancels, without fetching anything', async () => {
    const fetchMedia = vi.fn<MediaFetch>(async () => bytes('x'));
    const { save } = setUp(fetchMedia, () => null);
    expect(await save({ mediaId: 'm1', fileName: 'a.pdf' })).toEqual({ saved: false });
    expect(fetchMedia).not.toHaveBeenCalled();
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('says NOT_FOUND when the server refuses the media, and writes nothing', async () => {
    const { save } = setUp(async () => new Response('{}', { status: 404 }));
    const error = await failure(save({ mediaId: 'm1', fileName: 'a.pdf' }));
    expect(error.error).toEqual({ code: 'NOT_FOUND', message: 'This file is no longer on the server.' });
    expect(readdirSync(downloads)).toEqual([]);
  });

  it("passes the engine's refusal on (signed out, server out of reach)", async () => {
    const { save } = setUp(async () => {
      throw new RestError({ code: 'UNAVAILABLE', message: 'Cannot reach the server at http://x.' });
    });
    expect((await failure(save({ mediaId: 'm1', fileName: 'a.pdf' }))).error).toEqual({
      code: 'UNAVAILABLE',
      message: 'Cannot reach the server at http://x.',
    });
  });

  it('says UNAVAILABLE for another answer of the server', async () => {
    const { save } = setUp(async () => new Response('', { status: 500 }));
    expect((await failure(save({ mediaId: 'm1', fileName: 'a.pdf' }))).error.code).toBe('UNAVAILABLE');
  });

  it('says UNAVAILABLE and leaves nothing behind when the download stops midway', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('half'));
        controller.error(new TypeError('terminated'));
      },
    });
    const { save } = setUp(async () => new Response(body, { status: 200 }));
    const error = await failure(save({ mediaId: 'm1', fileName: 'a.pdf' }));
    expect(error.error).toEqual({ code: 'UNAVAILABLE', message: 'The download stopped before the end. Try again.' });
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('says INTERNAL naming the folder when it cannot be written', async () => {
    const missing = path.join(downloads, 'gone');
    const { save } = setUp(
      async () => bytes('x'),
      () => path.join(missing, 'a.pdf'),
    );
    const error = await failure(save({ mediaId: 'm1', fileName: 'a.pdf' }));
    expect(error.error.code).toBe('INTERNAL');
    expect(error.error.message).toBe(`Could not save the file in ${missing} (ENOENT).`);
  });
});
