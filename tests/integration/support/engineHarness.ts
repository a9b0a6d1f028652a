import { createEngine, type Engine, type EngineEvent, type EngineOptions } from '../../../src/core/engine';
import { memoryPorts } from '../../doubles/memoryPorts';
import type { HostPorts } from '../../../src/core/ports';
import type { ConnectionState } from '../../../src/shared/contract/connectionStatus';
import {
  type Changes,
  type ConversationView,
  type Draft,
  type OutboxItemView,
  type WalletView,
  draftKeyOf,
} from '../../../src/shared/contract/clientState';
import type { Message } from '../../../src/shared/protocol/entities';

/**
 * What tests read of a `changes` batch, by part, as a UI holding the state would see it:
 * `conversations` (those that changed), `messages` (one conversation's added and changed messages,
 * seq order), and the whole outbox, drafts and wallet after the batch, each only when the batch
 * changed it. Recorded right after the `changes` event they come from.
 */
export type Views = {
  conversations: ConversationView[];
  messages: { conversationId: string; messages: Message[]; hasOlder: boolean };
  outbox: OutboxItemView[];
  drafts: Draft[];
  wallet: WalletView;
};
export type ViewEvent = { [V in keyof Views]: { event: V; payload: Views[V] } }[keyof Views];
export type HarnessEvent = EngineEvent | ViewEvent;

/** Folds `changes` into the views above, as the renderer's atoms hold them; a new user starts blank. */
function viewFolder() {
  let userId: string | null = null;
  let outbox: OutboxItemView[] = [];
  let drafts = new Map<string, Draft>();
  let wallet: WalletView = { balance: null, transactions: [], hasMore: true, pending: [] };
  return (event: EngineEvent): ViewEvent[] => {
    if (event.event === 'session' && (event.payload.user?._id ?? null) !== userId) {
      userId = event.payload.user?._id ?? null;
      outbox = [];
      drafts = new Map();
      wallet = { balance: null, transactions: [], hasMore: true, pending: [] };
    }
    if (event.event !== 'changes') return [];
    const changes: Changes = event.payload;
    const views: ViewEvent[] = [];
    if (changes.conversations.length > 0) views.push({ event: 'conversations', payload: changes.conversations });
    for (const { conversationId, added, changed, hasOlder } of changes.messages) {
      const messages = [...added, ...changed].map((placed) => placed.item).sort((a, b) => a.seq - b.seq);
      views.push({ event: 'messages', payload: { conversationId, messages, hasOlder } });
    }
    if (changes.outbox.upserted.length + changes.outbox.removed.length > 0) {
      const drop = new Set([...changes.outbox.removed, ...changes.outbox.upserted.map(({ item }) => item.clientId)]);
      outbox = outbox.filter((item) => !drop.has(item.clientId));
      for (const { index, item } of changes.outbox.upserted) outbox.splice(index, 0, item);
      views.push({ event: 'outbox', payload: [...outbox] });
    }
    if (changes.drafts.upserted.length + changes.drafts.removed.length > 0) {
      for (const target of changes.drafts.removed) drafts.delete(draftKeyOf(target));
      for (const draft of changes.drafts.upserted) {
        drafts.delete(draftKeyOf(draft.target)); // a change moves it to the end, as the engine lists them
        drafts.set(draftKeyOf(draft.target), draft);
      }
      views.push({ event: 'drafts', payload: [...drafts.values()] });
    }
    if (changes.wallet || changes.pendingTransfers) {
      if (changes.wallet) {
        const transactions = [...wallet.transactions];
        for (const { index, item } of changes.wallet.added) transactions.splice(index, 0, item);
        wallet = { ...wallet, balance: changes.wallet.balance, hasMore: changes.wallet.hasMore, transactions };
      }
      if (changes.pendingTransfers) wallet = { ...wallet, pending: changes.pendingTransfers };
      views.push({ event: 'wallet', payload: wallet });
    }
    return views;
  };
}

/**
 * An engine hosted in Node, recording every event it emits and, after each `changes`, the views
 * it makes (`Views`); `options` adds engine options (backoff).
 */
export function hostEngine(
  serverUrl: string,
  ports: HostPorts = memoryPorts(),
  options: Omit<EngineOptions, 'serverUrl' | 'ports'> = {},
) {
  const engine: Engine = createEngine({ ...options, serverUrl, ports });
  const events: HarnessEvent[] = [];
  const listeners = new Set<(event: HarnessEvent) => void>();
  const fold = viewFolder();
  const record = (event: HarnessEvent) => {
    events.push(event);
    for (const listener of [...listeners]) listener(event);
  };
  engine.subscribe((event) => {
    record(event);
    fold(event).forEach(record);
  });
  const waitFor = (predicate: (event: HarnessEvent) => boolean, timeoutMs = 10_000) =>
    new Promise<HarnessEvent>((resolve, reject) => {
      const existing = events.find(predicate);
      if (existing) return resolve(existing);
      const listener = (event: HarnessEvent) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(event);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error('timed out waiting for an engine event'));
      }, timeoutMs);
      listeners.add(listener);
    });
  return {
    engine,
    ports,
    events,
    /** Resolves on the next status of that state, counting from now. */
    nextStatus(state: ConnectionState, timeoutMs?: number) {
      const from = events.length;
      return waitFor(
        (event) => events.indexOf(event) >= from && event.event === 'connectionStatus' && event.payload.state === state,
        timeoutMs,
      );
    },
    waitFor,
  };
}
