import { describe, expect, it } from 'vitest';
import { RestApi, detailFields, useRestApi } from './support/restApi';
import {
  ADMIN_TOKEN,
  balanceDataSchema,
  balanceOf,
  deposit,
  transfer,
  transferCall,
  transferResultSchema,
} from './support/restWallet';
import { removeDataDir, startTestServer } from './support/testServer';

let api: RestApi;
useRestApi({ ADMIN_TOKEN }, (shared) => (api = shared));

describe('GET /api/wallet/balance', () => {
  it('starts at zero in the server currency and needs a token', async () => {
    const alice = await api.register('bal');
    expect(await api.ok(balanceDataSchema, alice, 'GET', '/api/wallet/balance')).toEqual({
      balance: { available: 0, currency: 'USD' },
    });
    await api.fails(401, 'UNAUTHORIZED', null, 'GET', '/api/wallet/balance');
  });
});

describe('POST /api/admin/deposits', () => {
  it('credits the user with the admin token and answers the deposit as the user sees it', async () => {
    const alice = await api.register('dep');
    const first = await deposit(api, alice, 1250, ' top-up ');
    expect(first.transaction).toMatchObject({
      type: 'deposit',
      direction: 'in',
      amount: 1250,
      currency: 'USD',
      counterparty: null,
      note: 'top-up',
      conversationId: null,
      balanceAfter: 1250,
    });
    expect(first.balance).toEqual({ available: 1250, currency: 'USD' });
    expect((await deposit(api, alice, 1)).balance.available).toBe(1251);
    expect(await balanceOf(api, alice)).toBe(1251);
  });

  it('refuses a wrong or missing X-Admin-Token with 401 and moves nothing', async () => {
    const alice = await api.register('dep401');
    const body = { userId: alice.user._id, amount: 500 };
    await api.fails(401, 'UNAUTHORIZED', null, 'POST', '/api/admin/deposits', { body });
    for (const wrong of [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(1), ADMIN_TOKEN.toUpperCase(), '']) {
      await api.fails(401, 'UNAUTHORIZED', null, 'POST', '/api/admin/deposits', {
        body,
        headers: { 'X-Admin-Token': wrong },
      });
    }
    // A user's bearer token is not the admin token.
    await api.fails(401, 'UNAUTHORIZED', alice, 'POST', '/api/admin/deposits', { body });
    expect(await balanceOf(api, alice)).toBe(0);
  });

  it('refuses unknown users with 404 and bad amounts with 400', async () => {
    const alice = await api.register('dep400');
    const headers = { 'X-Admin-Token': ADMIN_TOKEN };
    await api.fails(404, 'NOT_FOUND', null, 'POST', '/api/admin/deposits', {
      body: { userId: 'no-such-user', amount: 5 },
      headers,
    });
    for (const amount of [0, -1, 1.5, '100', 100_000_001, null]) {
      const failure = await api.fails(400, 'VALIDATION_FAILED', null, 'POST', '/api/admin/deposits', {
        body: { userId: alice.user._id, amount },
        headers,
      });
      expect(detailFields(failure)).toEqual(['amount']);
    }
    expect(await balanceOf(api, alice)).toBe(0);
  });

  it('does not exist without ADMIN_TOKEN (404)', async () => {
    const plain = await startTestServer();
    try {
      const plainApi = new RestApi(plain);
      const alice = await plainApi.register('dep404');
      await plainApi.fails(404, 'NOT_FOUND', null, 'POST', '/api/admin/deposits', {
        body: { userId: alice.user._id, amount: 5 },
        headers: { 'X-Admin-Token': ADMIN_TOKEN },
      });
      expect(await balanceOf(plainApi, alice)).toBe(0);
    } finally {
      await plain.stop();
      removeDataDir(plain.dataDir);
    }
  });
});

describe('POST /api/wallet/transfers', () => {
  it('moves money from the caller to the payee and answers 201 with the payer’s side', async () => {
    const [alice, bob] = await api.registerMany(2, 'pay');
    await deposit(api, alice!, 1000);
    const result = await transfer(api, alice!, { toUserId: bob!.user._id, amount: 300, note: ' lunch ' });
    expect(result.transaction).toMatchObject({
      type: 'transfer',
      direction: 'out',
      amount: 300,
      currency: 'USD',
      counterparty: { _id: bob!.user._id, username: bob!.user.username },
      note: 'lunch',
      conversationId: null,
      balanceAfter: 700,
    });
    expect(result.balance).toEqual({ available: 700, currency: 'USD' });
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([700, 300]);
    const all = await transfer(api, bob!, { toUserId: alice!.user._id, amount: 300 });
    expect(all.transaction).toMatchObject({ note: null, balanceAfter: 0 });
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([1000, 0]);
  });

  it('needs an Idempotency-Key of 1 to 255 characters', async () => {
    const [alice, bob] = await api.registerMany(2, 'key');
    await deposit(api, alice!, 100);
    const body = { toUserId: bob!.user._id, amount: 10 };
    for (const key of [null, '', 'k'.repeat(256)]) {
      const reply = await transferCall(api, alice!, body, key);
      expect([reply.status, reply.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(detailFields(reply.body as { details?: { field: string }[] })).toEqual(['Idempotency-Key']);
    }
    expect(await balanceOf(api, alice!)).toBe(100);
    await transfer(api, alice!, body, 'k'.repeat(255));
    expect(await balanceOf(api, alice!)).toBe(90);
  });

  it('replays the same key and body with 200 and the same transaction, moving nothing', async () => {
    const [alice, bob] = await api.registerMany(2, 'replay');
    await deposit(api, alice!, 1000);
    const body = { toUserId: bob!.user._id, amount: 250, note: 'rent' };
    const first = await transfer(api, alice!, body, 'same-key');
    const again = await api.ok(transferResultSchema, alice!, 'POST', '/api/wallet/transfers', {
      body,
      headers: { 'Idempotency-Key': 'same-key' },
    });
    expect(again).toEqual(first);
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([750, 250]);
    // Later changes do not alter the replayed answer: it is the first response, again.
    await deposit(api, alice!, 50);
    const later = await api.ok(transferResultSchema, alice!, 'POST', '/api/wallet/transfers', {
      body,
      headers: { 'Idempotency-Key': 'same-key' },
    });
    expect(later).toEqual(first);
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([800, 250]);

    const other = await transferCall(api, alice!, { ...body, amount: 251 }, 'same-key');
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    const otherNote = await transferCall(api, alice!, { ...body, note: 'not rent' }, 'same-key');
    expect([otherNote.status, otherNote.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([800, 250]);

    // Keys belong to their user: Bob may use the same one.
    await transfer(api, bob!, { toUserId: alice!.user._id, amount: 50 }, 'same-key');
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([850, 200]);
  });

  it('moves money once when the same request is retried concurrently', async () => {
    const [alice, bob] = await api.registerMany(2, 'retry');
    await deposit(api, alice!, 1000);
    const body = { toUserId: bob!.user._id, amount: 100 };
    const replies = await Promise.all(Array.from({ length: 6 }, () => transferCall(api, alice!, body, 'retry-key')));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = replies.map((reply) => transferResultSchema.parse(reply.body.data).transaction._id);
    expect(new Set(ids).size).toBe(1);
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([900, 100]);
  });

  it('refuses more than the balance with 422 INSUFFICIENT_FUNDS', async () => {
    const [alice, bob] = await api.registerMany(2, 'poor');
    await deposit(api, alice!, 100);
    const reply = await transferCall(api, alice!, { toUserId: bob!.user._id, amount: 101 });
    expect([reply.status, reply.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    const empty = await transferCall(api, bob!, { toUserId: alice!.user._id, amount: 1 });
    expect([empty.status, empty.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([100, 0]);
  });

  it('never overdraws under concurrent transfers', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'race');
    await deposit(api, alice!, 1000);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        transferCall(api, alice!, { toUserId: (index % 2 === 0 ? bob : carol)!.user._id, amount: 100 }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201).length).toBe(10);
    expect(statuses.filter((status) => status === 422).length).toBe(10);
    const balances = [await balanceOf(api, alice!), await balanceOf(api, bob!), await balanceOf(api, carol!)];
    expect(balances[0]).toBe(0);
    expect(balances[1]! + balances[2]!).toBe(1000);
  });

  it('refuses paying yourself or an unknown user with 422 INVALID_RECIPIENT', async () => {
    const alice = await api.register('self');
    await deposit(api, alice, 100);
    for (const toUserId of [alice.user._id, 'no-such-user']) {
      const reply = await transferCall(api, alice, { toUserId, amount: 10 });
      expect([reply.status, reply.body.code]).toEqual([422, 'INVALID_RECIPIENT']);
    }
    expect(await balanceOf(api, alice)).toBe(100);
  });

  it.each([
    ['a fraction', { amount: 1.5 }, ['amount']],
    ['a string', { amount: '10' }, ['amount']],
    ['zero', { amount: 0 }, ['amount']],
    ['a negative amount', { amount: -10 }, ['amount']],
    ['more than 100,000,000', { amount: 100_000_001 }, ['amount']],
    ['no amount', { amount: undefined }, ['amount']],
    ['no payee', { toUserId: undefined, amount: 10 }, ['toUserId']],
    ['a note over 200 characters', { amount: 10, note: 'n'.repeat(201) }, ['note']],
  ])('refuses %s with 400', async (_, overrides, fields) => {
    const [alice, bob] = await api.registerMany(2, 'amt');
    await deposit(api, alice!, 100);
    const reply = await transferCall(api, alice!, { toUserId: bob!.user._id, ...overrides });
    expect([reply.status, reply.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(detailFields(reply.body as { details?: { field: string }[] })).toEqual(fields);
    expect(await balanceOf(api, alice!)).toBe(100);
  });

  it('accepts the largest amount, 100,000,000', async () => {
    const [alice, bob] = await api.registerMany(2, 'max');
    await deposit(api, alice!, 100_000_000);
    const result = await transfer(api, alice!, { toUserId: bob!.user._id, amount: 100_000_000 });
    expect(result.balance.available).toBe(0);
    expect(await balanceOf(api, bob!)).toBe(100_000_000);
  });

  it('without a token is 401 and moves nothing', async () => {
    const [alice, bob] = await api.registerMany(2, 'anon');
    await deposit(api, alice!, 100);
    await api.fails(401, 'UNAUTHORIZED', null, 'POST', '/api/wallet/transfers', {
      body: { toUserId: bob!.user._id, amount: 10 },
      headers: { 'Idempotency-Key': 'anon-key' },
    });
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([100, 0]);
  });
});
