import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { ApiError } from '../apiError';
import { answerNodeLevelRequests, handleClientError } from './clientErrors';
import { apiErrorFrom, sendFailure } from './envelope';

export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/** How long a client may take to send a request: its headers, and all of it with the body (ms). */
export type HttpTimeouts = { headersMs: number; requestMs: number };
/**
 * A request whose body is shorter than its Content-Length would otherwise wait forever (Fastify
 * sets no request timeout). The longest request is an upload of MEDIA_MAX_BYTES: 25 MiB take
 * 5 minutes at 700 kbit/s, a slow mobile uplink; 5 minutes is also Node's own default.
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 20_000, requestMs: 300_000 };

/**
 * The HTTP side: Fastify with the protocol's envelope for every failure (Node's parser errors,
 * Fastify's framework errors, timeouts and unknown routes included), a 64 KiB body limit, CORS
 * for the web client (bearer tokens, never cookies, so any origin may call), and one log line
 * per request without its query string (where a token could sit).
 */
export function createHttpApp(logger: Logger, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): FastifyInstance {
  const http = Fastify({
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node checks the timeouts above on this period; it must be finer than they are.
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
      // Answered below, in the envelope, rather than with Node's empty 400.
      requireHostHeader: false,
    },
    // What Node's parser refuses (bad framing, headers over 16 KiB, a request that never
    // finishes) is answered in the envelope too, not with Fastify's own body.
    clientErrorHandler: handleClientError,
    // While closing, requests still arriving on open keep-alive connections get a 503 from the
    // hook below, in the protocol's envelope (Fastify's own 503 body is not an envelope).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Errors Fastify raises before routing (a URL with bad percent-encoding: FST_ERR_BAD_URL)
    // would otherwise answer with Fastify's own body; they get the envelope like any other.
    frameworkErrors: (error, _request, reply) => sendFailure(reply, apiErrorFrom(error)),
  });

  // Many clients send `Content-Type: application/json` on every call, body or not (a PUT that
  // marks read has none): an empty JSON body is no body, and the route's schema decides.
  const parseJson = http.getDefaultJsonParser('error', 'error');
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else parseJson(request, body as string, done);
  });

  answerNodeLevelRequests(http.server);

  let closing = false;
  http.addHook('preClose', async () => {
    closing = true;
  });

  http.addHook('onRequest', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*');
    // A web client on another origin reads how long a 429 asks it to wait (Fetch standard: only
    // safelisted response headers are visible across origins unless exposed).
    reply.header('Access-Control-Expose-Headers', 'Retry-After');
    reply.header('Vary', 'Origin');
    if (closing) {
      reply.header('Connection', 'close');
      return sendFailure(reply, new ApiError('UNAVAILABLE', 'The server is shutting down; try again in a moment.'));
    }
    // RFC 9112, section 3.2: an HTTP/1.1 request without Host is answered 400.
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      reply.header('Connection', 'close');
      return sendFailure(reply, new ApiError('VALIDATION_FAILED', 'An HTTP/1.1 request must carry a Host header.'));
    }
    // The query parser keeps what it cannot decode as it came ("%ED%A0%80" stays those nine
    // characters), so a query that is not UTF-8 would be read as other text than was meant.
    if (!isWellFormedUrl(request.url)) {
      return sendFailure(
        reply,
        new ApiError('VALIDATION_FAILED', 'The URL is not validly percent-encoded UTF-8 (RFC 3986).', {
          details: [{ field: '(query)', message: 'must be percent-encoded UTF-8' }],
        }),
      );
    }
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      reply.header(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, Idempotency-Key, Range, If-None-Match, X-Admin-Token',
      );
      reply.header('Access-Control-Max-Age', '600');
      return reply.status(204).send();
    }
  });

  http.addHook('onResponse', async (request, reply) => {
    logger.debug(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
  });

  http.setErrorHandler((error, request, reply) => {
    const apiError = apiErrorFrom(error);
    if (apiError.code === 'INTERNAL') {
      logger.error({ err: error, method: request.method, path: request.url.split('?')[0] }, 'request failed');
    }
    return sendFailure(reply, apiError);
  });

  http.setNotFoundHandler((request, reply) =>
    sendFailure(reply, new ApiError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );

  return http;
}

/**
 * Whether a request-target is ASCII (RFC 3986, section 2: anything else is percent-encoded)
 * and its query decodes as UTF-8 text with no lone surrogate (`decodeURIComponent` refuses
 * both a bad escape and bytes that are not UTF-8, such as the CESU-8 form of a surrogate).
 * The path is decoded, with the same strictness, by the router (`FST_ERR_BAD_URL`).
 */
export function isWellFormedUrl(url: string): boolean {
  if (/[^\x21-\x7e]/.test(url)) return false;
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return true;
  try {
    decodeURIComponent(url.slice(queryStart + 1).replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}
