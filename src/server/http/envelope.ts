import type { FastifyReply } from 'fastify';
import type { FailureEnvelope } from '../../shared/protocol/errors';
import { ApiError } from '../apiError';

export function sendData(reply: FastifyReply, data: unknown, status = 200): FastifyReply {
  return reply.status(status).send({ success: true, data });
}

/** The protocol's failure envelope for `error`: `{success: false, message, code, details?}`. */
export function failureBody(error: ApiError): FailureEnvelope {
  const body: FailureEnvelope = { success: false, message: error.message, code: error.code };
  if (error.details) body.details = error.details;
  return body;
}

export function sendFailure(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterMs !== undefined) reply.header('Retry-After', Math.ceil(error.retryAfterMs / 1000));
  return reply.status(error.status).send(failureBody(error));
}

type FastifyLikeError = { code?: string; statusCode?: number; message?: string };

/**
 * Maps anything thrown while answering to the protocol's envelope, and so to its code's status:
 * every framework error a client can cause is a 4xx (a media type, a path part too long), never
 * a 500. Errors we did not mean to show become a bare 500 with no text of theirs: no stack, no
 * SQL, no path ever reaches a client.
 */
export function apiErrorFrom(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const { code, statusCode } = (error ?? {}) as FastifyLikeError;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('VALIDATION_FAILED', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('VALIDATION_FAILED', 'The request body must be JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('VALIDATION_FAILED', 'The Content-Length header does not match the body.');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_INVALID_URL':
      return new ApiError('VALIDATION_FAILED', 'The URL is not validly percent-encoded UTF-8 (RFC 3986).');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('VALIDATION_FAILED', 'A part of the URL path is longer than the server accepts.');
  }
  if (error instanceof SyntaxError || statusCode === 400) {
    return new ApiError('VALIDATION_FAILED', 'The request could not be read.');
  }
  if (statusCode === 413) return new ApiError('PAYLOAD_TOO_LARGE', 'The request is larger than the server accepts.');
  if (statusCode === 404) return new ApiError('NOT_FOUND', 'Nothing is here.');
  if (statusCode !== undefined && statusCode > 400 && statusCode < 500) {
    return new ApiError('VALIDATION_FAILED', 'The request could not be read.');
  }
  return new ApiError('INTERNAL', 'Something went wrong on the server. Please try again.');
}
