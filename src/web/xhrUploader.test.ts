import { describe, expect, it, vi } from 'vitest';
import type { UploadRequest } from '../core/ports';
import { xhrUploader } from './xhrUploader';

/** A stand-in for the browser's XMLHttpRequest: records what was sent; the test plays the network. */
class FakeXhr extends EventTarget {
  upload = new EventTarget();
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  aborted = false;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  abort() {
    this.aborted = true;
    this.dispatchEvent(new Event('abort'));
  }
  progress(loaded: number, total: number, lengthComputable = true) {
    this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded, total, lengthComputable }));
  }
  answer(status: number, text: string, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = text;
    this.responseHeaders = headers;
    this.dispatchEvent(new Event('load'));
  }
}

function setUp(overrides: Partial<UploadRequest> = {}) {
  const xhr = new FakeXhr();
  const upload = xhrUploader(() => xhr as unknown as XMLHttpRequest);
  const controller = new AbortController();
  const onProgress = vi.fn();
  const request: UploadRequest = {
    url: 'http://127.0.0.1:3000/api/media',
    token: 'access-token',
    bytes: new Uint8Array(1000).fill(7),
    fileName: 'photo.jpg',
    contentType: 'image/jpeg',
    onProgress,
    signal: controller.signal,
    ...overrides,
  };
  return { xhr, controller, onProgress, result: upload(request) };
}

describe('xhrUploader', () => {
  it('posts the bytes as the multipart part "file" with the bearer token', async () => {
    const { xhr, result } = setUp();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('http://127.0.0.1:3000/api/media');
    expect(xhr.headers).toEqual({ Authorization: 'Bearer access-token' });
    const file = xhr.body!.get('file') as File;
    expect(file.name).toBe('photo.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array(1000).fill(7));
    xhr.answer(201, '{"success":true,"data":{"media":{"_id":"m1"}}}');
    expect(await result).toEqual({
      status: 201,
      retryAfter: null,
      body: { success: true, data: { media: { _id: 'm1' } } },
    });
  });

  it("reports the file's bytes sent, scaled from the request's, never decreasing, at most its size", async () => {
    const { xhr, onProgress, result } = setUp();
    xhr.progress(0, 1200, false); // no length: nothing to say
    xhr.progress(600, 1200);
    xhr.progress(300, 1200); // out of order: ignored
    xhr.progress(1200, 1200);
    xhr.progress(1300, 1200);
    expect(onProgress.mock.calls.map(([sent]) => sent)).toEqual([500, 1000]);
    xhr.answer(201, '{}');
    await result;
  });

  it('resolves a refusal with its status, Retry-After and body (or null when it is not JSON)', async () => {
    const limited = setUp();
    limited.xhr.answer(429, '{"success":false,"error":{"code":"RATE_LIMITED"}}', { 'retry-after': '30' });
    expect(await limited.result).toEqual({
      status: 429,
      retryAfter: '30',
      body: { success: false, error: { code: 'RATE_LIMITED' } },
    });
    const proxy = setUp();
    proxy.xhr.answer(413, '<html>Request Entity Too Large</html>');
    expect(await proxy.result).toEqual({ status: 413, retryAfter: null, body: null });
  });

  it('rejects when no answer came (network, timeout)', async () => {
    const offline = setUp();
    offline.xhr.dispatchEvent(new Event('error'));
    await expect(offline.result).rejects.toThrow(TypeError);
    const slow = setUp();
    slow.xhr.dispatchEvent(new Event('timeout'));
    await expect(slow.result).rejects.toThrow(TypeError);
  });

  it("aborts the request with the signal and rejects with the signal's reason", async () => {
    const { xhr, controller, result } = setUp();
    const reason = new DOMException('cancelled', 'AbortError');
    controller.abort(reason);
    expect(xhr.aborted).toBe(true);
    await expect(result).rejects.toBe(reason);
  });

  it('sends nothing when the signal was aborted already', async () => {
    const controller = new AbortController();
    controller.abort();
    const xhr = new FakeXhr();
    const upload = xhrUploader(() => xhr as unknown as XMLHttpRequest);
    const request = {
      url: 'http://x/api/media',
      token: 't',
      bytes: new Uint8Array(1),
      fileName: 'a',
      contentType: 'application/pdf',
      onProgress: () => {},
      signal: controller.signal,
    };
    await expect(upload(request)).rejects.toBe(controller.signal.reason);
    expect(xhr.body).toBeNull();
  });
});
