import { SOCKET_EVENTS as EVENTS } from '../../shared/protocol/socketEvents';
import type { Logger } from '../logger';
import type { WalletService } from '../wallet/walletService';
import { userRoom } from './chatNamespace';
import type { AccessTokens } from '../auth/accessTokens';
import { handleEvent, handleHousekeeping } from './socketHandler';
import { guardSlowConsumer } from './slowConsumers';
import { attachSocketSession } from './socketSession';
import { identityOf } from './socketAuth';
import type { WalletNamespace } from './socketTypes';

/** The `/wallet` namespace: the balance on connect, catch-up on `wallet:sync`. */
export function attachWalletNamespace(
  wallet: WalletNamespace,
  deps: { wallet: WalletService; accessTokens: AccessTokens; logger: Logger },
): void {
  wallet.on('connection', (socket) => {
    const { userId } = identityOf(socket);
    void socket.join(userRoom(userId));
    attachSocketSession(socket, deps);
    guardSlowConsumer(socket, deps.logger);
    deps.wallet.balance(userId).then(
      (balance) => socket.emit(EVENTS.walletConnected, { userId, balance }),
      (error: unknown) => deps.logger.error({ err: error, userId }, 'could not read the balance'),
    );

    handleEvent(socket, deps.logger, EVENTS.walletSync, async ({ after }) => deps.wallet.since(userId, after));
    handleHousekeeping(socket);
  });
}
