import { randomBytes } from 'node:crypto';

/**
 * A 24-hex-digit id, shaped like the MongoDB ObjectIds the existing clients were written
 * against: 4 bytes of seconds since the epoch (so ids sort roughly by creation) and 8 random bytes.
 */
export function newId(now: number = Date.now()): string {
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + randomBytes(8).toString('hex');
}
