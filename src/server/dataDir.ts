import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The data directory holds the database and the generated secrets: only the server's user may
 * enter it (0700) or read its files (0600). Files are created with that mode and, at every start,
 * files left by an older version or another umask are brought down to it.
 */
export const DATA_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and its parents) as 0700, or tightens an existing one we own to 0700. A shared
 * directory (sticky bit, like `/tmp`) or one of another user is left as it is: its files are
 * still 0600.
 */
export function prepareDataDir(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
    return;
  }
  const info = statSync(dir);
  if (!info.isDirectory()) throw new Error(`DATA_DIR ${dir} is not a directory`);
  const sticky = (info.mode & 0o1000) !== 0;
  const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
  if ((info.mode & 0o077) !== 0 && ours && !sticky) chmodSync(dir, DATA_DIR_MODE);
}

/** Creates `file` empty with mode 0600 where it is missing, else sets its mode to 0600. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictFile(file);
}

/** Sets an existing `file` to 0600; a missing one is fine. */
export function restrictFile(file: string): void {
  if (!existsSync(file)) return;
  if ((statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
}
