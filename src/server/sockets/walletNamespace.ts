import type { Namespace, Socket } from 'socket.io';
import { walletSyncSchema } from '../../shared/protocol/wallet';
import type { Logger } from '../logger';
import type { WalletService } from '../wallet/walletService';
import { userRoom } from './chatNamespace';
import type { AccessTokens } from '../auth/accessTokens';
import { handleEvent, handleHousekeeping } from './socketHandler';
import { guardSlowConsumer } from './slowConsumers';
import { attachSocketSession } from './socketSession';
import { identityOf } from './socketAuth';

/** The `/wallet` namespace: the balance on connect, catch-up on `wallet:sync`. */
export function attachWalletNamespace(
  wallet: Namespace,
  deps: { wallet: WalletService; accessTokens: AccessTokens; logger: Logger },
): void {
  wallet.on('connection', (socket: Socket) => {
    const { userId } = identityOf(socket);
    void socket.join(userRoom(userId));
    attachSocketSession(socket, deps);
    guardSlowConsumer(socket, deps.logger);
    deps.wallet.balance(userId).then(
      (balance) => socket.emit('wallet:connected', { userId, balance }),
      (error: unknown) => deps.logger.error({ err: error, userId }, 'could not read the balance'),
    );

    handleEvent(socket, deps.logger, 'wallet:sync', walletSyncSchema, async ({ after }) =>
      deps.wallet.since(userId, after),
    );
    handleHousekeeping(socket);
  });
}
