import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../apiError';
import { failureBody } from './envelope';

/**
 * Requests that Node's HTTP parser refuses before Fastify sees them (bad framing, headers over
 * the limit, a request that never finishes) are answered here, in the protocol's envelope with
 * its code's status (PROTOCOL.md: 400 VALIDATION_FAILED, 413 PAYLOAD_TOO_LARGE), instead of
 * Node's or Fastify's own bodies.
 */

/** What a `clientError` from Node's parser (llhttp's `HPE_*` codes) or its timers means for the client. */
export function clientErrorToApiError(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('PAYLOAD_TOO_LARGE', 'The request headers are larger than the server accepts.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(
        'PAYLOAD_TOO_LARGE',
        'The chunk extensions of the request are larger than the server accepts.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('VALIDATION_FAILED', 'The request did not arrive in full in time.');
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new ApiError(
        'VALIDATION_FAILED',
        'The Content-Length header is not valid (a number, once, and never beside Transfer-Encoding).',
      );
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_EOF_STATE':
      return new ApiError('VALIDATION_FAILED', 'The request body is not framed as its headers say.');
    case 'HPE_INVALID_VERSION':
      return new ApiError('VALIDATION_FAILED', 'The server speaks HTTP/1.1 (and 1.0) only.');
    case 'HPE_INVALID_METHOD':
      // Also what a body longer than its Content-Length leads to: the rest is read as a request.
      return new ApiError(
        'VALIDATION_FAILED',
        'The request is not valid HTTP: an unknown method, or a body longer than its Content-Length.',
      );
    default:
      return new ApiError('VALIDATION_FAILED', 'The request is not valid HTTP.');
  }
}

/**
 * Writes `error` as a complete HTTP/1.1 response straight onto `socket` and closes it: for
 * faults where Node gives no response object. Nothing is written once a response has begun on
 * that connection (its bytes would interleave), as Node itself does.
 */
export function answerOnSocket(socket: Duplex, error: ApiError): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(failureBody(error));
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Access-Control-Allow-Origin: *\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  // Half-close after the answer, then drop the connection once it is flushed (or soon, for a
  // peer that never reads): the peer's unread request must not keep it open.
  socket.end();
  socket.once('finish', () => socket.destroy());
  setTimeout(() => socket.destroy(), FLUSH_GRACE_MS).unref();
}

/** How long a refused connection may take to receive its answer before it is cut. */
const FLUSH_GRACE_MS = 5_000;

/** Fastify's `clientErrorHandler`: a connection reset has nobody to answer; anything else gets the envelope. */
export function handleClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  answerOnSocket(socket, clientErrorToApiError(error));
}

/**
 * The answers Node would otherwise write itself on `server`, in the envelope: an `Expect` it
 * cannot meet (Node's bare 417, RFC 9110 section 10.1.1) and `CONNECT`, which this server, not
 * being a proxy, refuses (Node would close the connection without a word).
 */
export function answerNodeLevelRequests(server: Server): void {
  server.on('checkExpectation', (_request: IncomingMessage, response) => {
    const error = new ApiError(
      'VALIDATION_FAILED',
      'The server cannot meet the Expect header; only "100-continue" is supported.',
    );
    const body = JSON.stringify(failureBody(error));
    response.writeHead(error.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Access-Control-Allow-Origin': '*',
      Connection: 'close',
    });
    response.end(body);
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    answerOnSocket(socket, new ApiError('VALIDATION_FAILED', 'CONNECT is not allowed: this server is not a proxy.'));
  });
}
