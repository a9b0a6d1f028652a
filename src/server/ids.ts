import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the CSPRNG in blocks: one call per 512 ids instead of one per id (a hot path: every message has an id). */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/**
 * A 24-hex-digit id, shaped like the MongoDB ObjectIds the existing clients were written
 * against: 4 bytes of seconds since the epoch (so ids sort roughly by creation) and 8 random bytes.
 */
export function newId(now: number = Date.now()): string {
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + randomHex(8);
}
