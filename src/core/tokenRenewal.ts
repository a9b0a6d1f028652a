import { accessTokenTimes, renewalTime } from './accessTokenTimes';
import type { Clock, Logger, TimerHandle } from './ports';

/** How long a failed renewal (the server out of reach) waits before trying again, in ms. */
const RETRY_MS = 5_000;

/**
 * Renews the access token shortly before it expires (see `renewalTime`), so neither REST calls
 * nor the sockets ever meet an expired one and the signed-in user never notices (PROTOCOL.md,
 * "Sessions on sockets"). Each new token — renewed here, refreshed after a 401, or handed over
 * by another tab — is given to `track`, which plans the next renewal.
 */
export class TokenRenewal {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      /** Trades the refresh token for a new pair; true when a new access token arrived. */
      refresh: () => Promise<boolean>;
    },
  ) {}

  /** The current access token (null: signed out, nothing to renew). */
  track(token: string | null): void {
    this.cancel();
    const times = token === null ? null : accessTokenTimes(token);
    if (!times) return;
    this.schedule(renewalTime(times) - this.deps.clock.now(), times.expiresAt);
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(delayMs: number, expiresAt: number): void {
    this.timer = this.deps.clock.setTimeout(
      () => {
        this.timer = null;
        void this.deps.refresh().then(
          (renewed) => {
            // A new token has already called `track`. Without one (offline), try again while the
            // old token lasts; after that the next connect or call refreshes anyway.
            if (!renewed && !this.timer && this.deps.clock.now() + RETRY_MS < expiresAt) {
              this.schedule(RETRY_MS, expiresAt);
            }
          },
          (error: unknown) => this.deps.logger.warn('token renewal failed', { error: String(error) }),
        );
      },
      Math.max(0, delayMs),
    );
  }
}
