import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, prepareDataDir, restrictFile } from '../dataDir';

/**
 * The least length of the HS256 key, in bytes: RFC 7518 section 3.2 requires a key of at least
 * 256 bits (the hash's output size). A shorter key can be guessed offline from any one token,
 * and tokens forged with it would be accepted.
 */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The JWT secret: `JWT_SECRET` when set (the configuration already refused one under 32 bytes),
 * otherwise the `jwt-secret` file in the data directory, generated on first start (48 random
 * bytes, base64url: 64 characters) with mode 0600, so tokens survive restarts without anyone
 * configuring it. An existing file is set to 0600 again. Throws one readable sentence when the
 * file holds fewer than 32 bytes (empty, cut short, hand-edited): the server must not start on
 * a key anyone could guess.
 */
export function loadJwtSecret(configured: string | null, dataDir: string): Uint8Array {
  if (configured) return checkedKey(configured, 'JWT_SECRET', 'Set a longer one.');
  prepareDataDir(dataDir);
  const file = path.join(dataDir, 'jwt-secret');
  try {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  restrictFile(file);
  return checkedKey(
    readFileSync(file, 'utf8').trim(),
    file,
    'Delete the file to have a new one generated (everyone will have to log in again).',
  );
}

function checkedKey(secret: string, source: string, remedy: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_JWT_SECRET_BYTES) {
    throw new Error(
      `${source} holds ${key.length === 0 ? 'no secret' : `a ${key.length}-byte secret`}; ` +
        `a JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes (RFC 7518, section 3.2). ${remedy}`,
    );
  }
  return key;
}
