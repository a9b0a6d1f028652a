import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { errorStatus } from '../../../src/shared/protocol/errors';
import type { TestServer } from './testServer';

/**
 * Support for the fuzz test: forged tokens, an exact snapshot of the database, a check for
 * anything that looks like a stack trace or server internals, and hostile clients.
 */

/** Tokens that must all be refused: expired, wrongly signed, unsigned, and for nobody. */
export async function forgeTokens(dataDir: string, user: { _id: string; username: string }) {
  const secret = new TextEncoder().encode(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim());
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, key = secret) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const valid = await sign({ sub: user._id, username: user.username, iat: now, exp: now + 600 });
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  return {
    expired: await sign({ sub: user._id, username: user.username, iat: now - 7200, exp: now - 3600 }),
    wrongSecret: await sign(
      { sub: user._id, username: user.username, iat: now, exp: now + 600 },
      new TextEncoder().encode('not-the-server-secret-0123456789'),
    ),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user._id, username: user.username, exp: now + 600 })}.`,
    tamperedPayload: `${header}.${b64({ sub: 'someone-else', username: 'admin', iat: now, exp: now + 600 })}.${signature}`,
    tamperedSignature: `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    noSubject: await sign({ username: user.username, iat: now, exp: now + 600 }),
    numericSubject: await sign({ sub: 42, username: user.username, iat: now, exp: now + 600 } as never),
    notYetValid: await sign({ sub: user._id, username: user.username, iat: now, nbf: now + 3600, exp: now + 7200 }),
    /** Correctly signed, for a user id the server never issued. */
    ghost: await sign({ sub: 'ghost-user-0000', username: 'ghost', iat: now, exp: now + 600 }),
  };
}

/**
 * Every row of every table, read through a separate read-only connection, minus the one column
 * a connection may legitimately touch (`users.last_seen`, written when a session closes).
 */
export function databaseSnapshot(dataDir: string): Record<string, unknown[]> {
  const db = new DatabaseSync(path.join(dataDir, 'messenger.sqlite'), { readOnly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    const snapshot: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      snapshot[name] = rows
        .map((row) => {
          const copy = { ...row };
          if (name === 'users') delete copy.last_seen;
          return JSON.stringify(copy);
        })
        .sort();
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/** What the storage port reports: totals, each user's balance and history, each conversation's cursors. */
export async function storageSnapshot(server: TestServer, userIds: readonly string[]) {
  const { ledger, chat, users } = server.storage;
  const perUser: Record<string, unknown> = {};
  for (const userId of userIds) {
    const conversations = await chat.conversationsOf(userId);
    perUser[userId] = {
      balance: await ledger.balanceOf(userId),
      entries: (await ledger.entriesOf(userId, { limit: 1000 })).map((entry) => entry.transaction.id),
      conversations: await Promise.all(
        conversations.map(async (conversation) => ({
          id: conversation.id,
          lastSeq: conversation.lastSeq,
          members: await chat.members(conversation.id),
        })),
      ),
    };
  }
  return {
    users: (await users.list(0, 1)).total,
    totalBalance: await ledger.totalBalance(),
    totalDeposited: await ledger.totalDeposited(),
    perUser,
  };
}

const LEAK_PATTERNS: [string, RegExp][] = [
  ['stack frame', /\bat\s+(?:async\s+)?[\w$.<>[\]]+\s+\(/],
  ['stack frame', /\bat\s+(?:file:|node:|\/)/],
  ['source position', /\.(?:ts|js|mjs|cjs):\d+/],
  ['file path', /node_modules|\/work\/|\/home\/|\/tmp\//],
  ['error name', /\b(?:Type|Syntax|Reference|Range|Sqlite)?Error:/],
  ['framework code', /FST_ERR|ERR_[A-Z_]{4,}/],
  ['database detail', /SQLITE|constraint failed|no such (?:table|column)/i],
  ['password hash', /scrypt\$/],
];

/** The first sign of server internals in a response text, or null. */
export function findLeak(text: string): string | null {
  for (const [what, pattern] of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return `${what}: ${JSON.stringify(text.slice(Math.max(0, match.index - 40), match.index + 60))}`;
  }
  return null;
}

/** True when `code` is a protocol error code that travels with `status`. */
export function codeMatchesStatus(code: unknown, status: number): boolean {
  return typeof code === 'string' && (errorStatus as Record<string, number>)[code] === status;
}

export function connectSocket(server: TestServer, namespace: '/chat' | '/wallet', token: string): Promise<Socket> {
  const socket = io(`${server.url}${namespace}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect to ${namespace}`)), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export type WsFrameIn = { type: string; data: unknown };

/** A `/ws` client that queues incoming frames so a test can wait for the next one of a type. */
export class WsProbe {
  readonly frames: WsFrameIn[] = [];
  /** Frames that `next` stepped over on its way to the one it returned. */
  skipped: WsFrameIn[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? `<binary ${(data as Buffer).length}>` : (data as Buffer).toString();
      let frame: WsFrameIn;
      try {
        frame = JSON.parse(text) as WsFrameIn;
      } catch {
        frame = { type: '<unparseable>', data: text };
      }
      this.frames.push(frame);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(server: TestServer, token: string | null): Promise<WsProbe> {
    const url = `${server.url.replace(/^http/, 'ws')}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
    const probe = new WsProbe(new WebSocket(url));
    return new Promise((resolve, reject) => {
      probe.socket.once('open', () => resolve(probe));
      probe.socket.once('error', reject);
    });
  }

  /** Resolves with the next frame matching `type` (consuming frames before it), or null on timeout/close. */
  async next(type: string, timeoutMs = 3000): Promise<WsFrameIn | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((frame) => frame.type === type);
      if (index >= 0) {
        const taken = this.frames.splice(0, index + 1);
        this.skipped.push(...taken.slice(0, -1));
        return taken[index]!;
      }
      if (this.closed || Date.now() >= deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the socket has closed, with its close code, or null on timeout. */
  async closedWith(timeoutMs = 3000): Promise<{ code: number; reason: string } | null> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
