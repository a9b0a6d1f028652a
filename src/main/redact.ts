/**
 * What never reaches a log: tokens (JWTs, bearer headers, token query parameters) and what
 * people wrote (message text, notes, passwords). Applied to every log line by a hook, so a
 * careless call site cannot leak either.
 */
const SECRET_KEYS = /token|password|secret|authorization|cookie|^content$|^text$|^body$|^note$|^caption$/i;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const TOKEN_PARAM = /([?&](?:access_?token|refresh_?token|token)=)[^&\s#]+/gi;
const MAX_DEPTH = 6;

export const REDACTED = '[redacted]';

export function redactString(text: string): string {
  return text.replace(JWT, '[token]').replace(BEARER, '$1 [token]').replace(TOKEN_PARAM, '$1[token]');
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    const copy = new Error(redactString(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactString(value.stack) : undefined;
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEYS.test(key) ? REDACTED : redactValue(item, depth + 1)]),
  );
}

/** The arguments of one log call, redacted. */
export function redactLogData(data: readonly unknown[]): unknown[] {
  return data.map((item) => redactValue(item));
}
