/**
 * When an access token was issued and expires, read from its JWT payload (`iat`, `exp`, RFC 7519
 * section 4.1), in ms since the epoch. Not a verification: the client only uses it to renew the
 * token before the server would refuse it. Null when the token is not a readable JWT.
 */
export function accessTokenTimes(token: string): { issuedAt: number; expiresAt: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))) as {
      iat?: unknown;
      exp?: unknown;
    };
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return null;
    return { issuedAt: claims.iat * 1000, expiresAt: claims.exp * 1000 };
  } catch {
    return null;
  }
}

/**
 * When to renew a token so nothing notices its expiry: a quarter of its lifetime before it
 * expires, and at most a minute before (15-minute tokens renew at 14 minutes).
 */
export function renewalTime(times: { issuedAt: number; expiresAt: number }): number {
  const lifetime = Math.max(0, times.expiresAt - times.issuedAt);
  return times.expiresAt - Math.min(60_000, lifetime / 4);
}
