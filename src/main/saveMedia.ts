import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { MediaFetch } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { safeFileName } from '../shared/format/fileName';

export type SaveMediaDeps = {
  /** The engine's authenticated GET of a media's bytes (`Engine.fetchMedia`). */
  fetchMedia: MediaFetch;
  /** Electron's `dialog.showSaveDialog` on the app window: the path the user chose, or cancelled. */
  askWhere(defaultPath: string): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  /** The folder the dialog opens in (the user's Downloads). */
  downloadsDir: string;
};

/**
 * The desktop's `saveMedia` host command (hostContract.ts): asks where with a save dialog
 * (proposing `fileName` made safe by `safeFileName`, in Downloads), then streams the media's
 * original bytes to a temporary file beside the chosen path and renames it there, so the chosen
 * name never holds half a file. The file is never opened. `{saved: false}` when the user
 * cancels. Throws `RestError` NOT_FOUND when the server has no such media for this user,
 * UNAVAILABLE when it cannot be reached or answers otherwise, INTERNAL when the file cannot be
 * written (the message names the folder and the system's code), UNAVAILABLE when the download
 * stops midway; UNAUTHORIZED when nobody is signed in.
 */
export function saveMediaCommand(deps: SaveMediaDeps) {
  return async (input: { mediaId: string; fileName: string }): Promise<{ saved: boolean }> => {
    const choice = await deps.askWhere(path.join(deps.downloadsDir, safeFileName(input.fileName)));
    if (choice.canceled || !choice.filePath) return { saved: false };
    const target = choice.filePath;
    const response = await fetchOriginal(deps.fetchMedia, input.mediaId);
    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    try {
      await pipeline(
        Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
        createWriteStream(partial, { flags: 'wx' }),
      );
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      // The file system's errors carry a code (EACCES, ENOSPC); a body cut short does not.
      const code = (error as NodeJS.ErrnoException).code;
      throw new RestError(
        typeof code === 'string' && /^E[A-Z]+$/.test(code)
          ? { code: 'INTERNAL', message: `Could not save the file in ${path.dirname(target)} (${code}).` }
          : { code: 'UNAVAILABLE', message: 'The download stopped before the end. Try again.' },
      );
    }
    return { saved: true };
  };
}

async function fetchOriginal(fetchMedia: MediaFetch, mediaId: string): Promise<Response & { body: ReadableStream }> {
  // The engine's own refusals (signed out, server out of reach) are RestErrors already.
  const response = await fetchMedia(mediaId, 'original');
  if (response.status === 200 && response.body) return response as Response & { body: ReadableStream };
  await response.body?.cancel();
  throw new RestError(
    response.status === 404
      ? { code: 'NOT_FOUND', message: 'This file is no longer on the server.' }
      : { code: 'UNAVAILABLE', message: `The server did not send the file (HTTP ${response.status}). Try again.` },
  );
}
