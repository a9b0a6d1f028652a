import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MainLog, configureLogging, rotateLogFile } from './logging';
import { REDACTED, redactLogData } from './redact';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactLogData', () => {
  it('removes tokens wherever they appear and what people wrote', () => {
    const [text, fields] = redactLogData([
      `refresh failed for ${JWT} with Bearer abc.def-ghi and https://s/socket?token=xyz&v=1`,
      {
        refreshToken: 'r1',
        password: 'hunter2',
        content: 'my private message',
        note: 'rent',
        nested: { accessToken: 'a1', error: `bad ${JWT}`, list: [{ text: 'hi' }] },
        conversationId: 'c1',
        status: 401,
      },
    ]);
    expect(text).toBe('refresh failed for [token] with Bearer [token] and https://s/socket?token=[token]&v=1');
    expect(fields).toEqual({
      refreshToken: REDACTED,
      password: REDACTED,
      content: REDACTED,
      note: REDACTED,
      nested: { accessToken: REDACTED, error: 'bad [token]', list: [{ text: REDACTED }] },
      conversationId: 'c1',
      status: 401,
    });
  });

  it('redacts inside errors and survives deep or cyclic-looking data', () => {
    const [error] = redactLogData([new Error(`401 for ${JWT}`)]) as Error[];
    expect(error!.message).toBe('401 for [token]');
    let deep: Record<string, unknown> = { leaf: JWT };
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(JSON.stringify(redactLogData([deep]))).not.toContain(JWT);
  });
});

describe('configureLogging', () => {
  function fakeLog() {
    const lines: unknown[][] = [];
    const log = {
      transports: { file: { maxSize: 0, level: 'silly', archiveLogFn: () => {} }, console: { level: 'silly' } },
      hooks: [] as ((message: { data: unknown[] }) => { data: unknown[] } | false)[],
      ...Object.fromEntries(
        (['debug', 'info', 'warn', 'error'] as const).map((level) => [
          level,
          (...data: unknown[]) => {
            let message: { data: unknown[] } | false = { data };
            for (const hook of log.hooks) if (message) message = hook(message);
            if (message) lines.push(message.data);
          },
        ]),
      ),
    } as unknown as MainLog<{ data: unknown[] }>;
    return { log, lines };
  }

  it('caps the file size and sends every line through the redaction hook', () => {
    const { log, lines } = fakeLog();
    const logger = configureLogging(log, { debug: false });
    expect(log.transports.file.maxSize).toBeGreaterThan(0);
    expect(log.transports.file.level).toBe('info');
    logger.warn('refresh refused', { refreshToken: 'r1', content: 'hello' });
    expect(lines).toEqual([['refresh refused', { refreshToken: REDACTED, content: REDACTED }]]);
  });
});

describe('rotateLogFile', () => {
  it('keeps a fixed number of old files, newest first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'messenger-log-'));
    try {
      const file = path.join(dir, 'main.log');
      for (const n of [1, 2, 3, 4]) {
        writeFileSync(file, `run ${n}`);
        rotateLogFile(file, 3);
      }
      expect(existsSync(file)).toBe(false);
      expect(['main.1.log', 'main.2.log', 'main.3.log'].map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual([
        'run 4',
        'run 3',
        'run 2',
      ]);
      expect(existsSync(path.join(dir, 'main.4.log'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
