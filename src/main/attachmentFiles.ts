import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentStore } from '../core/ports';

/** A ref: 32 lowercase hex digits (16 random bytes), so it names a file of the directory and nothing else. */
const REF_PATTERN = /^[0-9a-f]{32}$/;

/** Whether `ref` is one this store could have made (and so cannot name a path outside its directory). */
export function isAttachmentRef(ref: string): boolean {
  return REF_PATTERN.test(ref);
}

/**
 * The desktop's `AttachmentStore` (ports.ts): each picked file's bytes copied to `dir` (the app's
 * `<userData>/attachments`), under a random name that is also its ref, so an attachment picked
 * offline survives a restart until the engine removes it. The directory is made 0700 and each
 * file 0600 (only the user reads them, POSIX modes; Windows keeps the profile's ACL). A ref that
 * is not of this store's form is never turned into a path: `read` answers null, `remove` does
 * nothing. Writes go to a temporary name first, so a crash never leaves half a file under a ref.
 * Rejects with the file system's error when the disk refuses (full, read-only).
 */
export function fileAttachmentStore(dir: string): AttachmentStore {
  let ready: Promise<void> | null = null;
  const ensureDir = () => {
    ready ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // mkdir's mode is filtered by the umask and skipped for a directory that exists already.
      await chmod(dir, 0o700);
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
  const fileOf = (ref: string) => path.join(dir, ref);
  return {
    async save(bytes) {
      await ensureDir();
      const ref = randomBytes(16).toString('hex');
      const partial = `${fileOf(ref)}.part`;
      try {
        await writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
        await rename(partial, fileOf(ref));
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return ref;
    },
    async read(ref) {
      if (!isAttachmentRef(ref)) return null;
      try {
        return new Uint8Array(await readFile(fileOf(ref)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(ref) {
      if (!isAttachmentRef(ref)) return;
      await rm(fileOf(ref), { force: true });
    },
  };
}
