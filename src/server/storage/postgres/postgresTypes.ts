import pg from 'pg';

/** PostgreSQL type oids (pg_type.oid) whose text this adapter parses itself. */
const INT8_OID = 20;

/**
 * int8 (bigint) as a JavaScript number. Amounts (integer minor units), `seq` and cursors are
 * bigint columns; node-postgres returns them as strings by default, since a bigint may exceed
 * 2^53. Every value this server writes stays far below that, so one that does not is a damaged
 * database: it throws rather than round silently.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is beyond JavaScript's safe integers`);
  return value;
}

/**
 * The type parsers of this adapter's pool only (the `pg` module's global parsers stay as they
 * are, for any other user of the module in this process).
 */
export const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;
