import pino from 'pino';
import type { ServerConfig } from './config';

export type Logger = pino.Logger;

/**
 * Structured logs on stdout. Anything that could hold a secret is redacted by path, so a
 * careless `log.info({ body })` can never write a password or a token.
 */
export function createLogger(level: ServerConfig['logLevel']): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'password',
        'token',
        'refreshToken',
        'authorization',
        '*.password',
        '*.token',
        '*.refreshToken',
        '*.authorization',
        'req.headers.authorization',
        'req.headers["x-admin-token"]',
        'req.headers["idempotency-key"]',
      ],
      censor: '[redacted]',
    },
  });
}
