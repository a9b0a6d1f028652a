import type { Socket } from 'socket.io-client';
import { type BenchClient, connectAll } from './messageBench';
import { percentile } from './stats';

export type GroupResult = {
  members: number;
  repeats: number;
  /** Send → the last member's `message:received`, in ms. */
  allHave: { median: number; min: number; max: number };
  /** Send → the sender heard `message:delivered` from every other member, in ms; null where there are no receipts. */
  allReceipts: { median: number; min: number; max: number } | null;
  failures: number;
};

const TIMEOUT_MS = 30_000;

const summary = (samples: number[]) => ({
  median: percentile(samples, 0.5),
  min: Math.min(...samples),
  max: Math.max(...samples),
});

/**
 * A group of `members.length` members, each with one socket (none of which acknowledges, so
 * each counts as delivered by write): the first member sends `repeats` messages, one at a time,
 * each timed from the send until every member's socket (the sender's own included) has it, and
 * with `receipts` until every other member's `message:delivered` reached the sender. Each starts
 * once `settle` says the server is quiet. `payload` is what `message:send` carries.
 */
export async function groupBench(
  members: readonly BenchClient[],
  payload: (clientId: string) => object,
  options: { repeats: number; receipts: boolean; settle: () => Promise<void> },
): Promise<GroupResult> {
  const sockets = await connectAll(members);
  const allHave: number[] = [];
  const allReceipts: number[] = [];
  let failures = 0;
  try {
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      // Each message on a quiet server: the receipts of the one before fan out to every member.
      await options.settle();
      const clientId = `group-${repeat}-${Date.now()}`;
      const timing = await timeOne(sockets, clientId, payload(clientId), options.receipts);
      if (!timing) {
        failures += 1;
        continue;
      }
      allHave.push(timing.allHave);
      if (timing.allReceipts !== null) allReceipts.push(timing.allReceipts);
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
  return {
    members: members.length,
    repeats: options.repeats,
    allHave: summary(allHave),
    allReceipts: options.receipts ? summary(allReceipts) : null,
    failures,
  };
}

/** One message: when all have it, and when the sender holds every other member's receipt (ms); null on a failure. */
async function timeOne(
  sockets: readonly Socket[],
  clientId: string,
  body: object,
  receipts: boolean,
): Promise<{ allHave: number; allReceipts: number | null } | null> {
  const sender = sockets[0]!;
  const cleanups: (() => void)[] = [];
  let seq = Number.POSITIVE_INFINITY;
  const started = performance.now();
  const have = new Promise<number>((resolve) => {
    let waiting = sockets.length;
    for (const socket of sockets) {
      const onMessage = (message: { clientId?: string; seq: number }) => {
        if (message.clientId !== clientId) return;
        socket.off('message:received', onMessage);
        waiting -= 1;
        if (waiting === 0) resolve(performance.now() - started);
      };
      socket.on('message:received', onMessage);
      cleanups.push(() => socket.off('message:received', onMessage));
    }
  });
  // The highest seq each member's receipt named; receipts may in principle beat the ack.
  const delivered = new Map<string, number>();
  let checkReceipts = () => {};
  const allDelivered = new Promise<number>((resolve) => {
    checkReceipts = () => {
      let count = 0;
      for (const upTo of delivered.values()) if (upTo >= seq) count += 1;
      if (count >= sockets.length - 1) resolve(performance.now() - started);
    };
    const onDelivered = (receipt: { seq: number; userId: string }) => {
      delivered.set(receipt.userId, Math.max(receipt.seq, delivered.get(receipt.userId) ?? 0));
      checkReceipts();
    };
    sender.on('message:delivered', onDelivered);
    cleanups.push(() => sender.off('message:delivered', onDelivered));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), TIMEOUT_MS)));
  try {
    const ack = (await sender.timeout(TIMEOUT_MS).emitWithAck('message:send', body)) as {
      ok: boolean;
      message?: { seq: number };
    };
    if (!ack.ok) return null;
    seq = ack.message?.seq ?? 0;
    checkReceipts();
    const allHave = await Promise.race([have, timeout]);
    if (allHave === null) return null;
    if (!receipts) return { allHave, allReceipts: null };
    const allReceipts = await Promise.race([allDelivered, timeout]);
    return allReceipts === null ? null : { allHave, allReceipts };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    for (const cleanup of cleanups) cleanup();
  }
}
