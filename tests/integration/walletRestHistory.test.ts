import { describe, expect, it } from 'vitest';
import { type Account, RestApi, useRestApi } from './support/restApi';
import { conversationDataSchema, history, send, seqs, unread } from './support/restChat';
import {
  ADMIN_TOKEN,
  balanceOf,
  deposit,
  transactionsPageSchema,
  transfer,
  transferCall,
  transferResultSchema,
} from './support/restWallet';
import { removeDataDir, startTestServer } from './support/testServer';

let api: RestApi;
useRestApi({ ADMIN_TOKEN }, (shared) => (api = shared));

function transactions(as: Account, query = '') {
  return api.ok(transactionsPageSchema, as, 'GET', `/api/wallet/transactions${query}`);
}

describe('GET /api/wallet/transactions', () => {
  it('pages newest first with before and nextCursor, each side with its own direction and balance', async () => {
    const [alice, bob] = await api.registerMany(2, 'txs');
    const made = [(await deposit(api, alice!, 1000, 'salary')).transaction];
    for (const amount of [100, 200, 300]) {
      made.push((await transfer(api, alice!, { toUserId: bob!.user._id, amount })).transaction);
    }
    made.push((await transfer(api, bob!, { toUserId: alice!.user._id, amount: 50, note: 'change' })).transaction);
    const newestFirst = made.map((transaction) => transaction._id).reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    const pageSizes: number[] = [];
    do {
      const page = await transactions(alice!, `?limit=2${cursor ? `&before=${cursor}` : ''}`);
      pageSizes.push(page.transactions.length);
      seen.push(...page.transactions.map((transaction) => transaction._id));
      expect(page.nextCursor).toBe(seen.length < made.length ? seen[seen.length - 1] : null);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(newestFirst);

    const alices = (await transactions(alice!)).transactions;
    expect(alices.map((t) => [t.type, t.direction, t.amount, t.balanceAfter, t.counterparty?._id ?? null])).toEqual([
      ['transfer', 'in', 50, 450, bob!.user._id],
      ['transfer', 'out', 300, 400, bob!.user._id],
      ['transfer', 'out', 200, 700, bob!.user._id],
      ['transfer', 'out', 100, 900, bob!.user._id],
      ['deposit', 'in', 1000, 1000, null],
    ]);
    expect(alices[0]).toMatchObject({ note: 'change', counterparty: { username: bob!.user.username } });
    const bobs = (await transactions(bob!)).transactions;
    expect(bobs.map((t) => [t._id, t.direction, t.amount, t.balanceAfter, t.counterparty])).toEqual([
      [made[4]!._id, 'out', 50, 550, { _id: alice!.user._id, username: alice!.user.username }],
      [made[3]!._id, 'in', 300, 600, { _id: alice!.user._id, username: alice!.user.username }],
      [made[2]!._id, 'in', 200, 300, { _id: alice!.user._id, username: alice!.user.username }],
      [made[1]!._id, 'in', 100, 100, { _id: alice!.user._id, username: alice!.user.username }],
    ]);
    expect(bobs.find((t) => t._id === made[1]!._id)!.createdAt).toBe(made[1]!.createdAt);
  });

  it('shows nobody else’s transactions, even given their id as the cursor', async () => {
    const [alice, bob, eve] = await api.registerMany(3, 'txpriv');
    await deposit(api, alice!, 100);
    const paid = await transfer(api, alice!, { toUserId: bob!.user._id, amount: 10 });
    await deposit(api, eve!, 5);
    const evePage = await transactions(eve!, `?before=${paid.transaction._id}`);
    expect(evePage.transactions.every((t) => t.counterparty === null && t.amount === 5)).toBe(true);
    expect((await transactions(eve!)).transactions.map((t) => t.amount)).toEqual([5]);
  });

  it('refuses a bad limit with 400 and no token with 401', async () => {
    const alice = await api.register('txbad');
    for (const query of ['?limit=0', '?limit=101', '?limit=x']) {
      await api.fails(400, 'VALIDATION_FAILED', alice, 'GET', `/api/wallet/transactions${query}`);
    }
    await api.fails(401, 'UNAUTHORIZED', null, 'GET', '/api/wallet/transactions');
  });
});

describe('transfers in a conversation', () => {
  it('post a payment message in the conversation, once', async () => {
    const [alice, bob] = await api.registerMany(2, 'paymsg');
    await deposit(api, alice!, 5000);
    const hello = await send(api, alice!, { receiverId: bob!.user._id, content: 'dinner was great' });
    const id = hello.conversationId;
    const body = { toUserId: bob!.user._id, amount: 1250, note: 'my half', conversationId: id };
    const paid = await transfer(api, alice!, body, 'pay-in-chat');
    expect(paid.transaction.conversationId).toBe(id);
    const replay = await api.ok(transferResultSchema, alice!, 'POST', '/api/wallet/transfers', {
      body,
      headers: { 'Idempotency-Key': 'pay-in-chat' },
    });
    expect(replay.transaction._id).toBe(paid.transaction._id);

    const page = await history(api, bob!, id);
    expect(page.messages.length).toBe(2);
    expect(page.messages[1]).toMatchObject({
      seq: 2,
      senderId: alice!.user._id,
      receiverId: bob!.user._id,
      messageType: 'payment',
      content: 'my half',
      payment: {
        transactionId: paid.transaction._id,
        amount: 1250,
        currency: 'USD',
        from: { _id: alice!.user._id, username: alice!.user.username },
        to: { _id: bob!.user._id, username: bob!.user.username },
        note: 'my half',
      },
    });
    expect(await unread(api, bob!)).toEqual({ unreadCount: 2, byConversation: { [id]: 2 } });
    const bobsSide = (await transactions(bob!)).transactions[0]!;
    expect(bobsSide).toMatchObject({ _id: paid.transaction._id, direction: 'in', conversationId: id });

    // Without a note the message still says what happened.
    const bare = await transfer(api, bob!, { toUserId: alice!.user._id, amount: 5, conversationId: id });
    const last = (await history(api, alice!, id)).messages.at(-1)!;
    expect(last).toMatchObject({ seq: 3, messageType: 'payment', senderId: bob!.user._id });
    expect(last.payment).toEqual({
      transactionId: bare.transaction._id,
      amount: 5,
      currency: 'USD',
      from: { _id: bob!.user._id, username: bob!.user.username },
      to: { _id: alice!.user._id, username: alice!.user.username },
      note: null,
    });
    expect(last.content).toBe('Sent 0.05 USD');
  });

  it('refuses a conversation the payee is not in (422), nor the payer (403), nor unknown (404)', async () => {
    const [alice, bob, carol, eve] = await api.registerMany(4, 'paybad');
    await deposit(api, alice!, 1000);
    await deposit(api, eve!, 1000);
    const withCarol = (await send(api, alice!, { receiverId: carol!.user._id, content: 'hi' })).conversationId;
    const group = (
      await api.ok(conversationDataSchema, alice!, 'POST', '/api/conversations', {
        body: { type: 'group', title: 'No Bob', memberIds: [carol!.user._id] },
        status: 201,
      })
    ).conversation._id;
    for (const conversationId of [withCarol, group]) {
      const reply = await transferCall(api, alice!, { toUserId: bob!.user._id, amount: 10, conversationId });
      expect([reply.status, reply.body.code]).toEqual([422, 'INVALID_RECIPIENT']);
    }
    const stranger = await transferCall(api, eve!, {
      toUserId: carol!.user._id,
      amount: 10,
      conversationId: withCarol,
    });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await transferCall(api, alice!, {
      toUserId: carol!.user._id,
      amount: 10,
      conversationId: 'no-such-conversation',
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await Promise.all([alice!, bob!, carol!, eve!].map((account) => balanceOf(api, account)))).toEqual([
      1000, 0, 0, 1000,
    ]);
    expect((await history(api, carol!, withCarol)).messages.length).toBe(1);
    expect((await history(api, carol!, group)).messages.length).toBe(0);
  });
});

describe('payments and messages together', () => {
  it('post nothing when refused, and share one gapless seq with concurrent sends', async () => {
    const [alice, bob] = await api.registerMany(2, 'paymix');
    const id = (await send(api, alice!, { receiverId: bob!.user._id, content: 'hi' })).conversationId;
    const poor = await transferCall(api, alice!, { toUserId: bob!.user._id, amount: 10, conversationId: id });
    expect([poor.status, poor.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(seqs((await history(api, bob!, id)).messages)).toEqual([1]);

    await deposit(api, alice!, 1000);
    const payments = Array.from({ length: 10 }, (_, index) =>
      transfer(api, alice!, { toUserId: bob!.user._id, amount: index + 1, conversationId: id }),
    );
    const texts = Array.from({ length: 10 }, (_, index) =>
      send(api, index % 2 ? alice! : bob!, { conversationId: id, content: `text ${index}` }),
    );
    const [paid] = await Promise.all([Promise.all(payments), Promise.all(texts)]);
    const page = await history(api, bob!, id, '?after=0');
    expect(seqs(page.messages)).toEqual(Array.from({ length: 21 }, (_, index) => index + 1));
    const linked = page.messages.filter((message) => message.messageType === 'payment');
    expect(linked.map((message) => message.payment!.transactionId).sort()).toEqual(
      paid.map((result) => result.transaction._id).sort(),
    );
    expect([await balanceOf(api, alice!), await balanceOf(api, bob!)]).toEqual([945, 55]);
  });
});

describe('rate limit', () => {
  it('refuses the 11th transfer within a minute with 429 and Retry-After', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'on', ADMIN_TOKEN });
    try {
      const limitedApi = new RestApi(limited);
      const [alice, bob] = await limitedApi.registerMany(2, 'rl');
      await deposit(limitedApi, alice!, 1000);
      const firstKey = 'first-of-the-minute';
      const first = await transfer(limitedApi, alice!, { toUserId: bob!.user._id, amount: 1 }, firstKey);
      for (let index = 1; index < 10; index += 1) {
        await transfer(limitedApi, alice!, { toUserId: bob!.user._id, amount: 1 });
      }
      const refused = await transferCall(limitedApi, alice!, { toUserId: bob!.user._id, amount: 1 });
      expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED']);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect([await balanceOf(limitedApi, alice!), await balanceOf(limitedApi, bob!)]).toEqual([990, 10]);
      // A retry of a transfer that went through is answered, not limited: it moves nothing.
      const retried = await transferCall(limitedApi, alice!, { toUserId: bob!.user._id, amount: 1 }, firstKey);
      expect([retried.status, (retried.body.data as { transaction: { _id: string } }).transaction._id]).toEqual([
        200,
        first.transaction._id,
      ]);
      expect(await balanceOf(limitedApi, alice!)).toBe(990);
      // The limit is the payer's: Bob can still pay.
      await transfer(limitedApi, bob!, { toUserId: alice!.user._id, amount: 1 });
    } finally {
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });
});
