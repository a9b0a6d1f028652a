import type { MediaUploader } from '../core/ports';

/** The form part the server reads the file from (PROTOCOL.md "Attachments": one part `file`). */
const FILE_PART = 'file';

/**
 * The web host's `MediaUploader` (ports.ts): one `POST /api/media` as `multipart/form-data`
 * through XMLHttpRequest, the browser API that reports upload progress (`fetch` does not).
 * `onProgress` gets the file's bytes sent so far: the request's progress scaled to the file (the
 * multipart framing is not the user's), never decreasing, at most `bytes.length`. Resolves
 * `{status, retryAfter, body}` for any HTTP answer (refusals too; `body` the parsed JSON or null);
 * rejects with a TypeError when no answer came (network, CORS, timeout) and with the signal's
 * reason when aborted, like `fetch`. `createRequest` is injectable for tests.
 */
export function xhrUploader(createRequest: () => XMLHttpRequest = () => new XMLHttpRequest()): MediaUploader {
  return (request) =>
    new Promise((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const xhr = createRequest();
      let sent = 0;
      const onAbortSignal = () => xhr.abort();
      const finish = () => signal.removeEventListener('abort', onAbortSignal);
      xhr.upload.addEventListener('progress', (event) => {
        if (!event.lengthComputable || event.total <= 0) return;
        const now = Math.min(request.bytes.length, Math.floor((event.loaded / event.total) * request.bytes.length));
        if (now > sent) {
          sent = now;
          request.onProgress(sent);
        }
      });
      xhr.addEventListener('load', () => {
        finish();
        resolve({ status: xhr.status, retryAfter: xhr.getResponseHeader('Retry-After'), body: parsedJson(xhr) });
      });
      xhr.addEventListener('error', () => {
        finish();
        reject(new TypeError('The upload could not reach the server.'));
      });
      xhr.addEventListener('timeout', () => {
        finish();
        reject(new TypeError('The upload timed out.'));
      });
      xhr.addEventListener('abort', () => {
        finish();
        reject(signal.reason ?? new DOMException('The upload was aborted.', 'AbortError'));
      });
      signal.addEventListener('abort', onAbortSignal);
      const form = new FormData();
      form.append(
        FILE_PART,
        new Blob([request.bytes as Uint8Array<ArrayBuffer>], { type: request.contentType }),
        request.fileName,
      );
      xhr.open('POST', request.url);
      xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
      // The browser sets the multipart Content-Type with its boundary from the FormData.
      xhr.send(form);
    });
}

function parsedJson(xhr: XMLHttpRequest): unknown {
  try {
    return xhr.responseText === '' ? null : (JSON.parse(xhr.responseText) as unknown);
  } catch {
    return null;
  }
}
