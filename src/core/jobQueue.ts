import type { z } from 'zod';
import type { RetryWait } from '../shared/contract/clientState';
import { isRetryable } from '../shared/protocol/errors';
import { attemptWithTimeout } from './attempt';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import type { Clock, KeyValueStore, Logger, TimerHandle } from './ports';
import { readStoredList, StoredListWriter } from './storedList';

/** What every queued job carries: attempts so far (for the backoff) and, while it waits, why and until when. */
export type Job = { attempts: number; retry?: RetryWait };

/** A refusal: the protocol's code, a sentence, and for `RATE_LIMITED` how long the server asks to wait (ms). */
export type JobFailure = { ok: false; code: string; message: string; retryAfterMs?: number };

/** How a job ended: the attempt's success, or a refusal another attempt would only repeat. */
export type JobResult<S extends { ok: true }> = S | { ok: false; code: string; message: string };

/** How `watch` saw a job come to rest: settled (with how), or waiting (offline, a backoff, held). */
export type JobWatch<J, S extends { ok: true }> =
  { state: 'done'; result: JobResult<S> } | { state: 'waiting'; job: J };

/** An attempt with no answer by then is given up and tried again (same key, so never done twice). */
export const JOB_ATTEMPT_TIMEOUT_MS = 30_000;

type Lane = { running: Promise<void> | null; timer: TimerHandle | null };

export type JobQueueOptions<J extends Job, S extends { ok: true }> = {
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** Where the queue lives in the store; one per user. */
  storageKey: string;
  /** How log lines name one job ("message", "transfer"). */
  noun: string;
  /** How log lines and errors name the queue ("outbox", "transfer queue"). */
  what: string;
  /** How log lines name its stored entries ("outbox", "pending transfer"): "dropped corrupt outbox entries". */
  entries: string;
  /** Checks each stored job: the store is not trusted (another version, a torn write). */
  schema: z.ZodType<J>;
  /** The job's own key, made once before it is stored (a clientId, an Idempotency-Key). */
  idOf: (job: J) => string;
  /** Jobs of one lane go one at a time, in order; lanes do not wait for each other. */
  laneOf: (job: J) => string;
  /**
   * One attempt; a throw counts as `UNAVAILABLE` and no answer within the timeout as `TIMEOUT`.
   * `signal` aborts when the attempt no longer matters (timed out, the job cancelled, the queue
   * stopped): whatever it has under way (an upload) should stop.
   */
  attempt: (job: J, signal: AbortSignal) => Promise<S | JobFailure>;
  /** Every change of the jobs, as `items()` returns them. */
  onChange: (jobs: J[]) => void;
  /**
   * A job left the queue: done, or refused for good (when not `hold`). `watched` is true when a
   * `watch` of it got the result, so whoever watched has already told the user.
   */
  onSettled: (job: J, result: JobResult<S>, watched: boolean) => void;
  /**
   * Keep a refused job instead, marked by this (for the user to retry or discard), and tell
   * `isHeld` so. Without it a refused job leaves the queue and `onSettled` reports why.
   */
  hold?: {
    mark: (job: J, error: { code: string; message: string }) => void;
    isHeld: (job: J) => boolean;
    /** Whether this job is held when refused (default: every job); one that is not leaves as without `hold`. */
    applies?: (job: J) => boolean;
  };
  backoff?: BackoffOptions;
  attemptTimeoutMs?: number;
  /** A job's own attempt timeout in ms, where it differs from `attemptTimeoutMs` (an upload's grows with its size). */
  timeoutOf?: (job: J) => number | undefined;
};

/**
 * A durable job queue with lanes by key: the queue behind the outbox (messages, a lane per
 * conversation so they stay in order) and the transfer queue (payments, one lane: the balance is
 * spent in the order the user asked).
 *
 * - Durable: a job is written to the store, with its key, before its first attempt, and every
 *   change after that is written too, so a restart resumes where this run stopped. The key never
 *   changes, so the server (idempotent on it) does the job once however often it is tried.
 * - Never writes over a store it has not read: the first write waits for the read of what a
 *   previous run left (`load`), and both go through one writer, in order.
 * - One rule for what is tried again (`isRetryable`, errors.ts), with one backoff (backoff.ts),
 *   and at least as long as a `RATE_LIMITED` refusal asks. Offline nothing is tried and nothing is
 *   timed; back online every lane is tried at once.
 * - Settled jobs are forgotten in the store before they are reported: a crash in between repeats
 *   the answer (the server's, for the same key), never the job.
 */
export class JobQueue<J extends Job, S extends { ok: true }> {
  private list: J[] = [];
  private readonly lanes = new Map<string, Lane>();
  private readonly watchers = new Map<string, (watch: JobWatch<J, S>) => void>();
  /** The attempt under way of each job being tried, to abort when it no longer matters. */
  private readonly attempts = new Map<string, AbortController>();
  private online = false;
  private stopped = false;
  private loading: Promise<void> | null = null;
  private readonly writer: StoredListWriter<J>;
  private readonly backoff: BackoffOptions;
  private readonly attemptTimeoutMs: number;

  constructor(private readonly options: JobQueueOptions<J, S>) {
    this.writer = new StoredListWriter(options, options.storageKey, options.what, () => this.stopped);
    this.backoff = options.backoff ?? defaultBackoff;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? JOB_ATTEMPT_TIMEOUT_MS;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Reads what a previous run left; corrupt entries are dropped and logged, never thrown. Taken
   * in turn with the writes, so a job added meanwhile cannot overwrite what is being read. Called
   * again it reads again, keeping the jobs this run holds as they are.
   */
  load(): Promise<void> {
    const read = this.writer.run(() => this.readStored());
    this.loading = read.catch(() => undefined);
    return read;
  }

  /** A copy of the job `id`, if the queue holds it. */
  get(id: string): J | undefined {
    const job = this.list.find((j) => this.options.idOf(j) === id);
    return job && structuredClone(job);
  }

  /** Stored before it is tried: once this resolves, the job survives a crash. Answers the job as stored. */
  async add(job: J): Promise<J> {
    if (this.stopped) throw new Error(`The ${this.options.what} is stopped.`);
    // Behind a lane that waits, it waits as long: it says so from the start.
    const lane = this.options.laneOf(job);
    const wait = this.list.find((j) => j.retry && !this.isHeld(j) && this.options.laneOf(j) === lane)?.retry;
    if (wait) job.retry = { ...wait };
    this.list.push(job);
    try {
      await this.persist();
    } catch (error) {
      // Not stored means not tried: the caller hears of it instead of a job a crash could lose.
      this.list = this.list.filter((j) => j !== job);
      throw error;
    }
    const queued = structuredClone(job); // as stored: the first attempt starts below
    this.changed();
    this.kick(lane);
    this.checkWatchers(); // offline, or behind a lane's wait: at rest already
    return queued;
  }

  /**
   * Resolves once the job `id` settles (`done`; `onSettled` is told it was watched), or comes to
   * rest unsettled (`waiting`: offline, waiting out a backoff, held, or the queue stopped). Call
   * it before `add`, so no outcome can come first; `unwatch` if the `add` fails. One per job.
   */
  watch(id: string): Promise<JobWatch<J, S>> {
    return new Promise((resolve) => {
      this.watchers.set(id, resolve);
      this.checkWatchers();
    });
  }

  /** Stops watching `id` (its `add` failed): the promise `watch` gave never settles. */
  unwatch(id: string): void {
    this.watchers.delete(id);
  }

  /** A held job goes back to the queue, changed by `reset`, behind what its lane queued since. */
  async retryHeld(id: string, reset: (job: J) => void): Promise<void> {
    const job = this.list.find((j) => this.options.idOf(j) === id && this.isHeld(j));
    if (!job || this.stopped) return; // already retried or discarded: a double click does nothing
    this.list = [...this.list.filter((j) => j !== job), job];
    reset(job);
    await this.persistQuietly();
    this.changed();
    this.kick(this.options.laneOf(job));
  }

  /**
   * Drops a job that is not held, if `allowed` says it may go (an upload not finished: nothing of
   * it is done on the server yet), aborting its attempt under way. Answers whether it went.
   */
  async cancel(id: string, allowed: (job: J) => boolean): Promise<boolean> {
    const job = this.list.find((j) => this.options.idOf(j) === id && !this.isHeld(j));
    if (!job || this.stopped || !allowed(structuredClone(job))) return false;
    this.list = this.list.filter((j) => j !== job);
    this.attempts.get(id)?.abort();
    await this.persistQuietly();
    this.changed();
    this.kick(this.options.laneOf(job));
    return true;
  }

  /**
   * Changes a queued job while it is being tried (an upload's result, kept so a restart does not
   * upload again), and stores it. A job no longer queued (cancelled, settled) is left alone.
   */
  async update(id: string, change: (job: J) => void): Promise<void> {
    const job = this.list.find((j) => this.options.idOf(j) === id);
    if (!job || this.stopped) return;
    change(job);
    await this.persistQuietly();
    this.changed();
  }

  /** Only a held job can be dropped: one still queued may already be done on the server. */
  async discardHeld(id: string): Promise<void> {
    const before = this.list.length;
    this.list = this.list.filter((j) => !(this.options.idOf(j) === id && this.isHeld(j)));
    if (this.list.length === before || this.stopped) return;
    await this.persistQuietly();
    this.changed();
  }

  /** Offline nothing is attempted; back online every lane is tried at once, waiting timers or not. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const lane of this.lanes.values()) this.cancelTimer(lane);
    // The waits were the timers': offline nothing is tried, back online everything is tried now.
    if (this.list.some((j) => j.retry)) {
      for (const job of this.list) delete job.retry;
      this.changed();
    }
    for (const key of new Set(this.list.map((j) => this.options.laneOf(j)))) this.kick(key);
    this.checkWatchers();
  }

  /** A copy of every job, in order, the caller may keep. */
  items(): J[] {
    return this.list.map((job) => structuredClone(job));
  }

  /** Resolves once no attempt or write is under way; jobs may still wait for a timer or the network. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].flatMap((lane) => lane.running ?? []);
      if (running.length > 0) {
        await Promise.all(running);
        continue;
      }
      const writes = this.writer.last;
      await writes;
      if (this.writer.last === writes && ![...this.lanes.values()].some((lane) => lane.running)) return;
    }
  }

  /**
   * Attempts nothing more and writes nothing more: the next run owns the store. An answer still
   * in flight is ignored; its job stays stored and the next run tries it again with its key, which
   * the server answers with the first result.
   */
  stop(): void {
    this.stopped = true;
    for (const controller of this.attempts.values()) controller.abort();
    for (const lane of this.lanes.values()) this.cancelTimer(lane);
    this.checkWatchers();
  }

  private isHeld(job: J): boolean {
    return this.options.hold?.isHeld(job) ?? false;
  }

  private async readStored(): Promise<void> {
    const { idOf, laneOf } = this.options;
    const loaded = await readStoredList(
      this.options,
      this.options.storageKey,
      this.options.schema,
      this.options.entries,
    );
    if (this.stopped || loaded.length === 0) return;
    // A wait of the last run is over: its timer died with it, and this run tries at once.
    for (const job of loaded) delete job.retry;
    const held = new Map(this.list.map((j) => [idOf(j), j]));
    const ids = new Set(loaded.map(idOf));
    // What the last run queued came first, so it goes first; a job this run holds stays as it is.
    this.list = [...loaded.map((j) => held.get(idOf(j)) ?? j), ...this.list.filter((j) => !ids.has(idOf(j)))];
    this.changed();
    for (const key of new Set(loaded.map(laneOf))) this.kick(key);
  }

  private kick(key: string): void {
    if (this.stopped || !this.online) return;
    const lane = this.lanes.get(key) ?? { running: null, timer: null };
    if (lane.running || lane.timer) return;
    const head = this.list.find((j) => !this.isHeld(j) && this.options.laneOf(j) === key);
    if (!head) {
      this.lanes.delete(key);
      return;
    }
    this.lanes.set(key, lane);
    lane.running = this.attempt(head, lane, key)
      .catch((error: unknown) =>
        this.options.logger.error(`${this.options.what} attempt failed`, { error: String(error) }),
      )
      .finally(() => {
        lane.running = null;
        this.kick(key);
        this.checkWatchers();
      });
  }

  private async attempt(job: J, lane: Lane, key: string): Promise<void> {
    const { logger, noun, idOf } = this.options;
    job.attempts += 1;
    if (this.setLaneRetry(key, undefined)) this.changed(); // trying now: no longer waiting
    const controller = new AbortController();
    this.attempts.set(idOf(job), controller);
    const timeoutMs = this.options.timeoutOf?.(job) ?? this.attemptTimeoutMs;
    const outcome: S | JobFailure = await attemptWithTimeout(this.options.clock, timeoutMs, () =>
      this.options.attempt(structuredClone(job), controller.signal),
    );
    // Answered, timed out or cancelled: nothing of this attempt goes on.
    controller.abort();
    this.attempts.delete(idOf(job));
    if (this.stopped || !this.list.includes(job)) return; // stopped, or cancelled meanwhile
    const fields = { key: idOf(job), attempts: job.attempts };
    if (!outcome.ok && isRetryable(outcome.code)) {
      const delayMs = Math.max(backoffDelay(job.attempts - 1, this.backoff), outcome.retryAfterMs ?? 0);
      logger.info(`${noun} will be retried`, { ...fields, code: outcome.code, delayMs });
      // Offline there is no timer: going online tries again at once.
      if (this.online) {
        lane.timer = this.options.clock.setTimeout(() => {
          lane.timer = null;
          this.kick(key);
        }, delayMs);
        // Said on every job of the lane: none goes before this one does.
        this.setLaneRetry(key, {
          code: outcome.code,
          message: outcome.message,
          at: this.options.clock.now() + delayMs,
        });
      }
      await this.persistQuietly(); // the attempt count, for the backoff after a restart
      if (!this.stopped) this.changed();
      return;
    }
    const result: JobResult<S> = outcome.ok ? outcome : { ok: false, code: outcome.code, message: outcome.message };
    if (!result.ok) logger.info(`${noun} refused`, { ...fields, code: result.code });
    const { hold } = this.options;
    if (!result.ok && hold && (hold.applies?.(job) ?? true)) {
      hold.mark(job, { code: result.code, message: result.message });
      await this.persistQuietly(); // stored as held before its lane moves on
      if (!this.stopped) this.changed();
      return;
    }
    this.list = this.list.filter((j) => j !== job);
    // Forgotten in the store before it is reported: a crash in between repeats the answer, not the job.
    await this.persistQuietly();
    // Whoever waits for this very job hears its answer, even from a queue stopped meanwhile.
    const watcher = this.watchers.get(idOf(job));
    this.watchers.delete(idOf(job));
    watcher?.({ state: 'done', result });
    // Stopped meanwhile (signed out): report nothing; if the write was skipped the next run asks again.
    if (this.stopped) return;
    this.changed();
    this.options.onSettled(structuredClone(job), result, watcher !== undefined);
  }

  /** Sets (or with `undefined` clears) the wait of every queued job of lane `key`; true if any changed. */
  private setLaneRetry(key: string, retry: RetryWait | undefined): boolean {
    let changed = false;
    for (const job of this.list) {
      if (this.isHeld(job) || this.options.laneOf(job) !== key) continue;
      if (!retry && !job.retry) continue;
      if (retry) job.retry = { ...retry };
      else delete job.retry;
      changed = true;
    }
    return changed;
  }

  /** Watched jobs that came to rest without settling: offline, stopped, held, or a lane waiting out a backoff. */
  private checkWatchers(): void {
    for (const [id, resolve] of this.watchers) {
      const job = this.list.find((j) => this.options.idOf(j) === id);
      if (!job) continue; // not added yet, or settling: `attempt` answers it
      const lane = this.lanes.get(this.options.laneOf(job));
      const resting = this.stopped || !this.online || this.isHeld(job) || (lane?.timer && !lane.running);
      if (!resting) continue;
      this.watchers.delete(id);
      resolve({ state: 'waiting', job: structuredClone(job) });
    }
  }

  private persist(): Promise<void> {
    this.readFirst();
    return this.writer.write(() => this.items());
  }

  private persistQuietly(): Promise<void> {
    this.readFirst();
    return this.writer.writeQuietly(() => this.items());
  }

  /** Never write over a stored queue this run has not read: the read is queued first. */
  private readFirst(): void {
    if (!this.loading) void this.load().catch(() => undefined);
  }

  private changed(): void {
    this.options.onChange(this.items());
  }

  private cancelTimer(lane: Lane): void {
    lane.timer?.cancel();
    lane.timer = null;
  }
}
