import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THUMBNAIL_MAX_WIDTH } from '../../shared/protocol/limits';
import { processUpload } from './mediaProcessing';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'media-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, name);
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });

describe('processUpload', () => {
  it('strips GPS and other EXIF from a photo, applies its orientation and makes a thumbnail', async () => {
    // Orientation 6: stored 1200 × 800, shown rotated 90° as 800 × 1200.
    await photo(1200, 800)
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 29/1' } })
      .withMetadata({ orientation: 6 })
      .toFile(file('upload'));
    const before = await sharp(file('upload')).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.includes(Buffer.from('PhoneCo'))).toBe(true);
    // The GPSInfo tag (0x8825, TIFF 6.0 / EXIF 2.3), in either byte order.
    expect(before.exif?.includes(Buffer.from([0x88, 0x25])) || before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(
      true,
    );

    const processed = await processUpload(file('upload'), file('image'), file('thumb'));

    expect(processed).toMatchObject({ kind: 'image', contentType: 'image/jpeg', width: 800, height: 1200 });
    const after = await sharp(file('image')).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    const thumbnail = await sharp(file('thumb')).metadata();
    expect(thumbnail).toMatchObject({ format: 'jpeg', width: THUMBNAIL_MAX_WIDTH, height: 480 });
  });

  it('never enlarges a small image for its thumbnail, and keeps a PNG transparent', async () => {
    await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toFile(file('upload'));
    const processed = await processUpload(file('upload'), file('image'), file('thumb'));
    expect(processed).toMatchObject({ kind: 'image', contentType: 'image/png', width: 40, height: 30 });
    expect(await sharp(file('thumb')).metadata()).toMatchObject({ format: 'png', width: 40, hasAlpha: true });
  });

  it('takes the type from the bytes: a PDF named like a photo is a file', async () => {
    await writeFile(file('upload'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
    expect(await processUpload(file('upload'), file('image'), file('thumb'))).toMatchObject({
      kind: 'file',
      contentType: 'application/pdf',
    });
  });

  it('keeps SVG and HTML as opaque files, never as images', async () => {
    await writeFile(file('svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await writeFile(file('html'), '<!doctype html><html><script>alert(1)</script></html>');
    for (const name of ['svg', 'html']) {
      expect(await processUpload(file(name), file('image'), file('thumb'))).toMatchObject({
        kind: 'file',
        contentType: 'application/octet-stream',
      });
    }
  });

  it('keeps an "image" that does not decode as a file', async () => {
    const jpeg = await photo(64, 64).jpeg().toBuffer();
    await writeFile(file('upload'), jpeg.subarray(0, 200));
    const processed = await processUpload(file('upload'), file('image'), file('thumb'));
    expect(processed).toEqual({ kind: 'file', contentType: 'image/jpeg', size: 200 });
  });

  it('gives an animation the size of one frame', async () => {
    const frames = await sharp({ create: { width: 20, height: 10, channels: 4, background: 'red' } })
      .png()
      .toBuffer();
    await sharp([frames, frames, frames], { join: { animated: true } })
      .gif()
      .toFile(file('upload'));
    expect(await processUpload(file('upload'), file('image'), file('thumb'))).toMatchObject({
      kind: 'image',
      contentType: 'image/gif',
      width: 20,
      height: 10,
    });
  });
});
