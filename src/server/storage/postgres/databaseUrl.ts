/**
 * Where a `DATABASE_URL` points, for messages: host, port and database, never the user's
 * password (nor any other part of the URL, which may carry one in its query).
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    const host = parsed.hostname || 'the local socket';
    return `${host}${parsed.port ? `:${parsed.port}` : ''}${database ? `/${database}` : ''}`;
  } catch {
    return 'the database named by DATABASE_URL';
  }
}

/** `text` with the URL's password (plain and percent-encoded) blotted out, in case a driver message repeats it. */
export function withoutPassword(text: string, url: string): string {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  return text.split(password).join('***').split(decodeURIComponent(password)).join('***');
}
