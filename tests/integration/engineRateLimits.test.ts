import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from './support/testServer';
import { deposit, engineKit, run, tokenOf, until } from './support/engineKit';

const kit = engineKit();

/**
 * Rate limits with the server's defaults on (PROTOCOL.md "Authentication": sends 30 per 10 s,
 * transfers 10 a minute): what the engine holds back says why and until when (`retry`), with the
 * server's own wait, and goes once that has passed.
 */
describe('engine under rate limits', () => {
  it('a transfer over the limit waits as long as Retry-After says, and says so', async () => {
    const s = await kit.server({ RATE_LIMITS: 'on' });
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    await deposit(s, alice.user._id, 10_000);
    const token = await tokenOf(s, alice.user.username);
    for (let i = 0; i < 10; i++) {
      const paid = await call(s.url, 'POST', '/api/wallet/transfers', {
        token,
        body: { toUserId: bob.user._id, amount: 1 },
        headers: { 'Idempotency-Key': randomUUID() },
      });
      expect(paid.status).toBe(201);
    }
    // A browser on another origin may read the wait (CORS exposes Retry-After).
    const refused = await call(s.url, 'POST', '/api/wallet/transfers', {
      token,
      body: { toUserId: bob.user._id, amount: 1 },
      headers: { 'Idempotency-Key': randomUUID(), Origin: 'http://127.0.0.1:1' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');

    const before = Date.now();
    await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 250 });
    const waiting = await until(alice, 'wallet', (w) => w.pending[0]?.retry !== undefined);
    expect(waiting.pending[0]!.retry).toMatchObject({ code: 'RATE_LIMITED' });
    // The server's wait (most of a minute), not the client's own first backoff (half a second).
    expect(waiting.pending[0]!.retry!.at - before).toBeGreaterThan(30_000);
  });

  it('a message over the limit says it waits until the server’s time, then goes', async () => {
    const s = await kit.server({ RATE_LIMITS: 'on' });
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    const token = await tokenOf(s, alice.user.username);
    const sends = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(s.url, 'POST', '/api/messages', { token, body: { receiverId: bob.user._id, content: `m${i}` } }),
      ),
    );
    expect(sends.map((reply) => reply.status)).toEqual(Array.from({ length: 30 }, () => 201));

    const item = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'one too many' });
    const waiting = await until(alice, 'outbox', (items) => items.some((i) => i.retry !== undefined));
    const wait = waiting.find((i) => i.clientId === item.clientId)!.retry!;
    expect(wait.code).toBe('RATE_LIMITED');
    expect(wait.at).toBeGreaterThan(Date.now());
    // Gone from the outbox once sent, the wait with it.
    await until(alice, 'outbox', (items) => items.length === 0, 25_000);
  }, 40_000);
});
