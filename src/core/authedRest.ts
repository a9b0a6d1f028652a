import type { z } from 'zod';
import { RestError, restCall } from './restClient';
import type { SessionStore } from './sessionStore';

export type AuthedRest = <T extends z.ZodType>(
  path: string,
  schema: T,
  options?: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; headers?: Record<string, string> },
) => Promise<z.output<T>>;

/**
 * REST as the signed-in user: an expired access token is refreshed once, silently, and the call
 * repeated; a refused refresh has already ended the session, so the error goes to the caller.
 */
export function authedRest(session: SessionStore): AuthedRest {
  return async (path, schema, options = {}) => {
    const attempt = () => restCall(session.current.serverUrl, path, schema, { ...options, token: session.accessToken });
    try {
      return await attempt();
    } catch (error) {
      const expired = error instanceof RestError && ['TOKEN_EXPIRED', 'UNAUTHORIZED'].includes(error.error.code);
      if (!expired || !(await session.refresh())) throw error;
      return attempt();
    }
  };
}
