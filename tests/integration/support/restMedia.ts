import sharp from 'sharp';
import { z } from 'zod';
import { mediaSchema } from '../../../src/shared/protocol/entities';

/** Whoever calls: a REST test's Account or a realtime test's TestUser. */
type Caller = { token: string };

export const mediaDataSchema = z.object({ media: mediaSchema });

/** `POST /api/media` with one part `file` holding `bytes`, named `fileName`, claimed as `type`; the raw answer. */
export async function upload(
  baseUrl: string,
  as: Caller | null,
  bytes: Uint8Array,
  fileName: string,
  options: { type?: string; part?: string } = {},
) {
  const form = new FormData();
  form.append(
    options.part ?? 'file',
    new Blob([Uint8Array.from(bytes)], { type: options.type ?? 'application/octet-stream' }),
    fileName,
  );
  const response = await fetch(new URL('/api/media', baseUrl), {
    method: 'POST',
    headers: as ? { Authorization: `Bearer ${as.token}` } : {},
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** An upload that must succeed; the new Media. */
export async function uploadOk(baseUrl: string, as: Caller, bytes: Uint8Array, fileName: string, type?: string) {
  const reply = await upload(baseUrl, as, bytes, fileName, type === undefined ? {} : { type });
  if (reply.status !== 201) throw new Error(`upload failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return mediaDataSchema.parse(reply.body.data).media;
}

/** `GET` a media path as `as`; the status, headers and bytes. */
export async function download(baseUrl: string, as: Caller | null, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    headers: { ...headers, ...(as && { Authorization: `Bearer ${as.token}` }) },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A JPEG photo `width` × `height` with camera make and GPS position in its EXIF. */
export function photoWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 29/1' } })
    .toBuffer();
}

/** A tiny but valid PDF. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
