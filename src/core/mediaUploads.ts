import type { OutboxItemView } from '../shared/contract/clientState';
import { type Media, mediaSchema } from '../shared/protocol/entities';
import { failureEnvelopeSchema, successEnvelopeSchema } from '../shared/protocol/errors';
import { z } from 'zod';
import type { JobFailure } from './jobQueue';
import type { AttachmentStore, MediaUploader } from './ports';
import { retryAfterMsOf } from './restClient';
import type { SessionStore } from './sessionStore';

/** The bytes `fetchUploader` hands to the network at a time, and so how often it reports progress. */
const UPLOAD_CHUNK_BYTES = 64 * 1024;

/**
 * `MediaUploader` over `fetch` with a streamed body (Node's fetch, in the desktop's main process
 * and the tests): progress counts the bytes the network has pulled. Browsers stream request
 * bodies only over HTTP/2, so the web host brings its own (XMLHttpRequest).
 */
export const fetchUploader: MediaUploader = async (request) => {
  const boundary = `----messenger${crypto.randomUUID().replaceAll('-', '')}`;
  const quoted = request.fileName.replace(/["\\\r\n]/g, '_');
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted}"\r\n` +
      `Content-Type: ${request.contentType || 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const parts = [head, request.bytes, tail];
  let part = 0;
  let offset = 0;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const current = parts[part];
      if (!current) return controller.close();
      const chunk = current.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      offset += chunk.length;
      if (offset >= current.length) [part, offset] = [part + 1, 0];
      controller.enqueue(chunk);
      if (current === request.bytes) {
        sent += chunk.length;
        request.onProgress(sent);
      }
    },
  });
  const response = await fetch(request.url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${request.token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(head.length + request.bytes.length + tail.length),
    },
    body,
    // Node's fetch sends a stream only when told the request goes first (Fetch standard).
    duplex: 'half',
    signal: request.signal,
  } as RequestInit);
  return {
    status: response.status,
    retryAfter: response.headers.get('Retry-After'),
    body: await response.json().catch(() => null),
  };
};

/** Attachments in memory, for a host without a store of its own (lost with the process). */
export class MemoryAttachmentStore implements AttachmentStore {
  private readonly kept = new Map<string, Uint8Array>();
  async save(bytes: Uint8Array): Promise<string> {
    const ref = crypto.randomUUID();
    this.kept.set(ref, bytes.slice());
    return ref;
  }
  async read(ref: string): Promise<Uint8Array | null> {
    return this.kept.get(ref) ?? null;
  }
  async remove(ref: string): Promise<void> {
    this.kept.delete(ref);
  }
}

/** How an upload attempt ended: the server's Media, or a refusal or failure as the job queue takes it. */
export type UploadOutcome = { ok: true; media: Media } | JobFailure;

/** Uploads one outbox item's attachment; `onProgress` gets the bytes sent so far. */
export type AttachmentUpload = (
  item: OutboxItemView,
  signal: AbortSignal,
  onProgress: (sentBytes: number) => void,
) => Promise<UploadOutcome>;

const uploadAnswerSchema = successEnvelopeSchema(z.object({ media: mediaSchema }));

/**
 * `POST /api/media` of an item's attachment (PROTOCOL.md "Attachments") as the signed-in user:
 * its bytes from the host's AttachmentStore, sent by the host's MediaUploader, an expired token
 * renewed once. Answers the Media, or a failure the job queue judges with `isRetryable`: the
 * server's code (`PAYLOAD_TOO_LARGE`, `RATE_LIMITED` with its wait), `UNAVAILABLE` when there was
 * no answer, `NOT_FOUND` when this device no longer has the bytes (nothing can bring them back).
 */
export function attachmentUpload(deps: {
  session: SessionStore;
  attachments: AttachmentStore;
  upload: MediaUploader;
}): AttachmentUpload {
  return async (item, signal, onProgress) => {
    const attachment = item.attachment;
    if (!attachment) return { ok: false, code: 'VALIDATION_FAILED', message: 'This message has no attachment.' };
    const bytes = await deps.attachments.read(attachment.ref);
    if (!bytes) {
      return { ok: false, code: 'NOT_FOUND', message: `${attachment.fileName} is no longer on this device.` };
    }
    const send = () => {
      const token = deps.session.accessToken;
      if (!token) throw new Error('signed out');
      return deps.upload({
        url: new URL('/api/media', deps.session.current.serverUrl).toString(),
        token,
        bytes,
        fileName: attachment.fileName,
        contentType: attachment.contentType,
        onProgress,
        signal,
      });
    };
    let answer;
    try {
      answer = await send();
      if (answer.status === 401 && (await deps.session.refresh())) answer = await send();
    } catch {
      return { ok: false, code: 'UNAVAILABLE', message: 'The upload did not reach the server.' };
    }
    const uploaded = uploadAnswerSchema.safeParse(answer.body);
    if (answer.status === 201 && uploaded.success) return { ok: true, media: uploaded.data.data.media };
    const refused = failureEnvelopeSchema.safeParse(answer.body);
    if (!refused.success) {
      return { ok: false, code: 'INTERNAL', message: `The server gave an unexpected answer (HTTP ${answer.status}).` };
    }
    const retryAfterMs = retryAfterMsOf(answer.retryAfter);
    const { code, message } = refused.data;
    return retryAfterMs === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterMs };
  };
}
