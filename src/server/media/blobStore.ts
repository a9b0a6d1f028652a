import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DATA_DIR_MODE, prepareDataDir } from '../dataDir';

/** Bytes `start` to `end` of a blob, both inclusive (as in RFC 9110's byte ranges). */
export type ByteRange = { start: number; end: number };

/**
 * Where media bytes live, by key (`<mediaId>`, `<mediaId>.thumbnail`). Blobs are written once
 * and never change; a key is only ever reused after `remove`.
 */
export interface BlobStore {
  /** A path for a new local file to stage a blob in before `put` (on the store's file system, so `put` is a rename). */
  stagingFile(): Promise<string>;
  /** Makes the staged `file` the blob at `key`, atomically (a reader sees all of it or none); the file is moved, not copied. */
  put(key: string, file: string): Promise<void>;
  /** The blob's size in bytes; null when there is none. */
  size(key: string): Promise<number | null>;
  /** The blob's bytes, or the `range` of them. The caller checked it exists (`size`). */
  read(key: string, range?: ByteRange): Readable;
  /** Deletes the blob; one that is not there is fine. */
  remove(key: string): Promise<void>;
  /** Deletes staged files older than `olderThanMs` (left by an upload cut off mid-way or a crash). */
  sweepStaging(olderThanMs: number): Promise<void>;
}

/** Blob keys are media ids with an optional suffix: nothing that could leave the directory. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}(\.thumbnail)?$/;

/**
 * The blob store on a file system: `<root>/<last two characters of the id>/<key>` (ids start
 * with their creation time, so the end spreads them over 256 directories), staged files in
 * `<root>/.staging`. Several instances may share `root` on a shared volume (NFS, a Kubernetes
 * ReadWriteMany volume): a rename within one file system is atomic, and blobs never change.
 */
export class FileBlobStore implements BlobStore {
  private readonly staging: string;

  private constructor(private readonly root: string) {
    this.staging = path.join(root, '.staging');
  }

  /** Creates `root` (0700, as the data directory) and its staging directory. */
  static async open(root: string): Promise<FileBlobStore> {
    prepareDataDir(root);
    const store = new FileBlobStore(root);
    await mkdir(store.staging, { recursive: true, mode: DATA_DIR_MODE });
    return store;
  }

  async stagingFile(): Promise<string> {
    return path.join(this.staging, randomUUID());
  }

  async put(key: string, file: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: DATA_DIR_MODE });
    await rename(file, target);
  }

  async size(key: string): Promise<number | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async sweepStaging(olderThanMs: number): Promise<void> {
    const cutoff = Date.now() - olderThanMs;
    for (const name of await readdir(this.staging)) {
      const file = path.join(this.staging, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
    }
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
    const id = key.split('.')[0]!;
    return path.join(this.root, id.slice(-2), key);
  }
}
