import { ApiError } from './apiError';
import type { AuthService } from './auth/authService';
import type { ChatService } from './chat/chatService';
import type { Storage } from './storage/storagePort';
import type { WalletService } from './wallet/walletService';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;
export const DEMO_GROUP_TITLE = 'Demo group';
/** What each demo wallet starts with, in minor units: 1,000.00. */
export const DEMO_FUNDS = 100_000;

/**
 * Demo accounts for `--demo`, each with a funded wallet, and a group of all three. Created once
 * and left alone afterwards, so a restart keeps whatever the demo users did.
 */
export async function seedDemo(deps: {
  auth: Pick<AuthService, 'register'>;
  chat: Pick<ChatService, 'createGroup'>;
  wallet: Pick<WalletService, 'deposit'>;
  storage: Storage;
}): Promise<void> {
  const created: { userId: string; username: string }[] = [];
  for (const username of DEMO_USERS) {
    try {
      const { user } = await deps.auth.register({
        username,
        email: `${username}@example.com`,
        password: DEMO_PASSWORD,
      });
      created.push({ userId: user._id, username });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    }
  }
  for (const { userId } of created) {
    await deps.wallet.deposit({ userId, amount: DEMO_FUNDS, note: 'Demo funds' });
  }
  // The group is made with the first seeding, when all three accounts are new.
  if (created.length === DEMO_USERS.length) {
    const [first, ...others] = created;
    await deps.chat.createGroup(
      first!,
      DEMO_GROUP_TITLE,
      others.map((user) => user.userId),
    );
  }
}
