import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { balanceSchema, messageSchema, transactionSchema } from '../../src/shared/protocol/entities';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from './support/testServer';

/**
 * The ledger's promises, checked on random command sequences through the real HTTP API:
 * deposits, transfers of random amounts (some more than the balance, some to oneself, some
 * announced in a group conversation), fired concurrently in batches, with retries of the same
 * Idempotency-Key (same body: a replay; other body: 409). After every batch: money is conserved
 * (storage totals and REST balances), no balance is negative, every key moved money at most
 * once (from the answers and from the payer's history), replays answer the same transaction,
 * and no refusal for insufficient funds was unjustified.
 */

const SEED = Number(process.env.LEDGER_SEED ?? 20_260_611);
const RUNS = 120;
const ADMIN_TOKEN = 'ledger-admin-token-0123456789abcdef';
const MAX_AMOUNT = 100_000_000;
const USERS = 5;
const INITIAL_DEPOSIT = 1000;

type User = { token: string; user: { _id: string; username: string } };
let server: TestServer;
let users: User[];
let groupId: string;
let runNumber = 0;
/** How often each kind of answer came, to prove the runs exercised every path. */
const seen = { created: 0, replayed: 0, conflict: 0, insufficient: 0, self: 0, deposit: 0, inGroup: 0, sharedKey: 0 };

const transferAnswerSchema = z.object({ transaction: transactionSchema, balance: balanceSchema });
type Transaction = z.infer<typeof transactionSchema>;

async function deposit(userId: string, amount: number) {
  return call(server.url, 'POST', '/api/admin/deposits', {
    body: { userId, amount },
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
  });
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_TOKEN });
  users = await Promise.all(
    Array.from({ length: USERS }, (_, i) => registerUser(server.url, `ledger${i}_${process.pid}`)),
  );
  for (const { user } of users) expect((await deposit(user._id, INITIAL_DEPOSIT)).status).toBe(201);
  const group = await call(server.url, 'POST', '/api/conversations', {
    token: users[0]!.token,
    body: { type: 'group', title: 'ledger', memberIds: users.slice(1).map(({ user }) => user._id) },
  });
  expect(group.status).toBe(201);
  groupId = (group.body.data as { conversation: { _id: string } }).conversation._id;
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

// --- commands ---------------------------------------------------------------------------------

type Command =
  | { kind: 'deposit'; to: number; amount: number }
  | {
      kind: 'transfer';
      from: number;
      to: number;
      amount: number;
      note: string | null;
      inGroup: boolean;
      shareKey: number | null;
    }
  | { kind: 'retry'; of: number; sameBody: boolean };

const amount = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 400 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 5000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_AMOUNT }) },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deposit' as const),
      to: fc.nat(USERS - 1),
      amount: fc.integer({ min: 1, max: 3000 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      from: fc.nat(USERS - 1),
      to: fc.nat(USERS - 1),
      amount,
      note: fc.option(fc.constantFrom('rent', 'lunch', '  spaced  ', '💸'), { freq: 3 }),
      inGroup: fc.boolean(),
      shareKey: fc.option(fc.nat(20), { freq: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retry' as const), of: fc.nat(50), sameBody: fc.boolean() }) },
);
const scenario = fc.record({
  userCount: fc.integer({ min: 3, max: USERS }),
  batches: fc.array(fc.array(command, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
});

// --- one run ------------------------------------------------------------------------------------

type TransferRequest = { payer: number; key: string; body: Record<string, unknown> };
type Sent =
  | { kind: 'deposit'; to: number; amount: number }
  | { kind: 'transfer'; request: TransferRequest; expectConflict: boolean };

const keyId = (payer: number, key: string) => `${payer}|${key}`;

async function restBalance(index: number): Promise<number> {
  const reply = await call(server.url, 'GET', '/api/wallet/balance', { token: users[index]!.token });
  expect(reply.status).toBe(200);
  return balanceSchema.parse((reply.body.data as { balance: unknown }).balance).available;
}

/** The user's whole history, newest first, following `nextCursor`. */
async function history(index: number): Promise<Transaction[]> {
  const all: Transaction[] = [];
  let cursor: string | null = null;
  do {
    const route: string = `/api/wallet/transactions?limit=100${cursor ? `&before=${cursor}` : ''}`;
    const reply = await call(server.url, 'GET', route, { token: users[index]!.token });
    expect(reply.status).toBe(200);
    const page = z
      .object({ transactions: z.array(transactionSchema), nextCursor: z.string().nullable() })
      .parse(reply.body.data);
    all.push(...page.transactions);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function groupMessages() {
  const reply = await call(server.url, 'GET', `/api/conversations/${groupId}/messages?after=0&limit=200`, {
    token: users[0]!.token,
  });
  expect(reply.status).toBe(200);
  const page = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() }).parse(reply.body.data);
  // Payments accumulate over the runs; page through everything.
  const messages = [...page.messages];
  let hasMore = page.hasMore;
  while (hasMore) {
    const after = messages[messages.length - 1]!.seq;
    const next = await call(server.url, 'GET', `/api/conversations/${groupId}/messages?after=${after}&limit=200`, {
      token: users[0]!.token,
    });
    const parsed = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() }).parse(next.body.data);
    messages.push(...parsed.messages);
    hasMore = parsed.hasMore;
  }
  return messages;
}

async function runScenario({ userCount, batches }: { userCount: number; batches: Command[][] }): Promise<void> {
  runNumber += 1;
  const run = runNumber;
  // The model starts from what the server says now, so each run (and each shrink) stands alone.
  const balances = await Promise.all(users.map((_, index) => restBalance(index)));
  let deposited = await server.storage.ledger.totalDeposited();
  const outBefore = await Promise.all(
    users.map(async (_, index) => (await history(index)).filter((t) => t.direction === 'out').length),
  );
  const paymentsBefore = (await groupMessages()).filter((message) => message.messageType === 'payment').length;

  /** Per (payer, key): the transaction it created and its first answer. */
  const created = new Map<string, Transaction>();
  const transfersSent: TransferRequest[] = [];
  const createdInGroup: string[] = [];
  let keyCounter = 0;

  for (const [batchIndex, batch] of batches.entries()) {
    const balancesBefore = [...balances];
    const sent: Sent[] = batch.map((cmd): Sent => {
      if (cmd.kind === 'deposit') return { kind: 'deposit', to: cmd.to % userCount, amount: cmd.amount };
      if (cmd.kind === 'transfer') {
        const payer = cmd.from % userCount;
        const payee = cmd.to % userCount;
        // Sometimes reuse another payer's key string: keys belong to their payer, so no clash.
        const shared =
          cmd.shareKey === null ? undefined : transfersSent[cmd.shareKey % Math.max(1, transfersSent.length)];
        const sharable = shared && !transfersSent.some((t) => t.payer === payer && t.key === shared.key);
        const key = sharable ? shared.key : `run${run}-key${(keyCounter += 1)}`;
        const body: Record<string, unknown> = { toUserId: users[payee]!.user._id, amount: cmd.amount };
        if (cmd.note !== null) body.note = cmd.note;
        if (cmd.inGroup) body.conversationId = groupId;
        const request = { payer, key, body };
        transfersSent.push(request);
        return { kind: 'transfer', request, expectConflict: false };
      }
      if (transfersSent.length === 0) return { kind: 'deposit', to: 0, amount: 1 };
      const original = transfersSent[cmd.of % transfersSent.length]!;
      // A different body only for a key whose transfer was stored in an earlier batch: then
      // the answer must be 409 whatever the timing.
      if (!cmd.sameBody && created.has(keyId(original.payer, original.key))) {
        const body = {
          ...original.body,
          amount: (original.body.amount as number) === MAX_AMOUNT ? 1 : (original.body.amount as number) + 1,
        };
        return { kind: 'transfer', request: { ...original, body }, expectConflict: true };
      }
      return { kind: 'transfer', request: original, expectConflict: false };
    });

    const replies = await Promise.all(
      sent.map((item) =>
        item.kind === 'deposit'
          ? deposit(users[item.to]!.user._id, item.amount)
          : call(server.url, 'POST', '/api/wallet/transfers', {
              token: users[item.request.payer]!.token,
              headers: { 'Idempotency-Key': item.request.key },
              body: item.request.body,
            }),
      ),
    );
    const where = (index: number) =>
      `run ${run} batch ${batchIndex} request ${index}: ${JSON.stringify(sent[index])} → ${replies[index]!.status} ${JSON.stringify(replies[index]!.body).slice(0, 300)}`;

    // First the answers that moved money, then the replays that must point at them.
    const outsInBatch = new Array<number>(USERS).fill(0);
    for (const [index, item] of sent.entries()) {
      const reply = replies[index]!;
      if (item.kind === 'deposit') {
        expect(reply.status, where(index)).toBe(201);
        const answer = transferAnswerSchema.parse(reply.body.data);
        expect(answer.transaction, where(index)).toMatchObject({
          type: 'deposit',
          direction: 'in',
          amount: item.amount,
        });
        seen.deposit += 1;
        balances[item.to]! += item.amount;
        deposited += item.amount;
        continue;
      }
      if (reply.status !== 201) continue;
      const { payer, key, body } = item.request;
      expect(item.expectConflict, `${where(index)}: another body under a used key moved money`).toBe(false);
      const id = keyId(payer, key);
      expect(created.has(id), `${where(index)}: a second transfer under one key`).toBe(false);
      const answer = transferAnswerSchema.parse(reply.body.data);
      const payee = users.findIndex(({ user }) => user._id === body.toUserId);
      expect(answer.transaction, where(index)).toMatchObject({
        type: 'transfer',
        direction: 'out',
        amount: body.amount,
        counterparty: { _id: users[payee]!.user._id, username: users[payee]!.user.username },
        note: typeof body.note === 'string' ? body.note.trim() || null : null,
        conversationId: (body.conversationId as string | undefined) ?? null,
      });
      expect(answer.balance.available, where(index)).toBe(answer.transaction.balanceAfter);
      expect(answer.balance.available, where(index)).toBeGreaterThanOrEqual(0);
      created.set(id, answer.transaction);
      seen.created += 1;
      if (transfersSent.some((t) => t.key === key && t.payer !== payer)) seen.sharedKey += 1;
      if (body.conversationId) {
        createdInGroup.push(answer.transaction._id);
        seen.inGroup += 1;
      }
      balances[payer]! -= body.amount as number;
      balances[payee]! += body.amount as number;
      outsInBatch[payer]! += body.amount as number;
    }
    for (const [index, item] of sent.entries()) {
      if (item.kind === 'deposit') continue;
      const reply = replies[index]!;
      const { payer, key, body } = item.request;
      const original = created.get(keyId(payer, key));
      const selfPayment = body.toUserId === users[payer]!.user._id;
      if (item.expectConflict) {
        expect({ status: reply.status, code: reply.body.code }, where(index)).toEqual({
          status: 409,
          code: 'IDEMPOTENCY_KEY_REUSED',
        });
        seen.conflict += 1;
      } else if (selfPayment) {
        expect({ status: reply.status, code: reply.body.code }, where(index)).toEqual({
          status: 422,
          code: 'INVALID_RECIPIENT',
        });
        seen.self += 1;
      } else if (reply.status === 200) {
        // A replay: the first answer's transaction, unchanged, and no money moved.
        expect(original, `${where(index)}: a replay with no original`).toBeDefined();
        expect(transferAnswerSchema.parse(reply.body.data).transaction, where(index)).toEqual(original);
        seen.replayed += 1;
      } else if (reply.status === 422) {
        expect(reply.body.code, where(index)).toBe('INSUFFICIENT_FUNDS');
        seen.insufficient += 1;
        // Refused when the balance was below the amount. Incoming money only raises it, so the
        // balance at that moment was at least (before the batch − everything paid out in it).
        const lowest = balancesBefore[payer]! - outsInBatch[payer]!;
        expect(
          body.amount as number,
          `${where(index)}: refused although ${lowest} was always available`,
        ).toBeGreaterThan(lowest);
      } else {
        expect(reply.status, where(index)).toBe(201);
      }
    }

    // Money is conserved, nobody is negative, and REST agrees with the model to the cent.
    const totals = {
      balance: await server.storage.ledger.totalBalance(),
      deposited: await server.storage.ledger.totalDeposited(),
    };
    expect(totals, `run ${run} batch ${batchIndex}`).toEqual({ balance: deposited, deposited });
    const rest = await Promise.all(users.map((_, index) => restBalance(index)));
    expect(rest, `run ${run} batch ${batchIndex}: REST balances`).toEqual(balances);
    for (const value of rest) expect(value).toBeGreaterThanOrEqual(0);
    expect(rest.reduce((sum, value) => sum + value, 0)).toBe(deposited);

    // Each key moved money once: the payer's history holds exactly the transfers answered 201,
    // each once, and the payee's history holds each once on the other side.
    const histories = await Promise.all(users.map((_, index) => history(index)));
    for (const [index, transactions] of histories.entries()) {
      const outs = transactions.filter((t) => t.direction === 'out');
      const mine = [...created.entries()].filter(([id]) => id.startsWith(`${index}|`)).map(([, t]) => t._id);
      expect(outs.length - outBefore[index]!, `run ${run}: user ${index} history vs answers`).toBe(mine.length);
      for (const id of mine)
        expect(
          outs.filter((t) => t._id === id),
          `transaction ${id} in its payer's history`,
        ).toHaveLength(1);
      expect(new Set(transactions.map((t) => t._id)).size, `user ${index}: a transaction listed twice`).toBe(
        transactions.length,
      );
      if (transactions[0]) expect(transactions[0].balanceAfter).toBe(rest[index]);
    }
    for (const transaction of created.values()) {
      const payee = users.findIndex(({ user }) => user._id === transaction.counterparty?._id);
      const incoming = histories[payee]!.filter((t) => t._id === transaction._id);
      expect(incoming, `transaction ${transaction._id} in its payee's history`).toHaveLength(1);
      expect(incoming[0]).toMatchObject({ direction: 'in', amount: transaction.amount });
    }
  }

  // Every transfer announced in the group posted exactly one payment message, with no gaps in seq.
  const messages = await groupMessages();
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
  const payments = messages.filter((message) => message.messageType === 'payment');
  expect(payments.length - paymentsBefore, `run ${run}: payment messages`).toBe(createdInGroup.length);
  for (const id of createdInGroup) {
    expect(
      payments.filter((message) => message.payment?.transactionId === id),
      `payment message for ${id}`,
    ).toHaveLength(1);
  }
}

describe('ledger properties over the HTTP API', () => {
  it(`conserves money, never goes negative and moves money at most once per key (${RUNS} random runs)`, async () => {
    await fc.assert(fc.asyncProperty(scenario, runScenario), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    for (const [what, count] of Object.entries(seen))
      expect(count, `no ${what} answer in ${RUNS} runs`).toBeGreaterThan(0);
  }, 120_000);
});
