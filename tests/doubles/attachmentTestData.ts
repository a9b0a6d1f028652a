import { vi } from 'vitest';
import type { Media } from '../../src/shared/protocol/entities';

/** Media, outbox attachments and browser stand-ins for the attachment components' tests. */

export const photoMedia = (id: string, overrides: Partial<Media> = {}): Media => ({
  _id: id,
  fileName: `${id}.jpg`,
  contentType: 'image/jpeg',
  size: 120_000,
  width: 1600,
  height: 1200,
  url: `/api/media/${id}`,
  thumbnailUrl: `/api/media/${id}/thumbnail`,
  ...overrides,
});

export const fileMedia = (id: string, overrides: Partial<Media> = {}): Media => ({
  _id: id,
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  size: Math.round(1.2 * 1024 * 1024),
  width: null,
  height: null,
  url: `/api/media/${id}`,
  thumbnailUrl: null,
  ...overrides,
});

/**
 * jsdom has no `URL.createObjectURL`: this one hands out `blob:test/<n>` and records what was
 * made and revoked. Call it in `beforeEach`; `restore` in `afterEach`.
 */
export function installObjectUrls() {
  const made: string[] = [];
  const revoked: string[] = [];
  let next = 1;
  const create = vi.fn(() => {
    const url = `blob:test/${next++}`;
    made.push(url);
    return url;
  });
  const revoke = vi.fn((url: string) => void revoked.push(url));
  Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
  return {
    made,
    revoked,
    restore: () => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    },
  };
}

/** A picked file of `size` bytes (its bytes are zeros but for the first few, which are `head`). */
export function pickedFile(name: string, type: string, size = 1000, head: number[] = [1, 2, 3]): File {
  const bytes = new Uint8Array(size);
  bytes.set(head.slice(0, size));
  return new File([bytes], name, { type });
}

/**
 * A file that says it is `size` bytes without holding them (a 30 MB file need not be made):
 * refused files are never read.
 */
export function largeFile(name: string, type: string, size: number): File {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** What the browser does when a picked image has decoded: its pixels are known, `load` fires. */
export function decodeImage(image: HTMLImageElement, width: number, height: number): void {
  Object.defineProperty(image, 'naturalWidth', { value: width, configurable: true });
  Object.defineProperty(image, 'naturalHeight', { value: height, configurable: true });
  image.dispatchEvent(new Event('load'));
}

/** A DataTransfer-like carrier of files, as drag and drop and the clipboard give them (jsdom has none). */
export function filesTransfer(files: File[], text = '') {
  return {
    files,
    types: files.length > 0 ? ['Files', ...(text ? ['text/plain'] : [])] : text ? ['text/plain'] : [],
    getData: (type: string) => (type === 'text/plain' ? text : ''),
    dropEffect: 'none',
  };
}
