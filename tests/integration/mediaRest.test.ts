import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDisposition } from 'content-disposition';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { THUMBNAIL_MAX_WIDTH } from '../../src/shared/protocol/limits';
import type { TestServer } from './support/testServer';
import { type Account, type RestApi, useRestApi } from './support/restApi';
import { history, send } from './support/restChat';
import { PDF_BYTES, download, photoWithGps, upload, uploadOk } from './support/restMedia';

/** The parsed Content-Disposition of a download (RFC 6266). */
const disposition = (reply: { headers: Headers }) => parseDisposition(reply.headers.get('content-disposition')!);

/** The names of the blobs the server holds now, thumbnails included. */
const blobs = () => readdirSync(server.config.mediaDir, { recursive: true }).map((name) => path.basename(String(name)));

let api: RestApi;
let server: TestServer;
useRestApi({}, (shared, started) => {
  api = shared;
  server = started;
});

describe('POST /api/media', () => {
  it('takes a photo, strips its EXIF and GPS, records its size and gives it a thumbnail', async () => {
    const alice = await api.register('up');
    const media = await uploadOk(api.url, alice, await photoWithGps(1200, 800), 'beach.jpg', 'image/jpeg');
    expect(media).toMatchObject({
      fileName: 'beach.jpg',
      contentType: 'image/jpeg',
      width: 1200,
      height: 800,
      url: `/api/media/${media._id}`,
      thumbnailUrl: `/api/media/${media._id}/thumbnail`,
    });

    const original = await download(api.url, alice, media.url);
    expect(original.status).toBe(200);
    expect(original.bytes.length).toBe(media.size);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect(original.headers.get('x-content-type-options')).toBe('nosniff');
    expect(disposition(original)).toEqual({ type: 'inline', parameters: { filename: 'beach.jpg' } });
    const stored = await sharp(original.bytes).metadata();
    expect(stored).toMatchObject({ format: 'jpeg', width: 1200, height: 800 });
    expect(stored.exif).toBeUndefined();
    expect(original.bytes.includes(Buffer.from('PhoneCo'))).toBe(false);

    const thumbnail = await download(api.url, alice, media.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ width: THUMBNAIL_MAX_WIDTH, height: 213 });
  });

  it('takes the type from the bytes: a PDF claiming to be a photo is a file, downloaded under a safe name', async () => {
    const alice = await api.register('up');
    const media = await uploadOk(api.url, alice, PDF_BYTES, 'invoice\u202Efdp.jpg', 'image/jpeg');
    expect(media).toMatchObject({
      fileName: 'invoicefdp.jpg',
      contentType: 'application/pdf',
      width: null,
      height: null,
      thumbnailUrl: null,
    });
    const file = await download(api.url, alice, media.url);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(disposition(file)).toEqual({ type: 'attachment', parameters: { filename: 'invoicefdp.jpg' } });
    expect(file.bytes.equals(PDF_BYTES)).toBe(true);
    expect((await download(api.url, alice, `${media.url}/thumbnail`)).status).toBe(404);
  });

  it.each([
    ['page.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['page.html', 'text/html', '<!doctype html><html><body><script>alert(1)</script></body></html>'],
  ])('never serves %s as something a browser renders', async (name, claimed, text) => {
    const alice = await api.register('up');
    const media = await uploadOk(api.url, alice, Buffer.from(text), name, claimed);
    expect(media).toMatchObject({ contentType: 'application/octet-stream', thumbnailUrl: null });
    const file = await download(api.url, alice, media.url);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(disposition(file)).toEqual({ type: 'attachment', parameters: { filename: name } });
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('gives a name with Arabic and emoji an RFC 8187 filename* beside an ASCII fallback', async () => {
    const alice = await api.register('up');
    const media = await uploadOk(api.url, alice, PDF_BYTES, 'تقرير 🎉.pdf');
    expect(media.fileName).toBe('تقرير 🎉.pdf');
    const disposition = (await download(api.url, alice, media.url)).headers.get('content-disposition')!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('تقرير 🎉.pdf')}`);
    expect(disposition).toMatch(/^attachment; filename="[ -~]+"; filename\*=/);
  });

  it('refuses an upload without a token, without multipart, or without a part named file, storing nothing', async () => {
    const alice = await api.register('up');
    expect((await upload(api.url, null, PDF_BYTES, 'a.pdf')).status).toBe(401);
    const wrongPart = await upload(api.url, alice, PDF_BYTES, 'a.pdf', { part: 'photo' });
    expect({ status: wrongPart.status, code: wrongPart.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    await api.fails(400, 'VALIDATION_FAILED', alice, 'POST', '/api/media', { body: { file: 'x' } });
    expect(await server.storage.media.bytesUsedBy(alice.user._id)).toBe(0);
  });
});

describe('sending and reading media', () => {
  it('attaches a media to a message once; only members of its conversation can read it, as 404 to others', async () => {
    const [alice, bob, carol] = (await api.registerMany(3, 'send')) as [Account, Account, Account];
    const media = await uploadOk(api.url, alice, await photoWithGps(640, 480), 'cat.jpg');
    // Before it is sent, only its uploader sees it; to anyone else it does not exist.
    const unknown = await download(api.url, bob, '/api/media/ffffffffffffffffffffffff');
    const notYours = await download(api.url, bob, media.url);
    expect([unknown.status, notYours.status]).toEqual([404, 404]);
    expect(notYours.bytes.equals(unknown.bytes)).toBe(true);
    // Nobody else may send it either.
    await api.fails(404, 'NOT_FOUND', bob, 'POST', '/api/messages', {
      body: { receiverId: alice.user._id, messageType: 'image', mediaId: media._id },
    });

    const sent = await send(api, alice, { receiverId: bob.user._id, messageType: 'image', mediaId: media._id });
    expect(sent).toMatchObject({ messageType: 'image', content: 'cat.jpg', media });
    expect((await download(api.url, bob, media.url)).status).toBe(200);
    expect((await download(api.url, bob, media.thumbnailUrl!)).status).toBe(200);
    expect((await download(api.url, carol, media.url)).status).toBe(404);
    expect((await download(api.url, carol, media.thumbnailUrl!)).status).toBe(404);
    const [inHistory] = (await history(api, bob, sent.conversationId)).messages;
    expect(inHistory).toEqual({ ...sent, deliveredAt: inHistory!.deliveredAt });

    // Once only: a second message with it is refused, and stores nothing.
    await api.fails(409, 'CONFLICT', alice, 'POST', '/api/messages', {
      body: { receiverId: bob.user._id, messageType: 'image', mediaId: media._id },
    });
    expect((await history(api, bob, sent.conversationId)).messages).toHaveLength(1);
  });

  it('sends a file with a caption as a file, whatever type the client named', async () => {
    const [alice, bob] = (await api.registerMany(2, 'send')) as [Account, Account];
    const media = await uploadOk(api.url, alice, PDF_BYTES, 'minutes.pdf');
    const sent = await send(api, alice, {
      receiverId: bob.user._id,
      messageType: 'image',
      mediaId: media._id,
      content: '  notes from today  ',
    });
    expect(sent).toMatchObject({ messageType: 'file', content: 'notes from today', media: { _id: media._id } });
    // A blank caption is no caption: the file name stands in, as when there is none.
    const other = await uploadOk(api.url, alice, PDF_BYTES, 'agenda.pdf');
    const blank = await send(api, alice, { receiverId: bob.user._id, mediaId: other._id, content: '   ' });
    expect(blank).toMatchObject({ messageType: 'file', content: 'agenda.pdf' });
    // Without a media, blank text is still refused.
    const refused = await api.fails(400, 'VALIDATION_FAILED', alice, 'POST', '/api/messages', {
      body: { receiverId: bob.user._id, content: '   ' },
    });
    expect(refused.message).toBe('Content must not be empty');
  });

  it('answers byte ranges of a large file, and 416 past its end', async () => {
    const [alice, bob] = (await api.registerMany(2, 'range')) as [Account, Account];
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    bytes.write('%PDF-1.4\n');
    bytes.writeUInt32BE(0xdeadbeef, 2_000_000);
    const media = await uploadOk(api.url, alice, bytes, 'big.pdf');
    await send(api, alice, { receiverId: bob.user._id, messageType: 'file', mediaId: media._id });

    const part = await download(api.url, bob, media.url, { Range: 'bytes=2000000-2000003' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2000000-2000003/${bytes.length}`);
    expect(part.bytes.readUInt32BE(0)).toBe(0xdeadbeef);
    const tail = await download(api.url, bob, media.url, { Range: 'bytes=-9' });
    expect(tail.bytes.equals(bytes.subarray(-9))).toBe(true);

    const past = await download(api.url, bob, media.url, { Range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    // Several ranges, or a malformed header, get the whole file (RFC 9110, section 14.2).
    expect((await download(api.url, bob, media.url, { Range: 'bytes=0-1,5-6' })).bytes.length).toBe(bytes.length);
    expect((await download(api.url, bob, media.url, { Range: 'pages=1' })).status).toBe(200);

    const whole = await download(api.url, bob, media.url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const etag = whole.headers.get('etag')!;
    expect((await download(api.url, bob, media.url, { 'If-None-Match': etag })).status).toBe(304);
  });

  it('deletes media nobody attached within 24 hours, bytes included, and keeps what was sent', async () => {
    const [alice, bob] = (await api.registerMany(2, 'clean')) as [Account, Account];
    const kept = await uploadOk(api.url, alice, await photoWithGps(100, 100), 'kept.jpg');
    const dropped = await uploadOk(api.url, alice, await photoWithGps(100, 100), 'dropped.jpg');
    await send(api, alice, { receiverId: bob.user._id, messageType: 'image', mediaId: kept._id });
    expect(blobs()).toEqual(expect.arrayContaining([dropped._id, `${dropped._id}.thumbnail`]));

    expect(await server.media.removeUnattached(Date.now())).toBe(0);
    expect(await server.media.removeUnattached(Date.now() + 25 * 60 * 60 * 1000)).toBeGreaterThanOrEqual(1);

    expect((await download(api.url, alice, dropped.url)).status).toBe(404);
    expect(blobs()).not.toContain(dropped._id);
    expect(blobs()).not.toContain(`${dropped._id}.thumbnail`);
    expect((await download(api.url, bob, kept.url)).status).toBe(200);
    // Too late to send it now.
    await api.fails(404, 'NOT_FOUND', alice, 'POST', '/api/messages', {
      body: { receiverId: bob.user._id, messageType: 'image', mediaId: dropped._id },
    });
  });
});

describe('deleting the message of a media', () => {
  it('deletes the media with it: record and bytes, for every member', async () => {
    const [alice, bob] = (await api.registerMany(2, 'del')) as [Account, Account];
    const media = await uploadOk(api.url, alice, await photoWithGps(200, 100), 'gone.jpg');
    const sent = await send(api, alice, { receiverId: bob.user._id, messageType: 'image', mediaId: media._id });
    expect(blobs()).toContain(media._id);

    expect(await server.media.removeAttachedTo(sent._id)).toBe(true);
    expect(blobs()).not.toContain(media._id);
    expect(blobs()).not.toContain(`${media._id}.thumbnail`);
    for (const member of [alice, bob]) expect((await download(api.url, member, media.url)).status).toBe(404);
    expect(await server.media.removeAttachedTo(sent._id)).toBe(false);
  });
});

describe('limits', () => {
  let limited: RestApi;
  let limitedServer: TestServer;
  useRestApi({ MEDIA_MAX_BYTES: String(1024 * 1024), MEDIA_QUOTA_BYTES: String(1536 * 1024) }, (shared, started) => {
    limited = shared;
    limitedServer = started;
  });

  it('refuses a file over MEDIA_MAX_BYTES with 413 while it streams, keeping nothing of it', async () => {
    const alice = await limited.register('big');
    const tooBig = Buffer.alloc(8 * 1024 * 1024, 1);
    const reply = await upload(limited.url, alice, tooBig, 'big.bin');
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(reply.body.message).toContain('1 MiB');
    expect(await limitedServer.storage.media.bytesUsedBy(alice.user._id)).toBe(0);
    expect(readdirSync(path.join(limitedServer.config.mediaDir, '.staging'))).toEqual([]);
    // The same user can go on uploading what fits.
    await uploadOk(limited.url, alice, PDF_BYTES, 'small.pdf');
  });

  it("refuses an upload that would pass the user's quota, and counts each user apart", async () => {
    const [alice, bob] = (await limited.registerMany(2, 'quota')) as [Account, Account];
    await uploadOk(limited.url, alice, Buffer.alloc(1000 * 1024, 2), 'one.bin');
    const second = await upload(limited.url, alice, Buffer.alloc(1000 * 1024, 3), 'two.bin');
    expect({ status: second.status, code: second.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(second.body.message).toContain('quota');
    await uploadOk(limited.url, bob, Buffer.alloc(1000 * 1024, 4), 'two.bin');
  });
});
