import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileAttachmentStore, isAttachmentRef } from './attachmentFiles';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'attachments-test-'));
  dir = path.join(root, 'userData', 'attachments');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('fileAttachmentStore', () => {
  it('keeps a copy under a random ref, reads it back after a restart, and removes it', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const ref = await fileAttachmentStore(dir).save(bytes);
    expect(isAttachmentRef(ref)).toBe(true);
    bytes[0] = 9; // the store kept a copy, not the caller's buffer
    // Another store over the same directory: the app started again.
    const again = fileAttachmentStore(dir);
    expect(await again.read(ref)).toEqual(new Uint8Array([0, 1, 2, 250, 255]));
    await again.remove(ref);
    expect(await again.read(ref)).toBeNull();
    await again.remove(ref); // one that is not there is fine
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives each copy its own ref', async () => {
    const store = fileAttachmentStore(dir);
    const refs = await Promise.all([1, 2, 3].map((n) => store.save(new Uint8Array([n]))));
    expect(new Set(refs).size).toBe(3);
    expect(await store.read(refs[1]!)).toEqual(new Uint8Array([2]));
  });

  it.runIf(posix)('makes the directory 0700 (even one that was there) and each file 0600', async () => {
    const store = fileAttachmentStore(dir);
    const ref = await store.save(new Uint8Array([1]));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, ref)).mode & 0o777).toBe(0o600);

    const existing = path.join(root, 'open');
    await import('node:fs/promises').then((fs) => fs.mkdir(existing, { mode: 0o755 }));
    await fileAttachmentStore(existing).save(new Uint8Array([1]));
    expect(statSync(existing).mode & 0o777).toBe(0o700);
  });

  it.each([
    '../secret',
    '../../etc/passwd',
    '/etc/passwd',
    `${'a'.repeat(31)}/`,
    'A'.repeat(32),
    'a'.repeat(33),
    `${'a'.repeat(32)}.part`,
    '',
  ])('never turns the ref %j into a path: read is null, remove does nothing', async (ref) => {
    const store = fileAttachmentStore(dir);
    await store.save(new Uint8Array([1]));
    // A file beside the directory that a climbing ref would reach.
    writeFileSync(path.join(root, 'userData', 'secret'), 'keep me');
    expect(await store.read(ref)).toBeNull();
    await store.remove(ref);
    expect(readdirSync(path.join(root, 'userData')).sort()).toEqual(['attachments', 'secret']);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('rejects with the file system error when the directory cannot be made, and tries again next time', async () => {
    const blocker = path.join(root, 'userData');
    writeFileSync(blocker, 'a file where the directory should be');
    const store = fileAttachmentStore(dir);
    await expect(store.save(new Uint8Array([1]))).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    rmSync(blocker);
    expect(isAttachmentRef(await store.save(new Uint8Array([1])))).toBe(true);
  });
});
