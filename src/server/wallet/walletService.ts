import { createHash } from 'node:crypto';
import type { DepositBody, TransferBody } from '../../shared/protocol/wallet';
import { formatMoneyCode } from '../../shared/format/money';
import type { Balance, Transaction } from '../../shared/protocol/entities';
import { WALLET_SYNC_LIMIT } from '../../shared/protocol/limits';
import { ApiError } from '../apiError';
import { memberConversation } from '../chat/chatAccess';
import type { ChatService } from '../chat/chatService';
import { newId } from '../ids';
import type { RateLimiter } from '../rateLimiter';
import type { RealtimeHub } from '../realtime/realtimeHub';
import type { LedgerEntryRecord, NewMessage, Storage, UserRecord } from '../storage/storagePort';

type Caller = { userId: string; username: string };

/** A fingerprint of what a transfer asks for: the same key with a different body is refused. */
function requestHash(body: TransferBody): string {
  const canonical = JSON.stringify([body.toUserId, body.amount, body.note ?? null, body.conversationId ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Balances, history, transfers and deposits over the double-entry ledger. */
export class WalletService {
  constructor(
    private readonly storage: Storage,
    private readonly chat: ChatService,
    private readonly hub: RealtimeHub,
    private readonly rateLimiter: RateLimiter,
    private readonly currency: string,
  ) {}

  async balance(userId: string): Promise<Balance> {
    return { available: await this.storage.ledger.balanceOf(userId), currency: this.currency };
  }

  /** The caller's transactions newest first, a page at a time. */
  async transactions(userId: string, before: string | undefined, limit: number) {
    const entries = await this.storage.ledger.entriesOf(userId, {
      ...(before !== undefined && { beforeTransactionId: before }),
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    return {
      transactions: await this.views(page),
      nextCursor: entries.length > limit ? page[page.length - 1]!.transaction.id : null,
    };
  }

  /**
   * Up to WALLET_SYNC_LIMIT transactions newer than `after` (a transaction id; null for all),
   * oldest first, with the balance; `hasMore` says to call again from the last one.
   */
  async since(userId: string, after: string | null) {
    const entries = await this.storage.ledger.entriesAfter(userId, after, WALLET_SYNC_LIMIT + 1);
    const page = entries.slice(0, WALLET_SYNC_LIMIT);
    return {
      balance: await this.balance(userId),
      transactions: await this.views(page),
      hasMore: entries.length > WALLET_SYNC_LIMIT,
    };
  }

  /**
   * Pays another user. Idempotent on the key: a replay with the same body answers the first
   * result again (`created: false`) and moves nothing.
   */
  async transfer(caller: Caller, idempotencyKey: string, body: TransferBody) {
    // A retry of a key already used is answered by the ledger (the first result, or 409) before
    // any other check: what was true when it first went through (membership, limits) may not be now.
    const retry = await this.storage.ledger.hasIdempotencyKey(caller.userId, idempotencyKey);
    const conversation = retry ? null : await this.checkNewTransfer(caller, body);
    const createdAt = new Date().toISOString();
    const transaction = {
      id: newId(),
      type: 'transfer' as const,
      fromUserId: caller.userId,
      toUserId: body.toUserId,
      amount: body.amount,
      note: body.note || null,
      conversationId: body.conversationId ?? null,
      createdAt,
    };
    const paymentMessage: NewMessage | null = body.conversationId
      ? {
          id: newId(),
          conversationId: body.conversationId,
          clientId: null,
          senderId: caller.userId,
          // What older clients show; with the currency's own decimals (ISO 4217), as every amount.
          content: transaction.note ?? `Sent ${formatMoneyCode(body.amount, this.currency)}`,
          messageType: 'payment',
          createdAt,
          transactionId: transaction.id,
        }
      : null;
    const request = { transaction, idempotencyKey, requestHash: requestHash(body), paymentMessage };
    const store = () => this.storage.ledger.transfer(request);
    const outcome = conversation
      ? await this.chat.storeAndPublish(conversation, async () => {
          const result = await store();
          return { result, appended: result.kind === 'created' ? result.message : null };
        })
      : await store();

    switch (outcome.kind) {
      case 'key-reused':
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different transfer.');
      case 'insufficient-funds':
        throw new ApiError('INSUFFICIENT_FUNDS', 'Your balance is too low for this transfer.');
      case 'replayed':
        // The first response again, balance included: the payer's balance right after it.
        return {
          created: false,
          transaction: (await this.views([outcome.payer]))[0]!,
          balance: { available: outcome.payer.balanceAfter, currency: this.currency },
        };
      case 'created': {
        const [payerView, payeeView] = await this.views([outcome.payer, outcome.payee]);
        this.publish(outcome.payer, payerView!, null);
        this.publish(outcome.payee, payeeView!, {
          from: { _id: caller.userId, username: caller.username },
          note: transaction.note,
        });
        return {
          created: true,
          transaction: payerView!,
          balance: { available: outcome.payer.balanceAfter, currency: this.currency },
        };
      }
    }
  }

  /** The checks of a first attempt; returns the conversation the payment is posted in, if any. */
  private async checkNewTransfer(caller: Caller, body: TransferBody) {
    await this.rateLimiter.consume('transfer', caller.userId);
    if (body.toUserId === caller.userId) throw new ApiError('INVALID_RECIPIENT', 'You cannot pay yourself.');
    const payee = await this.storage.users.findById(body.toUserId);
    if (!payee) throw new ApiError('INVALID_RECIPIENT', 'There is no user with that id to pay.');
    if (body.conversationId === undefined) return null;
    const { conversation } = await memberConversation(this.storage, body.conversationId, caller.userId);
    if (!(await this.storage.chat.membership(conversation.id, payee.id))) {
      throw new ApiError('INVALID_RECIPIENT', 'The person you are paying is not in that conversation.');
    }
    return conversation;
  }

  /** Credits a user from outside the system (the admin route). */
  async deposit(body: DepositBody) {
    const user = await this.storage.users.findById(body.userId);
    if (!user) throw new ApiError('NOT_FOUND', 'There is no user with that id.');
    const entry = await this.storage.ledger.deposit({
      id: newId(),
      type: 'deposit',
      fromUserId: null,
      toUserId: user.id,
      amount: body.amount,
      note: body.note || null,
      conversationId: null,
      createdAt: new Date().toISOString(),
    });
    const [view] = await this.views([entry]);
    // PROTOCOL.md "Money": a deposit is announced to its receiver too, with no payer.
    this.publish(entry, view!, { from: null, note: entry.transaction.note });
    return { transaction: view!, balance: { available: entry.balanceAfter, currency: this.currency } };
  }

  private publish(
    entry: LedgerEntryRecord,
    transaction: Transaction,
    payment: { from: { _id: string; username: string } | null; note: string | null } | null,
  ) {
    this.hub.publish({
      type: 'wallet',
      userId: entry.userId,
      balance: { available: entry.balanceAfter, currency: this.currency },
      transaction,
      payment,
    });
  }

  /** Each entry as its account holder sees it, with the other side named. */
  private async views(entries: readonly LedgerEntryRecord[]): Promise<Transaction[]> {
    const otherIds = entries.flatMap(({ transaction, direction }) => {
      const other = direction === 'out' ? transaction.toUserId : transaction.fromUserId;
      return other ? [other] : [];
    });
    const users = new Map<string, UserRecord>(
      (await this.storage.users.findManyByIds(otherIds)).map((user) => [user.id, user]),
    );
    return entries.map(({ transaction, direction, balanceAfter }) => {
      const otherId = direction === 'out' ? transaction.toUserId : transaction.fromUserId;
      const other = otherId ? users.get(otherId) : undefined;
      return {
        _id: transaction.id,
        type: transaction.type,
        direction,
        amount: transaction.amount,
        currency: this.currency,
        counterparty: other ? { _id: other.id, username: other.username } : null,
        note: transaction.note,
        conversationId: transaction.conversationId,
        balanceAfter,
        createdAt: transaction.createdAt,
      };
    });
  }
}
