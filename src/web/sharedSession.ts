import { z } from 'zod';
import type { SharedSession, SharedSessionUpdate } from '../core/ports';
import { ownUserSchema } from '../shared/protocol/entities';

/** The channel and lock every tab of the web client on one origin uses. */
const CHANNEL_NAME = 'messenger-session';
const LOCK_NAME = 'messenger-session-refresh';
/**
 * How long a request waits for another tab to answer, in ms. An idle tab answers within a few,
 * but one busy starting its page (several tabs reloaded at once) can take hundreds; a request
 * left unanswered spends this tab's own refresh token, which may already be spent elsewhere.
 */
const ANSWER_WAIT_MS = 1000;
/**
 * How long a tab whose refresh token was spent elsewhere waits for the tab holding the newest,
 * in ms, asking again every `ANSWER_WAIT_MS` (a tab that is still loading hears only requests
 * posted after its channel opened).
 */
const NEWEST_ANSWER_WAIT_MS = 8000;
/** Where the origin's tabs record the hash of the newest refresh token (never the token). */
const NEWEST_KEY = 'session:newest-refresh-token';

/** Where the hash of the newest refresh token is kept: the origin's local storage by default. */
export type NewestRecord = { get(): string | null; set(value: string | null): void };

const localStorageRecord: NewestRecord = {
  get: () => localStorage.getItem(NEWEST_KEY),
  set: (value) => (value === null ? localStorage.removeItem(NEWEST_KEY) : localStorage.setItem(NEWEST_KEY, value)),
};

/**
 * SHA-256 of the token, base64: enough to tell tokens apart, useless for refreshing (the server
 * keeps refresh tokens hashed the same way). Null without Web Crypto (an insecure context).
 */
async function hashOf(token: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

const updateSchema: z.ZodType<SharedSessionUpdate> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('signed-in'),
    serverUrl: z.string(),
    refreshToken: z.string().min(1),
    accessToken: z.string().min(1),
    user: ownUserSchema.nullable(),
  }),
  z.object({ kind: z.literal('ended'), serverUrl: z.string(), reason: z.string().nullable() }),
]);

const envelopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update'), update: updateSchema }),
  z.object({ type: z.literal('request'), id: z.string() }),
  z.object({ type: z.literal('answer'), id: z.string(), update: updateSchema }),
]);
type Envelope = z.infer<typeof envelopeSchema>;

/** What this needs of the Web Locks API (`navigator.locks`). */
export type LockManagerLike = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

/**
 * The web client's tabs share one login: `BroadcastChannel` carries each new token pair and the
 * end of the login to every tab of the origin (and lets a new tab ask for the current login),
 * and a Web Lock lets one tab at a time refresh, so the rotating refresh token is never spent
 * twice (PROTOCOL.md: a reused refresh token revokes the login). Without Web Locks (an old or
 * insecure context) refreshes are not serialized, and the hand-over alone keeps tabs in step.
 */
export function broadcastSharedSession(
  options: {
    locks?: LockManagerLike | undefined;
    channelName?: string;
    /** ms; see ANSWER_WAIT_MS and NEWEST_ANSWER_WAIT_MS. */
    answerWaitMs?: number;
    newestAnswerWaitMs?: number;
    newest?: NewestRecord;
  } = {},
): SharedSession & { close(): void } {
  const channel = new BroadcastChannel(options.channelName ?? CHANNEL_NAME);
  const waiting = new Map<string, (update: SharedSessionUpdate) => void>();
  let handlers: Parameters<SharedSession['connect']>[0] | null = null;
  const post = (envelope: Envelope) => channel.postMessage(envelope);
  const newest = options.newest ?? localStorageRecord;
  const isNewest = async (refreshToken: string): Promise<boolean> => {
    const recorded = newest.get();
    const hash = recorded === null ? null : await hashOf(refreshToken);
    return hash === null || recorded === hash;
  };

  channel.onmessage = (event: MessageEvent) => {
    const parsed = envelopeSchema.safeParse(event.data);
    if (!parsed.success) return;
    const envelope = parsed.data;
    if (envelope.type === 'update') handlers?.onUpdate(envelope.update);
    else if (envelope.type === 'answer') waiting.get(envelope.id)?.(envelope.update);
    else {
      void handlers
        ?.current()
        .then((update) => update && post({ type: 'answer', id: envelope.id, update }))
        .catch(() => undefined);
    }
  };

  return {
    exclusive: (task) => (options.locks ? options.locks.request(LOCK_NAME, task) : task()),
    publish: (update) => post({ type: 'update', update }),
    connect(next) {
      handlers = next;
      return () => {
        if (handlers === next) handlers = null;
      };
    },
    request({ newestOnly = false } = {}) {
      const id = crypto.randomUUID();
      const askEveryMs = options.answerWaitMs ?? ANSWER_WAIT_MS;
      const waitMs = newestOnly ? (options.newestAnswerWaitMs ?? NEWEST_ANSWER_WAIT_MS) : askEveryMs;
      return new Promise((resolve) => {
        const done = (update: SharedSessionUpdate | null) => {
          clearTimeout(timer);
          clearInterval(askAgain);
          waiting.delete(id);
          resolve(update);
        };
        const timer = setTimeout(() => done(null), waitMs);
        const askAgain = newestOnly ? setInterval(() => post({ type: 'request', id }), askEveryMs) : undefined;
        waiting.set(id, (update) => {
          if (!newestOnly || update.kind !== 'signed-in') return done(update);
          void isNewest(update.refreshToken).then((yes) => yes && waiting.has(id) && done(update));
        });
        post({ type: 'request', id });
      });
    },
    async recordNewest(refreshToken) {
      // A record that cannot be written only makes the check above answer "newest" as before.
      try {
        newest.set(refreshToken === null ? null : await hashOf(refreshToken));
      } catch {
        // Storage full or denied: see above.
      }
    },
    isNewest: (refreshToken) => isNewest(refreshToken).catch(() => true),
    close: () => channel.close(),
  };
}
