import { Redis } from 'ioredis';
import type { Logger } from '../logger';

/**
 * Connects to Redis and checks it answers, so a wrong `REDIS_URL` stops the start with a
 * readable reason instead of failing later. Errors after that (Redis restarting) are logged and
 * retried by the client.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  let starting = true;
  // The socket's own error (ECONNREFUSED, ...) says more than the rejection ("Connection is closed").
  let firstError: Error | null = null;
  redis.on('error', (error: Error) => {
    if (starting) firstError ??= error;
    else logger.warn({ err: error }, 'redis connection');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = (firstError ?? (error as Error)).message;
    throw new Error(`cannot reach Redis at REDIS_URL: ${reason}`, { cause: error });
  }
  starting = false;
  return redis;
}
