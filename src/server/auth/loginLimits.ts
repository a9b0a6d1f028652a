import type { RateLimiter } from '../rateLimiter';

/** What a login attempt reports back to its limits once the password was checked. */
export type LoginAttempt = {
  /** The password was right: this attempt does not count as a guess (resolves once handed back). */
  succeeded(): Promise<void>;
};

/** The limits of logins from one address, handed to `AuthService.logIn`. */
export type LoginGuard = {
  /**
   * Called once the identifier is resolved, before the password is checked. `account` is the
   * account's id, or for an identifier that names no account the identifier itself, lower-cased
   * (so an unknown name is limited the same way). Rejects with `RATE_LIMITED` when over a limit.
   */
  begin(account: { userId: string } | { unknownLogin: string }): Promise<LoginAttempt>;
};

/**
 * Login limits keyed on the ACCOUNT an identifier names, not on the identifier, so its username
 * and its email share one count (README, "Rate limits"). Each attempt is counted before the
 * password is checked (parallel guesses cannot slip past a limit) and handed back when the
 * password was right, so only failed checks count:
 * - per account and address: 10 a minute and 30 an hour (`loginAccountAddress*`);
 * - per account, from every address together: 100 an hour (`loginAccount`).
 * One address therefore never reaches the account's ceiling: a stranger guessing from one
 * address cannot lock the owner out, who still logs in from another.
 */
export class LoginLimits {
  constructor(private readonly limiter: RateLimiter) {}

  /** The guard for attempts from `address` (the client's IP address). */
  from(address: string): LoginGuard {
    return {
      begin: async (account) => {
        const accountKey = 'userId' in account ? `user:${account.userId}` : `login:${account.unknownLogin}`;
        const pairs = [
          ['loginAccountAddress', `${accountKey}|ip:${address}`],
          ['loginAccountAddressHourly', `${accountKey}|ip:${address}`],
          ['loginAccount', accountKey],
        ] as const;
        await this.limiter.consumeAll(pairs);
        return {
          succeeded: async () => {
            await Promise.all(pairs.map(([rule, key]) => this.limiter.refund(rule, key)));
          },
        };
      },
    };
  }
}
