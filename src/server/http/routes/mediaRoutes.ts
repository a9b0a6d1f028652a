import multipart from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { combineRanges, parse as parseRange } from 'range-parser';
import { idParamsSchema } from '../../../shared/protocol/chat';
import { ApiError, parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { ByteRange } from '../../media/blobStore';
import type { MediaBlob, MediaService, MediaVariant } from '../../media/mediaService';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

/** The one part `POST /api/media` reads (PROTOCOL.md "Attachments"). */
const FILE_PART = 'file';
/** Anything else in the form is read and ignored, up to these few small fields. */
const OTHER_FIELDS_MAX = 8;
const FIELD_BYTES_MAX = 1024;

/**
 * A media's bytes never change, so a browser may keep them; `private`: only the user's own
 * cache, since who may read them depends on the token.
 */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';
/**
 * Even opened directly in a browser tab, served bytes run nothing: no script, no plugin, no
 * form, a unique origin (CSP Level 3 `sandbox`). Together with `nosniff` and `attachment` for
 * anything but images, an uploaded HTML or SVG page is never rendered.
 */
const MEDIA_CSP = "default-src 'none'; sandbox";
/** What a web client on another origin needs to read from a media answer (Fetch standard, CORS). */
const EXPOSED_HEADERS = 'Content-Disposition, Content-Length, Content-Range, Accept-Ranges, ETag';

/** `POST /api/media`, `GET /api/media/:id` and `GET /api/media/:id/thumbnail` (PROTOCOL.md "Attachments"). */
export function registerMediaRoutes(
  http: FastifyInstance,
  deps: { accessTokens: AccessTokens; media: MediaService },
): void {
  const { accessTokens, media } = deps;
  void http.register(multipart, {
    // Past fileSize the part's stream fails with a 413 error while the bytes still arrive.
    limits: {
      fileSize: media.limits.maxBytes,
      files: 1,
      fields: OTHER_FIELDS_MAX,
      fieldSize: FIELD_BYTES_MAX,
      parts: OTHER_FIELDS_MAX + 1,
    },
    throwFileSizeLimit: true,
  });

  http.post('/api/media', async (request, reply) => {
    // Refused before the whole body arrived (no token, over a limit): Node reads and drops the
    // rest once the answer is sent, so that the client, still sending, gets to read the answer.
    const { userId } = await authenticate(request, accessTokens);
    await media.admit(userId);
    if (!request.isMultipart()) throw partMissing();
    const part = await request.file();
    if (!part || part.fieldname !== FILE_PART) throw partMissing();
    // busboy ends a part quietly at `fileSize`: made an error here, so the upload stops at once.
    part.file.once('limit', () => part.file.destroy(Object.assign(new Error('file too large'), { statusCode: 413 })));
    return sendData(reply, { media: await media.upload(userId, part.file, part.filename) }, 201);
  });

  const serve = (variant: MediaVariant) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { userId } = await authenticate(request, accessTokens);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    const blob = await media.open(userId, id, variant);
    const etag = `"${blob.key}"`;
    reply
      .header('Content-Type', blob.contentType)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', MEDIA_CSP)
      .header('Cache-Control', CACHE_CONTROL)
      .header('ETag', etag)
      .header('Accept-Ranges', 'bytes')
      .header('Access-Control-Expose-Headers', `Retry-After, ${EXPOSED_HEADERS}`)
      .header('Content-Disposition', dispositionOf(blob, variant));
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const range = byteRange(request.headers.range, blob.size);
    if (range === 'unsatisfiable') {
      // RFC 9110, section 15.5.17: 416 names the current length.
      return reply.status(416).header('Content-Range', `bytes */${blob.size}`).send();
    }
    if (range) {
      return reply
        .status(206)
        .header('Content-Range', `bytes ${range.start}-${range.end}/${blob.size}`)
        .header('Content-Length', range.end - range.start + 1)
        .send(media.read(blob, range));
    }
    return reply.header('Content-Length', blob.size).send(media.read(blob));
  };
  http.get('/api/media/:id', serve('original'));
  http.get('/api/media/:id/thumbnail', serve('thumbnail'));
}

const partMissing = () =>
  new ApiError('VALIDATION_FAILED', `Send the file as multipart/form-data, in one part named "${FILE_PART}".`, {
    details: [{ field: FILE_PART, message: 'is required' }],
  });

/**
 * Images (and every thumbnail) are shown inline; anything else only ever downloads, under its
 * safe name (RFC 6266, with RFC 8187's UTF-8 form beside an ASCII fallback).
 */
function dispositionOf(blob: MediaBlob, variant: MediaVariant): string {
  const inline = variant === 'thumbnail' || blob.media.kind === 'image';
  return contentDisposition(blob.media.fileName, { type: inline ? 'inline' : 'attachment' });
}

/**
 * The one byte range a `Range` header asks for (RFC 9110, section 14.2), null to answer the
 * whole blob (no header, a malformed one, another unit, or several ranges: section 14.2 lets a
 * server ignore Range), or `unsatisfiable` when none of it lies within the blob.
 */
function byteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const parsed = parseRange(size, header);
  if (parsed.type !== 'bytes' || parsed.code & 1) return null;
  if (parsed.ranges.length === 0) return size === 0 ? null : 'unsatisfiable';
  const ranges = combineRanges(parsed.ranges);
  return ranges.length === 1 ? { start: ranges[0]!.start, end: ranges[0]!.end } : null;
}
