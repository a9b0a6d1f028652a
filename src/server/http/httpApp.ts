import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { ApiError } from '../apiError';
import { apiErrorFrom, sendFailure } from './envelope';

export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The HTTP side: Fastify with the protocol's envelope for every failure, a 64 KiB body limit,
 * CORS for the web client (bearer tokens, never cookies, so any origin may call), and one log
 * line per request without its query string (where a token could sit).
 */
export function createHttpApp(logger: Logger): FastifyInstance {
  const http = Fastify({
    bodyLimit: JSON_BODY_LIMIT_BYTES,
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

  let closing = false;
  http.addHook('preClose', async () => {
    closing = true;
  });

  http.addHook('onRequest', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Vary', 'Origin');
    if (closing) {
      reply.header('Connection', 'close');
      return sendFailure(reply, new ApiError('UNAVAILABLE', 'The server is shutting down; try again in a moment.'));
    }
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Admin-Token');
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
