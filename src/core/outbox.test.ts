import { ManualClock } from '../../tests/doubles/memoryPorts';
import { describe, expect, it } from 'vitest';
import type { MessageChange } from '../shared/contract/clientState';
import type { Message } from '../shared/protocol/entities';
import { MemoryKeyValueStore } from '../../tests/doubles/memoryPorts';
import { type AttachmentUpload, MemoryAttachmentStore } from './mediaUploads';
import { Outbox, type OutboxItem, SEND_ATTEMPT_TIMEOUT_MS, type SendOutcome } from './outbox';
import type { Logger } from './ports';

/** Time that moves only when the test says so; timers fire in order of due time. */
/**
 * The server's side of `message:send`, idempotent on clientId as the real one is. Each attempt
 * follows the next step of `script`: `ok` stores (or answers again with the stored message),
 * `throw` fails before the server, `hold` waits for `release()`, `hang` never answers, anything
 * else is a refusal with that code.
 */
class FakeChatServer {
  readonly attempts: string[] = []; // clientId of every attempt, in order
  readonly stored = new Map<string, Message>();
  script: string[] = [];
  retryAfterMs: number | undefined;
  inFlight = 0;
  maxInFlight = 0;
  private held: (() => void)[] = [];

  send = async (item: OutboxItem): Promise<SendOutcome> => {
    this.attempts.push(item.clientId);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await Promise.resolve(); // an answer is never synchronous
      const step = this.script.shift() ?? 'ok';
      if (step === 'throw') throw new Error('socket closed');
      if (step === 'hang') return await new Promise<never>(() => {});
      if (step === 'hold') await new Promise<void>((resolve) => this.held.push(resolve));
      else if (step !== 'ok') {
        const retry = this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs };
        return { ok: false, code: step, message: `refused: ${step}`, ...retry };
      }
      return { ok: true, message: this.store(item) };
    } finally {
      this.inFlight -= 1;
    }
  };

  release() {
    this.held.shift()?.();
  }

  /** `message:edit` / `message:delete` / `reaction:set`: scripted as `send`; `ok` answers the changed message. */
  sendChange = async (change: MessageChange): Promise<SendOutcome> => {
    this.attempts.push(`${change.kind}:${change.messageId}`);
    await Promise.resolve();
    const step = this.script.shift() ?? 'ok';
    if (step === 'throw') throw new Error('socket closed');
    if (step === 'hold') await new Promise<void>((resolve) => this.held.push(resolve));
    else if (step !== 'ok') return { ok: false, code: step, message: `refused: ${step}` };
    const original = [...this.stored.values()].find((message) => message._id === change.messageId)!;
    const revised = { ...original, revision: original.revision + 1 };
    const changed: Message =
      change.kind === 'edit'
        ? { ...revised, content: change.content, editedAt: new Date(1).toISOString() }
        : change.kind === 'delete'
          ? { ...revised, content: '', deletedAt: new Date(1).toISOString() }
          : { ...revised, reactions: change.on ? [{ emoji: change.emoji, count: 1, userIds: ['u1'] }] : [] };
    this.stored.set(original.clientId!, changed);
    return { ok: true, message: changed };
  };

  private store(item: OutboxItem): Message {
    const known = this.stored.get(item.clientId);
    if (known) return known;
    const conversationId = 'conversationId' in item.target ? item.target.conversationId : `d-${item.target.receiverId}`;
    const seq = [...this.stored.values()].filter((m) => m.conversationId === conversationId).length + 1;
    const message: Message = {
      _id: `m${this.stored.size + 1}`,
      conversationId,
      seq,
      clientId: item.clientId,
      senderId: 'u1',
      sender: { _id: 'u1', username: 'ann' },
      content: item.content,
      messageType: item.messageType,
      createdAt: new Date(0).toISOString(),
      isRead: false,
      deliveredAt: null,
      readAt: null,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      reactions: [],
      revision: 0,
    };
    this.stored.set(item.clientId, message);
    return message;
  }
}

/**
 * The server's side of `POST /api/media`, scripted like FakeChatServer: `ok` answers a new media
 * after reporting progress in two halves, `hold` waits for `release()` (or the attempt's abort),
 * anything else is a refusal with that code. Records every upload's bytes and whether it was aborted.
 */
class FakeMediaServer {
  readonly uploads: { clientId: string; bytes: number; aborted: boolean }[] = [];
  script: string[] = [];
  private held: (() => void)[] = [];

  upload: AttachmentUpload = async (item, signal, onProgress) => {
    const bytes = (await this.attachments.read(item.attachment!.ref))!;
    const upload = { clientId: item.clientId, bytes: bytes.length, aborted: false };
    this.uploads.push(upload);
    await Promise.resolve();
    const step = this.script.shift() ?? 'ok';
    onProgress(Math.floor(bytes.length / 2));
    if (step === 'hold') {
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        signal.addEventListener('abort', () => resolve());
      });
      if (signal.aborted) {
        upload.aborted = true;
        return { ok: false, code: 'UNAVAILABLE', message: 'aborted' };
      }
    } else if (step !== 'ok') return { ok: false, code: step, message: `refused: ${step}` };
    onProgress(bytes.length);
    const id = `media${this.uploads.length}`;
    return {
      ok: true,
      media: {
        _id: id,
        fileName: item.attachment!.fileName,
        contentType: 'image/png',
        size: bytes.length,
        width: 4,
        height: 3,
        url: `/api/media/${id}`,
        thumbnailUrl: `/api/media/${id}/thumbnail`,
      },
    };
  };

  constructor(readonly attachments: MemoryAttachmentStore) {}

  release() {
    this.held.shift()?.();
  }
}

/** One run of the app: an outbox over `store`, as the engine builds it on start. */
function run(
  options: {
    store?: MemoryKeyValueStore;
    server?: FakeChatServer;
    clock?: ManualClock;
    attachments?: MemoryAttachmentStore;
  } = {},
) {
  const store = options.store ?? new MemoryKeyValueStore();
  const server = options.server ?? new FakeChatServer();
  const attachments = options.attachments ?? new MemoryAttachmentStore();
  const media = new FakeMediaServer(attachments);
  const clock = options.clock ?? new ManualClock(Date.UTC(2025, 0, 1));
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const sent: string[] = []; // `clientId -> message _id`
  const changes: string[] = []; // each change as `clientId:state`
  const settledChanges: string[] = []; // each change to a sent message as `kind:messageId -> outcome`
  let made = 0;
  const outbox = new Outbox({
    store,
    clock,
    logger,
    storageKey: 'outbox:u1',
    newClientId: () => `c-${++made}`,
    send: (item) => server.send(item),
    sendChange: (change) => server.sendChange(change),
    onChangeSettled: (item, result) =>
      settledChanges.push(
        `${item.change!.kind}:${item.change!.messageId} -> ${result.ok ? result.message.content || 'deleted' : result.code}`,
      ),
    attachments,
    upload: media.upload,
    onChange: (items) => changes.push(items.map((i) => `${i.clientId}:${i.state}`).join(' ')),
    onSent: (item, message) => sent.push(`${item.clientId} -> ${message._id}`),
    backoff: { baseMs: 100, maxMs: 1000, random: () => 1 }, // delays 100, 200, 400, 800, 1000, 1000, ...
  });
  const stored = () => JSON.parse(store.values.get('outbox:u1') ?? 'null') as OutboxItem[] | null;
  return { store, server, clock, outbox, sent, changes, settledChanges, lines, stored, attachments, media };
}

/** A picked photo of `size` bytes. */
const photo = (size = 1_000) => ({
  bytes: new Uint8Array(size).fill(7),
  fileName: '../holiday.png',
  contentType: 'image/png',
  width: 4,
  height: 3,
});

const inC1 = { target: { conversationId: 'c1' }, content: 'hi' };
const inC2 = { target: { conversationId: 'c2' }, content: 'yo' };

/** Lets every pending promise callback run (store writes, acks), without moving the clock. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Advances to just before `ms`, checks no attempt was made, then to `ms` and checks one was. */
async function expectAttemptAfter(t: ReturnType<typeof run>, ms: number) {
  const before = t.server.attempts.length;
  t.clock.advance(ms - 1);
  await t.outbox.idle();
  expect(t.server.attempts).toHaveLength(before);
  t.clock.advance(1);
  await t.outbox.idle();
  expect(t.server.attempts).toHaveLength(before + 1);
}

describe('Outbox', () => {
  it('stores the message before the first attempt, shows it as sending, and forgets it once acked', async () => {
    const t = run();
    let storedAtAttempt: unknown;
    const send = t.server.send;
    t.server.send = (item) => {
      storedAtAttempt = t.stored();
      return send(item);
    };
    t.outbox.setOnline(true);
    const item = await t.outbox.enqueue({ ...inC1, messageType: 'image' });
    expect(item).toEqual({
      clientId: 'c-1',
      target: { conversationId: 'c1' },
      content: 'hi',
      messageType: 'image',
      createdAt: '2025-01-01T00:00:00.000Z',
      state: 'sending',
      attempts: 0,
      error: null,
    });
    await t.outbox.idle();
    expect(storedAtAttempt).toEqual([item]);
    expect(t.sent).toEqual(['c-1 -> m1']);
    expect(t.changes).toEqual(['c-1:sending', '']);
    expect(t.stored()).toEqual([]);
    expect(t.outbox.items()).toEqual([]);
  });

  it('sends one message of a conversation at a time, in order, while conversations run side by side', async () => {
    const t = run();
    t.server.script = ['hold', 'hold', 'hold', 'hold'];
    t.outbox.setOnline(true);
    for (const content of ['1', '2', '3']) await t.outbox.enqueue({ ...inC1, content });
    await t.outbox.enqueue({ target: { receiverId: 'u2' }, content: 'direct' });
    expect(t.server.attempts).toEqual(['c-1', 'c-4']); // c1's head and u2's lane, c-2 waits
    expect(t.server.maxInFlight).toBe(2);
    t.server.release();
    await settle();
    expect(t.server.attempts).toEqual(['c-1', 'c-4', 'c-2']);
    t.server.release();
    t.server.release();
    await settle();
    t.server.release();
    await t.outbox.idle();
    expect(t.server.attempts).toEqual(['c-1', 'c-4', 'c-2', 'c-3']);
    expect([...t.server.stored.values()].map((m) => `${m.conversationId}#${m.seq}:${m.content}`)).toEqual([
      'c1#1:1',
      'd-u2#1:direct',
      'c1#2:2',
      'c1#3:3',
    ]);
    expect(t.stored()).toEqual([]);
  });

  it('retries transient failures with backoff, the same clientId, and never gives up', async () => {
    const t = run();
    t.server.script = ['throw', 'UNAVAILABLE', 'INTERNAL', 'TIMEOUT', 'DISCONNECTED', 'UNAUTHORIZED', 'SOMETHING_NEW'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    for (const delay of [100, 200, 400, 800, 1000, 1000, 1000]) await expectAttemptAfter(t, delay);
    expect(t.server.attempts).toEqual(Array(8).fill('c-1'));
    expect(t.sent).toEqual(['c-1 -> m1']);
    expect(t.lines.filter((l) => l === 'info: message will be retried')).toHaveLength(7);
    expect(t.stored()).toEqual([]);
  });

  it('stores the attempt count while a message waits, and keeps later messages of its lane behind it', async () => {
    const t = run();
    t.server.script = ['UNAVAILABLE', 'UNAVAILABLE'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.enqueue({ ...inC1, content: 'second' });
    await t.outbox.idle();
    t.clock.advance(100);
    await t.outbox.idle();
    expect(t.stored()!.map((i) => [i.clientId, i.state, i.attempts, i.error])).toEqual([
      ['c-1', 'sending', 2, null],
      ['c-2', 'sending', 0, null],
    ]);
    expect(t.server.attempts).toEqual(['c-1', 'c-1']);
  });

  it('waits at least as long as RATE_LIMITED asks', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 5000;
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    await expectAttemptAfter(t, 5000);
    expect(t.sent).toEqual(['c-1 -> m1']);
  });

  it('says why and until when a lane waits (RATE_LIMITED), on each of its messages, until they are sent', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 5000;
    await t.outbox.enqueue(inC1);
    await t.outbox.enqueue({ ...inC1, content: 'and more' });
    await t.outbox.enqueue(inC2);
    t.outbox.setOnline(true);
    await t.outbox.idle();
    const wait = { code: 'RATE_LIMITED', message: 'refused: RATE_LIMITED', at: Date.UTC(2025, 0, 1) + 5000 };
    // c-3 goes in its own lane, which was not refused.
    expect(t.outbox.items().map((i) => [i.clientId, i.retry])).toEqual([
      ['c-1', wait],
      ['c-2', wait],
    ]);
    expect(t.sent).toEqual(['c-3 -> m1']);
    t.clock.advance(5000);
    await t.outbox.idle();
    expect(t.outbox.items()).toEqual([]);
    expect(t.sent).toEqual(['c-3 -> m1', 'c-1 -> m2', 'c-2 -> m3']);
  });

  it('a message queued behind a lane that waits carries the same wait from the start', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 5000;
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    const later = await t.outbox.enqueue({ ...inC1, content: 'later' });
    const wait = { code: 'RATE_LIMITED', message: 'refused: RATE_LIMITED', at: Date.UTC(2025, 0, 1) + 5000 };
    expect(later.retry).toEqual(wait);
    expect((await t.outbox.enqueue(inC2)).retry).toBeUndefined(); // another lane does not wait
  });

  it('drops a wait when it stops holding: an attempt starts, the connection drops, the app restarts', async () => {
    const t = run();
    t.server.script = ['UNAVAILABLE', 'hold'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    expect(t.outbox.items()[0]!.retry).toMatchObject({ code: 'UNAVAILABLE', at: Date.UTC(2025, 0, 1) + 100 });
    t.clock.advance(100);
    await settle();
    expect(t.server.attempts).toHaveLength(2);
    expect(t.outbox.items()[0]!.retry).toBeUndefined(); // trying again now: no longer waiting
    t.server.release();
    await t.outbox.idle();

    t.server.script = ['UNAVAILABLE'];
    await t.outbox.enqueue(inC2);
    await t.outbox.idle();
    expect(t.outbox.items()[0]!.retry).toBeDefined();
    t.outbox.setOnline(false);
    expect(t.outbox.items()[0]!.retry).toBeUndefined(); // offline nothing is timed
    t.outbox.stop();

    t.server.script = ['hold'];
    const next = run({ store: t.store, server: t.server, clock: t.clock });
    expect(t.stored()![0]!.retry).toBeDefined(); // what the last run wrote...
    await next.outbox.load();
    expect(next.outbox.items()[0]!.retry).toBeUndefined(); // ...is over
  });

  it('retries an attempt that has no answer in time, with the same clientId', async () => {
    const t = run();
    t.server.script = ['hang'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    // Not idle(): the hanging attempt is in flight until the clock runs out its time.
    await settle();
    t.clock.advance(SEND_ATTEMPT_TIMEOUT_MS - 1);
    await settle();
    expect(t.server.attempts).toEqual(['c-1']);
    t.clock.advance(1);
    await t.outbox.idle();
    expect(t.outbox.items()[0]!.attempts).toBe(1);
    await expectAttemptAfter(t, 100);
    expect(t.server.attempts).toEqual(['c-1', 'c-1']);
    expect(t.sent).toEqual(['c-1 -> m1']);
  });

  it.each(['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_RECIPIENT', 'PAYLOAD_TOO_LARGE', 'CONFLICT'])(
    'marks a message refused with %s as failed, stores why, and moves its lane on',
    async (code) => {
      const t = run();
      t.server.script = [code];
      t.outbox.setOnline(true);
      await t.outbox.enqueue(inC1);
      await t.outbox.enqueue({ ...inC1, content: 'next' });
      await t.outbox.idle();
      const failed = { clientId: 'c-1', state: 'failed', attempts: 1, error: { code, message: `refused: ${code}` } };
      expect(t.outbox.items()).toEqual([expect.objectContaining(failed)]);
      expect(t.stored()).toEqual([expect.objectContaining(failed)]);
      expect(t.sent).toEqual(['c-2 -> m1']);
      // The second enqueue reports after its write, which waited for the refusal to be stored.
      expect(t.changes).toEqual(['c-1:sending', 'c-1:failed c-2:sending', 'c-1:failed c-2:sending', 'c-1:failed']);
      t.clock.advance(60_000);
      await t.outbox.idle();
      expect(t.server.attempts).toEqual(['c-1', 'c-2']); // failed stays failed until the user retries
    },
  );

  it('retries a failed message behind what its conversation queued since, then sends it', async () => {
    const t = run();
    t.server.script = ['FORBIDDEN', 'hold', 'hold'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    await t.outbox.enqueue({ ...inC1, content: 'later' });
    await t.outbox.enqueue(inC2);
    await t.outbox.retry('c-1');
    expect(t.outbox.items().map((i) => `${i.clientId}:${i.state}:${i.attempts}:${i.error?.code}`)).toEqual([
      'c-2:sending:1:undefined',
      'c-3:sending:1:undefined',
      'c-1:sending:0:undefined',
    ]);
    expect(t.stored()!.map((i) => `${i.clientId}:${i.state}`)).toEqual(['c-2:sending', 'c-3:sending', 'c-1:sending']);
    expect(t.server.attempts).toEqual(['c-1', 'c-2', 'c-3']); // c-1 waits behind c-2, in flight
    t.server.release();
    t.server.release();
    await t.outbox.idle();
    expect(t.server.attempts).toEqual(['c-1', 'c-2', 'c-3', 'c-1']);
    expect([...t.server.stored.values()].map((m) => `${m.conversationId}#${m.seq}:${m.content}`)).toEqual([
      'c1#1:later',
      'c2#1:yo',
      'c1#2:hi',
    ]);
    expect(t.sent).toEqual(['c-2 -> m1', 'c-3 -> m2', 'c-1 -> m3']);
    expect(t.stored()).toEqual([]);
  });

  it('sends a change to a sent message in its conversation’s order, kept across a restart', async () => {
    const first = run();
    first.outbox.setOnline(true);
    await first.outbox.enqueue(inC1);
    await first.outbox.idle(); // c-1 is m1
    first.server.script = ['hold'];
    await first.outbox.enqueue({ ...inC1, content: 'second' });
    const edit = await first.outbox.enqueue({
      target: { conversationId: 'c1' },
      content: '',
      change: { kind: 'edit', messageId: 'm1', content: 'hi, edited' },
    });
    expect(edit.change).toEqual({ kind: 'edit', messageId: 'm1', content: 'hi, edited' });
    expect(first.server.attempts).toEqual(['c-1', 'c-2']); // the edit waits behind the send before it
    first.outbox.stop();

    // Restarted before the server answered: the send and then the edit go out, in that order.
    const second = run({ store: first.store, server: first.server });
    await second.outbox.load();
    expect(second.outbox.items().map((item) => item.change?.kind ?? item.content)).toEqual(['second', 'edit']);
    second.outbox.setOnline(true);
    first.server.release();
    await second.outbox.idle();
    expect(first.server.attempts).toEqual(['c-1', 'c-2', 'c-2', 'edit:m1']);
    expect(second.settledChanges).toEqual(['edit:m1 -> hi, edited']);
    expect(second.stored()).toEqual([]);
  });

  it('drops a change the server refuses for good, says why, and goes on with the lane', async () => {
    const t = run();
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    t.server.script = ['FORBIDDEN', 'ok', 'ok'];
    await t.outbox.enqueue({
      target: { conversationId: 'c1' },
      content: '',
      change: { kind: 'delete', messageId: 'm1' },
    });
    await t.outbox.enqueue({ ...inC1, content: 'after' });
    await t.outbox.enqueue({
      target: { conversationId: 'c1' },
      content: '',
      change: { kind: 'reaction', messageId: 'm1', emoji: '👍', on: true },
    });
    await t.outbox.idle();
    expect(t.settledChanges).toEqual(['delete:m1 -> FORBIDDEN', 'reaction:m1 -> hi']);
    expect(t.sent).toEqual(['c-1 -> m1', 'c-3 -> m2']);
    expect(t.outbox.items()).toEqual([]);
  });

  it('discards only failed messages; retry and discard of anything else do nothing', async () => {
    const t = run();
    t.server.script = ['VALIDATION_FAILED'];
    t.outbox.setOnline(true);
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    t.outbox.setOnline(false);
    await t.outbox.enqueue(inC2);
    await t.outbox.discard('c-2');
    await t.outbox.retry('c-2');
    await t.outbox.retry('nope');
    expect(t.outbox.items().map((i) => `${i.clientId}:${i.state}:${i.attempts}`)).toEqual([
      'c-1:failed:1',
      'c-2:sending:0',
    ]);
    await t.outbox.discard('c-1');
    expect(t.outbox.items().map((i) => i.clientId)).toEqual(['c-2']);
    expect(t.stored()!.map((i) => i.clientId)).toEqual(['c-2']);
    expect(t.changes.at(-1)).toBe('c-2:sending');
  });

  it('attempts nothing offline and resumes at once online, without waiting out a backoff', async () => {
    const t = run();
    await t.outbox.enqueue(inC1);
    await t.outbox.idle();
    expect(t.server.attempts).toEqual([]);
    expect(t.stored()!.map((i) => i.state)).toEqual(['sending']);
    t.server.script = ['DISCONNECTED', 'DISCONNECTED'];
    t.outbox.setOnline(true);
    await t.outbox.idle();
    t.outbox.setOnline(false);
    t.clock.advance(10_000);
    await t.outbox.idle();
    expect(t.server.attempts).toEqual(['c-1']);
    t.outbox.setOnline(true);
    await t.outbox.idle();
    expect(t.server.attempts).toEqual(['c-1', 'c-1']); // at once, although 200 ms of backoff were due
    t.outbox.setOnline(false);
    t.outbox.setOnline(true);
    await t.outbox.idle();
    expect(t.server.attempts).toEqual(['c-1', 'c-1', 'c-1']);
    expect(t.sent).toEqual(['c-1 -> m1']);
  });

  it('resumes exactly after a restart: same clientIds, same order, failed still failed', async () => {
    const store = new MemoryKeyValueStore();
    const server = new FakeChatServer();
    const first = run({ store, server });
    server.script = ['FORBIDDEN', 'hold'];
    first.outbox.setOnline(true);
    await first.outbox.enqueue(inC1);
    await first.outbox.idle();
    await first.outbox.enqueue({ ...inC1, content: 'a' });
    await first.outbox.enqueue({ ...inC1, content: 'b' });
    first.outbox.stop(); // the app quits while c-2 is in flight
    server.release();
    await first.outbox.idle();
    expect(server.stored.size).toBe(1); // the server stored c-2, but its ack came too late
    expect(first.sent).toEqual([]);

    const second = run({ store, server });
    await second.outbox.load();
    expect(second.outbox.items().map((i) => `${i.clientId}:${i.state}:${i.attempts}:${i.error?.code}`)).toEqual([
      'c-1:failed:1:FORBIDDEN',
      'c-2:sending:1:undefined',
      'c-3:sending:0:undefined',
    ]);
    second.outbox.setOnline(true);
    await second.outbox.idle();
    expect(server.attempts).toEqual(['c-1', 'c-2', 'c-2', 'c-3']);
    expect(second.sent).toEqual(['c-2 -> m1', 'c-3 -> m2']); // c-2 answered with the message already stored
    expect(second.stored()!.map((i) => `${i.clientId}:${i.state}`)).toEqual(['c-1:failed']);
  });

  it('does not write over a stored outbox it has not read yet', async () => {
    const store = new MemoryKeyValueStore();
    const first = run({ store });
    await first.outbox.enqueue(inC1);
    const second = run({ store });
    await second.outbox.enqueue({ ...inC2, clientId: 'mine' });
    await second.outbox.load();
    expect(second.outbox.items().map((i) => i.clientId)).toEqual(['c-1', 'mine']);
    expect(second.stored()!.map((i) => i.clientId)).toEqual(['c-1', 'mine']);
  });

  it('keeps a given clientId, and the same clientId enqueued twice is one message', async () => {
    const t = run();
    const one = await t.outbox.enqueue({ ...inC1, clientId: 'k1' });
    const again = await t.outbox.enqueue({ ...inC1, content: 'other', clientId: 'k1' });
    expect(again).toEqual(one);
    expect(t.outbox.items().map((i) => `${i.clientId}:${i.content}`)).toEqual(['k1:hi']);
  });

  it('refuses a message it cannot store, and never sends it', async () => {
    const t = run();
    t.store.set = async () => {
      throw new Error('disk full');
    };
    t.outbox.setOnline(true);
    await expect(t.outbox.enqueue(inC1)).rejects.toThrow('disk full');
    await t.outbox.idle();
    expect(t.outbox.items()).toEqual([]);
    expect(t.server.attempts).toEqual([]);
  });

  it('starts empty and logs when the stored outbox is corrupt, and keeps the entries that are valid', async () => {
    const t = run();
    t.store.values.set('outbox:u1', '{"not":"a list"}');
    await t.outbox.load();
    expect(t.outbox.items()).toEqual([]);
    expect(t.lines).toEqual(['error: dropped corrupt outbox entries']);

    const good = { ...inC1, clientId: 'g', messageType: 'text', createdAt: '2025-01-01T00:00:00.000Z' };
    const valid = { ...good, state: 'sending', attempts: 2, error: null };
    const u = run();
    await u.store.set('outbox:u1', [valid, { ...valid, clientId: '' }, { ...valid, state: 'sent' }, 42]);
    await u.outbox.load();
    expect(u.outbox.items()).toEqual([valid]);
    expect(u.lines).toEqual(['error: dropped corrupt outbox entries']);

    const v = run();
    v.store.get = async () => {
      throw new Error('unreadable');
    };
    await v.outbox.load();
    expect(v.outbox.items()).toEqual([]);
    expect(v.lines).toEqual(['error: outbox unreadable']);
  });

  describe('attachments', () => {
    it('keeps the bytes, uploads them, then sends the message with the media and forgets the bytes', async () => {
      const t = run();
      t.outbox.setOnline(true);
      const queued = await t.outbox.enqueue({ ...inC1, content: '', file: photo() });
      expect(queued).toMatchObject({
        messageType: 'image',
        content: '',
        attachment: { fileName: 'holiday.png', size: 1_000, width: 4, height: 3, media: null, uploaded: 0 },
      });
      expect(await t.attachments.read(queued.attachment!.ref)).toHaveLength(1_000);
      await t.outbox.idle();
      expect(t.media.uploads).toEqual([{ clientId: queued.clientId, bytes: 1_000, aborted: false }]);
      expect(t.server.attempts).toEqual([queued.clientId]);
      expect(t.sent).toEqual([`${queued.clientId} -> m1`]);
      expect(t.outbox.items()).toEqual([]);
      await settle();
      expect(await t.attachments.read(queued.attachment!.ref)).toBeNull();
    });

    it('survives going offline and a restart: kept while offline, uploaded and sent once back', async () => {
      const store = new MemoryKeyValueStore();
      const attachments = new MemoryAttachmentStore();
      const first = run({ store, attachments });
      const queued = await first.outbox.enqueue({ ...inC1, file: photo() });
      await first.outbox.idle();
      expect(first.media.uploads).toEqual([]);
      first.outbox.stop();

      const second = run({ store, attachments });
      await second.outbox.load();
      expect(second.outbox.items().map((item) => item.attachment?.ref)).toEqual([queued.attachment!.ref]);
      second.outbox.setOnline(true);
      await second.outbox.idle();
      expect(second.media.uploads).toHaveLength(1);
      expect(second.sent).toEqual([`${queued.clientId} -> m1`]);
    });

    it('stores the media once uploaded, so a restart before the send does not upload again', async () => {
      const store = new MemoryKeyValueStore();
      const attachments = new MemoryAttachmentStore();
      const first = run({ store, attachments });
      first.server.script = ['UNAVAILABLE'];
      first.outbox.setOnline(true);
      const queued = await first.outbox.enqueue({ ...inC1, file: photo() });
      await first.outbox.idle();
      expect(first.stored()?.[0]?.attachment?.media?._id).toBe('media1');
      first.outbox.stop();

      const second = run({ store, attachments });
      await second.outbox.load();
      second.outbox.setOnline(true);
      await second.outbox.idle();
      expect(second.media.uploads).toEqual([]);
      expect(second.sent).toEqual([`${queued.clientId} -> m1`]);
    });

    it('shows the upload progress, never stores it, and a message behind an upload waits for it', async () => {
      const t = run();
      t.media.script = ['hold'];
      t.outbox.setOnline(true);
      const queued = await t.outbox.enqueue({ ...inC1, file: photo(1_000) });
      const after = await t.outbox.enqueue(inC1);
      await settle();
      expect(t.outbox.items().map((item) => item.attachment?.uploaded)).toEqual([500, undefined]);
      expect(t.stored()?.[0]?.attachment?.uploaded).toBe(0);
      expect(t.server.attempts).toEqual([]);
      t.media.release();
      await t.outbox.idle();
      expect(t.server.attempts).toEqual([queued.clientId, after.clientId]);
    });

    it('cancels an upload under way: aborted, dropped with its bytes, and the lane goes on', async () => {
      const t = run();
      t.media.script = ['hold'];
      t.outbox.setOnline(true);
      const queued = await t.outbox.enqueue({ ...inC1, file: photo() });
      const after = await t.outbox.enqueue(inC1);
      await settle();
      expect(await t.outbox.cancelUpload(queued.clientId)).toBe(true);
      await t.outbox.idle();
      expect(t.media.uploads).toEqual([{ clientId: queued.clientId, bytes: 1_000, aborted: true }]);
      expect(t.server.attempts).toEqual([after.clientId]);
      expect(t.outbox.items()).toEqual([]);
      expect(t.stored()).toEqual([]);
      expect(await t.attachments.read(queued.attachment!.ref)).toBeNull();
      // Text, or an attachment already uploaded, cannot be cancelled.
      expect(await t.outbox.cancelUpload(after.clientId)).toBe(false);
    });

    it('holds an upload the server refuses for good, and a retry uploads again', async () => {
      const t = run();
      t.media.script = ['PAYLOAD_TOO_LARGE'];
      t.outbox.setOnline(true);
      const queued = await t.outbox.enqueue({ ...inC1, file: photo() });
      await t.outbox.idle();
      expect(t.outbox.items()).toMatchObject([{ state: 'failed', error: { code: 'PAYLOAD_TOO_LARGE' } }]);
      await t.outbox.retry(queued.clientId);
      await t.outbox.idle();
      expect(t.media.uploads).toHaveLength(2);
      expect(t.sent).toEqual([`${queued.clientId} -> m1`]);
    });

    it('forgets the bytes of a discarded message', async () => {
      const t = run();
      t.media.script = ['PAYLOAD_TOO_LARGE'];
      t.outbox.setOnline(true);
      const queued = await t.outbox.enqueue({ ...inC1, file: photo() });
      await t.outbox.idle();
      await t.outbox.discard(queued.clientId);
      await settle();
      expect(await t.attachments.read(queued.attachment!.ref)).toBeNull();
    });
  });
});
