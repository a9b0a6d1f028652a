import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Logger } from '../core/ports';
import { redactLogData } from './redact';

/** The part of electron-log's main logger used here. */
export type MainLog<M extends { data: unknown[] }> = {
  transports: {
    file: {
      maxSize: number;
      level: string | false;
      // Method syntax: electron-log passes its richer LogFile, of which only the path is used.
      archiveLogFn(oldLogFile: { toString(): string }): void;
    };
    console: { level: string | false };
  };
  hooks: ((message: M) => M | false)[];
  debug(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const KEPT_FILES = 3;

/**
 * When `main.log` is full it becomes `main.1.log`, the older ones move up one and the oldest
 * is deleted: at most `kept` old files of `MAX_FILE_BYTES` each.
 */
export function rotateLogFile(file: string, kept: number = KEPT_FILES): void {
  const numbered = (n: number) => file.replace(/(\.log)?$/, `.${n}.log`);
  rmSync(numbered(kept), { force: true });
  for (let n = kept - 1; n >= 1; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  renameSync(file, numbered(1));
}

/**
 * electron-log to a rotating file in the app's logs directory, every line through the redaction
 * hook (no tokens, no message text), returned as the engine's `Logger` port.
 */
export function configureLogging<M extends { data: unknown[] }>(log: MainLog<M>, options: { debug: boolean }): Logger {
  log.transports.file.maxSize = MAX_FILE_BYTES;
  log.transports.file.level = options.debug ? 'debug' : 'info';
  log.transports.file.archiveLogFn = (oldLogFile) => rotateLogFile(oldLogFile.toString());
  log.transports.console.level = options.debug ? 'debug' : 'warn';
  log.hooks.push((message) => ({ ...message, data: redactLogData(message.data) }) as M);
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (text: string, fields?: Record<string, unknown>) =>
    fields === undefined ? log[level](text) : log[level](text, fields);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
