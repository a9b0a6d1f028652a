import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/core/engine';
import type { Changes } from '../../src/shared/contract/clientState';
import type { Message, Transaction } from '../../src/shared/protocol/entities';
import { applyPlaced } from '../../src/renderer/state/threads';
import { type Harness, deposit, engineKit, messagesWith, run, until } from './support/engineKit';

const kit = engineKit();

/** The `changes` events an engine emitted so far. */
const batches = (h: Harness): Changes[] =>
  h.events.flatMap((event) =>
    event.event === 'changes' ? [(event as EngineEvent & { event: 'changes' }).payload] : [],
  );

/** A UI's copy: read once, then every later `changes` applied with nothing merged on its side. */
function mirror(h: Harness, conversationId: string) {
  let messages: readonly Message[] = [];
  let transactions: readonly Transaction[] = [];
  let from = 0;
  return {
    async read() {
      messages = (await run(h, 'getMessages', { conversationId })).messages;
      transactions = (await run(h, 'getWallet', {})).transactions;
      from = batches(h).length;
    },
    catchUp() {
      for (const changes of batches(h).slice(from)) {
        for (const change of changes.messages.filter((c) => c.conversationId === conversationId)) {
          messages = applyPlaced(messages, change.added, change.changed);
        }
        if (changes.wallet) transactions = applyPlaced(transactions, changes.wallet.added);
      }
      from = batches(h).length;
      return { messages, transactions };
    },
  };
}

describe('engine: one `changes` event per batch', () => {
  it('removes an outbox item in the batch that brings its message, never before or after', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    const sent = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
    await messagesWith(alice, null, (m) => m.clientId === sent.clientId);

    const carrying = batches(alice).filter((changes) =>
      changes.messages.some((c) => c.added.some(({ item }) => item.clientId === sent.clientId)),
    );
    const removing = batches(alice).filter((changes) => changes.outbox.removed.includes(sent.clientId));
    expect(carrying).toHaveLength(1);
    expect(removing).toEqual(carrying);
    // Shown as "sending" in an earlier batch, and never again once removed.
    const shown = batches(alice).findIndex((c) =>
      c.outbox.upserted.some(({ item }) => item.clientId === sent.clientId),
    );
    const gone = batches(alice).indexOf(removing[0]!);
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(shown).toBeLessThan(gone);
    expect(
      batches(alice)
        .slice(gone + 1)
        .some((c) => c.outbox.upserted.some(({ item }) => item.clientId === sent.clientId)),
    ).toBe(false);
  });

  it("keeps a UI's copy equal to the engine's lists: messages with receipts, new transactions", async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
    const { conversationId } = await messagesWith(alice, null, (m) => m.clientId === hello.clientId);
    await until(alice, 'wallet', (w) => w.balance !== null);

    const ui = mirror(alice, conversationId);
    await ui.read();
    for (let i = 1; i <= 5; i++) await run(bob, 'sendMessage', { conversationId, content: `from bob ${i}` });
    await run(alice, 'sendMessage', { conversationId, content: 'from alice' });
    await messagesWith(alice, conversationId, (m) => m.content === 'from bob 5');
    await run(bob, 'setConversationInView', { conversationId }); // Bob reads: Alice's ticks change
    await messagesWith(alice, conversationId, (m) => m.content === 'from alice' && m.isRead);
    await deposit(s, alice.user._id, 700);
    await until(alice, 'wallet', (w) => w.transactions.length === 1);

    const held = ui.catchUp();
    expect(held.messages).toEqual((await run(alice, 'getMessages', { conversationId })).messages);
    // sendMessage answers once queued: the two senders' messages interleave as the server took them.
    expect(held.messages.map((m) => m.content).sort()).toEqual(
      ['hello', ...[1, 2, 3, 4, 5].map((i) => `from bob ${i}`), 'from alice'].sort(),
    );
    expect(held.messages.find((m) => m.content === 'from alice')!.isRead).toBe(true);
    expect(held.transactions).toEqual((await run(alice, 'getWallet', {})).transactions);
    expect(held.transactions).toHaveLength(1);
  });
});
