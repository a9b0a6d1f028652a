import { describe, expect, it } from 'vitest';
import { configFromEnv, parseDurationSeconds } from './config';

describe('parseDurationSeconds', () => {
  it.each([
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['1h', 3600],
    ['2d', 172_800],
  ])('reads %s as %i seconds', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it.each(['', 'soon', '-5', '1.5h', '0', '10w'])('refuses "%s"', (text) => {
    expect(() => parseDurationSeconds(text)).toThrow();
  });
});

describe('configFromEnv', () => {
  it('has the defaults of the protocol', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      databaseUrl: null,
      redisUrl: null,
      jwtSecret: null,
      accessTokenTtlSeconds: 900,
      adminToken: null,
      currency: 'USD',
      rateLimits: true,
      logLevel: 'info',
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://localhost/db',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      JWT_SECRET: 'a-secret-of-sufficient-length-32+',
      ACCESS_TOKEN_TTL: '5m',
      ADMIN_TOKEN: 'an-admin-token-long-enough',
      CURRENCY: 'EUR',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://localhost/db',
      redisUrl: 'redis://127.0.0.1:6379/0',
      accessTokenTtlSeconds: 300,
      currency: 'EUR',
      rateLimits: false,
      logLevel: 'silent',
    });
  });

  it('names every bad variable in one error', () => {
    expect(() => configFromEnv({ PORT: 'x', CURRENCY: 'dollars', RATE_LIMITS: 'maybe' })).toThrow(
      /PORT[\s\S]*CURRENCY[\s\S]*RATE_LIMITS/,
    );
  });

  it('refuses a JWT_SECRET under 32 bytes (RFC 7518, section 3.2), counting UTF-8 bytes', () => {
    expect(() => configFromEnv({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    expect(configFromEnv({ JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
    // 16 characters of two bytes each: 32 bytes.
    expect(configFromEnv({ JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toBe('é'.repeat(16));
  });

  it('treats an empty variable as unset', () => {
    expect(configFromEnv({ PORT: '', JWT_SECRET: '' })).toMatchObject({ port: 3001, jwtSecret: null });
  });
});
