import path from 'node:path';
import { z } from 'zod';
import { MEDIA_MAX_BYTES_DEFAULT } from '../shared/protocol/limits';
import { MIN_JWT_SECRET_BYTES } from './auth/jwtSecret';

/** `MEDIA_QUOTA_BYTES` when not set: what one user's photos and files may take, in bytes (1 GiB). */
export const MEDIA_QUOTA_BYTES_DEFAULT = 1024 * 1024 * 1024;

/** Parses a lifetime given as seconds (`900`) or with a unit (`15m`, `1h`, `30s`, `1d`). */
export function parseDurationSeconds(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (use seconds, or a number with s, m, h or d)`);
  const units = { s: 1, m: 60, h: 3600, d: 86400 } as const;
  const seconds = Number(match[1]) * units[(match[2] ?? 's') as keyof typeof units];
  if (seconds < 1) throw new Error(`a duration must be at least one second: "${text}"`);
  return seconds;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  // PostgreSQL (storage/postgres/) instead of SQLite in DATA_DIR; never logged, it may hold a password.
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  // RFC 7518, section 3.2: an HS256 key has at least 256 bits; counted in UTF-8 bytes, as it is used.
  JWT_SECRET: z
    .string()
    .refine(
      (secret) => Buffer.byteLength(secret, 'utf8') >= MIN_JWT_SECRET_BYTES,
      `JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes (RFC 7518, section 3.2)`,
    )
    .optional(),
  ACCESS_TOKEN_TTL: z
    .string()
    .default('15m')
    .transform((text, ctx) => {
      try {
        return parseDurationSeconds(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'CURRENCY must be a three-letter ISO 4217 code')
    .default('USD'),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  // Where uploaded media are kept; with several instances, a volume they all share (README, "Deployment").
  MEDIA_DIR: z.string().min(1).optional(),
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int('MEDIA_MAX_BYTES must be a whole number of bytes')
    .min(1, 'MEDIA_MAX_BYTES must be at least 1')
    .max(Number.MAX_SAFE_INTEGER)
    .default(MEDIA_MAX_BYTES_DEFAULT),
  MEDIA_QUOTA_BYTES: z.coerce
    .number()
    .int('MEDIA_QUOTA_BYTES must be a whole number of bytes')
    .min(0, 'MEDIA_QUOTA_BYTES must not be negative')
    .max(Number.MAX_SAFE_INTEGER)
    .default(MEDIA_QUOTA_BYTES_DEFAULT),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** Redis shared by every instance (events, presence, typing, rate limits); null: one instance, in memory. */
  redisUrl: string | null;
  /** When null, a secret is generated once and kept in the data directory. */
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  adminToken: string | null;
  currency: string;
  rateLimits: boolean;
  /** Uploaded media's directory: `MEDIA_DIR`, else `<dataDir>/media`. */
  mediaDir: string;
  /** The largest upload, in bytes (`MEDIA_MAX_BYTES`, default 25 MiB). */
  mediaMaxBytes: number;
  /** What one user's media may take, in bytes (`MEDIA_QUOTA_BYTES`, default 1 GiB). */
  mediaQuotaBytes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
};

/** Reads the protocol's configuration variables; throws one readable sentence per bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    databaseUrl: values.DATABASE_URL ?? null,
    redisUrl: values.REDIS_URL ?? null,
    jwtSecret: values.JWT_SECRET ?? null,
    accessTokenTtlSeconds: values.ACCESS_TOKEN_TTL,
    adminToken: values.ADMIN_TOKEN ?? null,
    currency: values.CURRENCY,
    rateLimits: values.RATE_LIMITS === 'on',
    mediaDir: values.MEDIA_DIR ? path.resolve(values.MEDIA_DIR) : path.join(dataDir, 'media'),
    mediaMaxBytes: values.MEDIA_MAX_BYTES,
    mediaQuotaBytes: values.MEDIA_QUOTA_BYTES,
    logLevel: values.LOG_LEVEL,
  };
}
