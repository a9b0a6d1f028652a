import { atom } from 'jotai';
import { type Changes, type OutboxItemView, draftKeyOf } from '../../shared/contract/clientState';
import { conversationsAtom, draftsAtom, outboxAtom, threadsAtom, walletAtom } from './atoms';
import { applyPlaced, withThreadChange } from './threads';

/**
 * One engine batch (`changes`) applied to the atoms in one write, so the UI never draws half of
 * it (a message without its conversation's new count, a sent message beside its "sending" copy).
 * What the batch says is taken as is: the engine decides every list.
 */
export const applyChangesAtom = atom(null, (get, set, changes: Changes) => {
  if (changes.conversations.length > 0) {
    const conversations = new Map(get(conversationsAtom));
    for (const conversation of changes.conversations) conversations.set(conversation._id, conversation);
    set(conversationsAtom, conversations);
  }
  if (changes.messages.length > 0) set(threadsAtom, changes.messages.reduce(withThreadChange, get(threadsAtom)));
  const { upserted, removed } = changes.outbox;
  if (upserted.length + removed.length > 0) set(outboxAtom, withOutboxChange(get(outboxAtom), changes.outbox));
  if (changes.drafts.upserted.length + changes.drafts.removed.length > 0) {
    const drafts = new Map(get(draftsAtom));
    for (const target of changes.drafts.removed) drafts.delete(draftKeyOf(target));
    for (const draft of changes.drafts.upserted) drafts.set(draftKeyOf(draft.target), draft.text);
    set(draftsAtom, drafts);
  }
  // Before the first `getWallet` answer there is nothing to change: that answer holds all of it.
  const wallet = get(walletAtom);
  if (wallet && (changes.wallet || changes.pendingTransfers)) {
    set(walletAtom, {
      ...wallet,
      ...(changes.wallet && {
        balance: changes.wallet.balance,
        hasMore: changes.wallet.hasMore,
        transactions: [...applyPlaced(wallet.transactions, changes.wallet.added)],
      }),
      ...(changes.pendingTransfers && { pending: changes.pendingTransfers }),
    });
  }
});

/** The outbox with what went dropped and what changed put where the engine placed it. */
function withOutboxChange(held: readonly OutboxItemView[], change: Changes['outbox']): readonly OutboxItemView[] {
  const drop = new Set([...change.removed, ...change.upserted.map(({ item }) => item.clientId)]);
  return applyPlaced(
    held.filter((item) => !drop.has(item.clientId)),
    change.upserted,
  );
}
