import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureEnvelopeSchema } from '../../src/shared/protocol/errors';
import { createHttpApp, DEFAULT_HTTP_TIMEOUTS } from '../../src/server/http/httpApp';
import { createLogger } from '../../src/server/logger';
import { type TestServer, removeDataDir, startTestServer } from './support/testServer';

/**
 * Requests that HTTP itself refuses (framing, sizes, methods, timeouts) are answered in the
 * protocol's envelope `{success: false, message, code}` with its code's status (400 or 413),
 * never with Node's or Fastify's own bodies. Raw bytes over a TCP socket, as a broken client
 * sends them.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

type RawAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** Writes `request` to `port`, reads until the server closes, and parses the first response. */
function exchange(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset after the answer is fine; the answer is what counts
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const match = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!match) return reject(new Error(`no HTTP response in ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(
        match[2]!.split('\r\n').map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      const length = Number(headers['content-length']);
      const bodyText = Number.isInteger(length) ? Buffer.from(match[3]!).subarray(0, length).toString() : match[3]!;
      let body: unknown = bodyText;
      try {
        body = JSON.parse(bodyText);
      } catch {
        // left as text: the assertion below shows it
      }
      resolve({ status: Number(match[1]), headers, body });
    });
    socket.write(request, 'latin1');
  });
}

function expectEnvelope(answer: RawAnswer, status: number, code: string): void {
  expect({ status: answer.status, body: answer.body }).toMatchObject({ status, body: { success: false, code } });
  expect(failureEnvelopeSchema.safeParse(answer.body).success, JSON.stringify(answer.body)).toBe(true);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

const login = (headers: string, body = '') =>
  `POST /api/auth/login HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n${body}`;

describe('malformed HTTP', () => {
  it.each([
    [
      'a Content-Length that is not a number',
      login('Content-Type: application/json\r\nContent-Length: abc\r\n', '{}'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a Content-Length shorter than the body (the rest reads as a request)',
      login('Content-Type: application/json\r\nContent-Length: 2\r\n', '{}{"username":"a","password":"b"}'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'Content-Length beside Transfer-Encoding',
      login('Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a chunk size that is not hexadecimal',
      login('Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'headers over the 16 KiB limit',
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a method HTTP does not know', 'FROB /api/health HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'VALIDATION_FAILED'],
    [
      'an HTTP version the server does not speak',
      'GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an HTTP/1.1 request without Host',
      'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an Expect the server cannot meet',
      login('Content-Type: application/json\r\nExpect: teapot\r\nContent-Length: 2\r\n', '{}'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'CONNECT (the server is no proxy)',
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a body that is not JSON (unsupported media type)',
      login('Content-Type: application/xml\r\nContent-Length: 7\r\n', '<a></a>'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'bad percent-encoding in the path',
      'GET /api/conversations/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a path segment over the length limit',
      `GET /api/conversations/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a body over 64 KiB',
      login('Content-Type: application/json\r\nContent-Length: 70000\r\n', `"${'a'.repeat(69_998)}"`),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a body that is not valid JSON',
      login('Content-Type: application/json\r\nContent-Length: 2\r\n', '{x'),
      400,
      'VALIDATION_FAILED',
    ],
  ])('answers %s in the envelope', async (_case, request, status, code) => {
    expectEnvelope(await exchange(server.port, request), status, code);
    // And the server goes on answering.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('sets a request timeout (Fastify sets none), so a body shorter than its Content-Length cannot wait forever', () => {
    const http = createHttpApp(createLogger('silent'));
    expect(http.server.requestTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.requestMs);
    expect(http.server.headersTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.headersMs);
  });

  it('answers a request whose body never arrives in full in the envelope', async () => {
    // The same app with short timeouts, so the test need not wait 30 s.
    const http = createHttpApp(createLogger('silent'), { headersMs: 200, requestMs: 300 });
    http.post('/echo', async (request) => ({ body: request.body }));
    await http.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = http.server.address() as AddressInfo;
      const answer = await exchange(
        port,
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":',
      );
      expectEnvelope(answer, 400, 'VALIDATION_FAILED');
    } finally {
      await http.close();
    }
  });
});
