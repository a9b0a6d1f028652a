import type { EngineEvent } from '../core/engine';
import type { MediaFetch, MediaVariant } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { parseCommandInput } from '../shared/contract/commandInput';
import { hostCommands } from '../shared/contract/hostContract';
import type { CommandResult } from '../shared/contract/ipcContract';
import { safeFileName } from '../shared/format/fileName';

/** How many object URLs are kept (a conversation's thumbnails and a few originals in the viewer). */
export const MEDIA_URL_CACHE_ENTRIES = 200;
/** How many bytes their blobs may hold together (an original is up to MEDIA_MAX_BYTES, 25 MiB by default). */
export const MEDIA_URL_CACHE_BYTES = 128 * 1024 * 1024;
/**
 * How long a download's object URL outlives its click, in ms: browsers read the blob after the
 * click returns (FileSaver.js waits 40 s for the same reason).
 */
export const DOWNLOAD_URL_LIFETIME_MS = 40_000;

export type WebMediaDeps = {
  /** The engine's authenticated GET of a media's bytes (`Engine.fetchMedia`). */
  fetchMedia: MediaFetch;
  /** `URL.createObjectURL` / `URL.revokeObjectURL`. */
  createObjectUrl(blob: Blob): string;
  revokeObjectUrl(url: string): void;
  /** Starts the browser's download of `url` as `fileName` (an `<a download>` click). */
  download(url: string, fileName: string): void;
  /** Runs `task` after `ms` (window.setTimeout). */
  later(task: () => void, ms: number): void;
  maxEntries?: number;
  maxBytes?: number;
};

type Entry = { url: string; size: number };

/**
 * The types a `blob:` URL keeps as the server sent them: the images the server re-encodes
 * (PROTOCOL.md "Attachments"). Anything else becomes `application/octet-stream`, so a blob of
 * this origin can never be an HTML or SVG document, whatever a server answered.
 */
const SHOWN_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/**
 * The web host's media commands (hostContract.ts `getMediaUrl`, `saveMedia`): the page's engine
 * fetches the bytes with the token, and the UI gets a `blob:` URL, never the token. Object URLs
 * are cached per media and variant, least recently used first out, within `maxEntries` and
 * `maxBytes` (the newest is always kept); an evicted URL is revoked, and every one when the
 * signed-in user changes (`handle` hears the engine's `session` events), so nothing of one login
 * stays reachable in the next. Concurrent asks for the same media share one fetch.
 */
export class WebMedia {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();
  private bytes = 0;
  private userId: string | null = null;
  /** Bumped at each clear: a fetch started before it does not fill the cache after it. */
  private generation = 0;

  constructor(private readonly deps: WebMediaDeps) {}

  /** A `blob:` URL of the media's bytes; rejects with a `RestError` (see `answer`). */
  async url(mediaId: string, variant: MediaVariant): Promise<string> {
    const key = `${variant}:${mediaId}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Most recently used last: the Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.url;
    }
    let loading = this.pending.get(key);
    if (!loading) {
      loading = this.load(key, mediaId, variant).finally(() => this.pending.delete(key));
      this.pending.set(key, loading);
    }
    return loading;
  }

  /** Downloads the media's original bytes as `fileName` made safe; the URL is revoked after the click. */
  async save(mediaId: string, fileName: string): Promise<{ saved: boolean }> {
    const blob = await this.fetchBlob(mediaId, 'original');
    const url = this.deps.createObjectUrl(blob);
    try {
      this.deps.download(url, safeFileName(fileName));
    } finally {
      this.deps.later(() => this.deps.revokeObjectUrl(url), DOWNLOAD_URL_LIFETIME_MS);
    }
    // The browser takes it from here (its own prompt, if set to ask, is not ours to know about).
    return { saved: true };
  }

  /** Revokes every cached URL. */
  clear(): void {
    this.generation += 1;
    for (const entry of this.entries.values()) this.deps.revokeObjectUrl(entry.url);
    this.entries.clear();
    this.bytes = 0;
  }

  /** Clears the cache when the signed-in user changes (logout, another login). */
  handle(message: EngineEvent): void {
    if (message.event !== 'session') return;
    const userId = message.payload.user?._id ?? null;
    if (userId !== this.userId) this.clear();
    this.userId = userId;
  }

  /** The web host's answer to `getMediaUrl` and `saveMedia`, input parsed; null for other commands. */
  async answer(name: string, input: unknown): Promise<CommandResult<unknown> | null> {
    if (name !== 'getMediaUrl' && name !== 'saveMedia') return null;
    try {
      if (name === 'getMediaUrl') {
        const parsed = parseCommandInput(name, hostCommands.getMediaUrl.input, input);
        if (!parsed.ok) return parsed;
        return { ok: true, data: { url: await this.url(parsed.data.mediaId, parsed.data.variant) } };
      }
      const parsed = parseCommandInput(name, hostCommands.saveMedia.input, input);
      if (!parsed.ok) return parsed;
      return { ok: true, data: await this.save(parsed.data.mediaId, parsed.data.fileName) };
    } catch (error) {
      if (error instanceof RestError) return { ok: false, error: error.error };
      throw error;
    }
  }

  private async load(key: string, mediaId: string, variant: MediaVariant): Promise<string> {
    const generation = this.generation;
    const blob = await this.fetchBlob(mediaId, variant);
    const url = this.deps.createObjectUrl(blob);
    if (generation !== this.generation) {
      // Cleared meanwhile (logged out): hand this one out, but keep nothing.
      this.deps.later(() => this.deps.revokeObjectUrl(url), DOWNLOAD_URL_LIFETIME_MS);
      return url;
    }
    this.entries.set(key, { url, size: blob.size });
    this.bytes += blob.size;
    this.evict(key);
    return url;
  }

  /** Drops the least recently used entries past the bounds, never `keep` (the one just added). */
  private evict(keep: string): void {
    const maxEntries = this.deps.maxEntries ?? MEDIA_URL_CACHE_ENTRIES;
    const maxBytes = this.deps.maxBytes ?? MEDIA_URL_CACHE_BYTES;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= maxEntries && this.bytes <= maxBytes) break;
      if (key === keep) continue;
      this.entries.delete(key);
      this.bytes -= entry.size;
      this.deps.revokeObjectUrl(entry.url);
    }
  }

  private async fetchBlob(mediaId: string, variant: MediaVariant): Promise<Blob> {
    const response = await this.deps.fetchMedia(mediaId, variant);
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new RestError(
        response.status === 404
          ? { code: 'NOT_FOUND', message: 'This media is no longer on the server.' }
          : { code: 'UNAVAILABLE', message: `The server did not send the media (HTTP ${response.status}). Try again.` },
      );
    }
    let blob: Blob;
    try {
      blob = await response.blob();
    } catch {
      throw new RestError({ code: 'UNAVAILABLE', message: 'The download stopped before the end. Try again.' });
    }
    return SHOWN_TYPES.has(blob.type) ? blob : new Blob([blob], { type: 'application/octet-stream' });
  }
}

/** The browser's `download`: a detached `<a download>` clicked (HTML "downloading resources"). */
export function clickDownload(url: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.click();
}
