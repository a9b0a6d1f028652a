import type { Session } from '../shared/contract/ipcContract';
import { authResultSchema, tokenPairSchema } from '../shared/protocol/auth';
import { ownUserSchema } from '../shared/protocol/entities';
import { z } from 'zod';
import { accessTokenTimes, renewalTime } from './accessTokenTimes';
import type { KeyValueStore, SecretStore, SharedSession, SharedSessionUpdate } from './ports';
import { RestError, restCall } from './restClient';

const REFRESH_TOKEN_KEY = 'refreshToken';
const PROFILE_KEY = 'session:profile';
const savedProfileSchema = z.object({ user: ownUserSchema, serverUrl: z.string() });
/** Why a session ended when the server refused it (a refused refresh, a revoked login). */
const SESSION_ENDED_REASON = 'Your session has ended. Please log in again.';

/**
 * The signed-in user and their tokens. The access token lives only in memory; the refresh token
 * only in the host's secret store. A refresh is shared by concurrent callers, so a burst of
 * expired calls spends the (rotating) refresh token once.
 *
 * Where several engines share the login (`shared`: the web client's tabs), refreshes take turns
 * across them, each new pair is handed to the others, a logout ends every one of them, and an
 * engine with no token of its own (a new tab) takes the login another one holds.
 */
export class SessionStore {
  private session: Session;
  private token: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private serverUrl: string;

  constructor(
    private readonly deps: {
      serverUrl: string;
      secrets: SecretStore;
      /** Where the signed-in user's profile (never a token) is kept, to start offline as them. */
      profiles?: KeyValueStore;
      onChange: (session: Session) => void;
      /** A new access token (or none): sockets renew with it, and its renewal is scheduled. */
      onAccessToken?: (token: string | null) => void;
      /** Other engines sharing this login (see above). */
      shared?: SharedSession;
      /** Now, in ms (the host's clock): whether a token handed over is still worth using. */
      now?: () => number;
    },
  ) {
    this.serverUrl = deps.serverUrl;
    this.session = { user: null, serverUrl: deps.serverUrl, endedReason: null };
    deps.shared?.connect({
      onUpdate: (update) => void this.adopt(update),
      current: () => this.shareable(),
    });
  }

  get current(): Session {
    return this.session;
  }

  get accessToken(): string | null {
    return this.token;
  }

  async register(input: { username: string; email: string; password: string }): Promise<Session> {
    const result = await restCall(this.serverUrl, '/api/auth/register', authResultSchema, { body: input });
    return this.begin(result);
  }

  async logIn(login: string, password: string): Promise<Session> {
    const body = login.includes('@') ? { email: login, password } : { username: login, password };
    const result = await restCall(this.serverUrl, '/api/auth/login', authResultSchema, { body });
    return this.begin(result);
  }

  async logOut(): Promise<Session> {
    const refreshToken = await this.deps.secrets.get(REFRESH_TOKEN_KEY);
    if (refreshToken) {
      // Best effort: if the server is unreachable the token still leaves this device.
      await restCall(this.serverUrl, '/api/auth/logout', z.object({}), { body: { refreshToken } }).catch(
        () => undefined,
      );
    }
    return this.end(null);
  }

  /** The server ended this login (logout elsewhere, reuse detected): sign out, saying why. */
  async revoked(): Promise<Session> {
    if (!this.session.user) return this.session;
    return this.end(SESSION_ENDED_REASON);
  }

  /**
   * Signs back in from the stored refresh token; false when there is none or it was refused.
   * With the server out of reach, a session kept from the last run starts offline as its user
   * (their profile was kept with it): the app opens, and the connection refreshes the token
   * once the server answers.
   */
  async restore(): Promise<boolean> {
    if (!(await this.refresh())) return this.restoreOffline();
    try {
      const { user } = await restCall(this.serverUrl, '/api/auth/me', z.object({ user: ownUserSchema }), {
        token: this.token,
      });
      this.set({ user, serverUrl: this.serverUrl, endedReason: null });
      return true;
    } catch {
      return this.restoreOffline();
    }
  }

  private async restoreOffline(): Promise<boolean> {
    if (!this.deps.profiles || !(await this.hasSavedSession())) return false;
    const saved = savedProfileSchema.safeParse(await this.deps.profiles.get<unknown>(PROFILE_KEY));
    if (!saved.success || saved.data.serverUrl !== this.serverUrl) return false;
    this.set({ user: saved.data.user, serverUrl: this.serverUrl, endedReason: null });
    return true;
  }

  /** Trades the refresh token for a new pair; a refusal ends the session, a network error keeps it. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshInTurn().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * With other engines sharing the login, a refresh waits its turn, and first takes what another
   * one already has: a pair handed over while this one waited, or asked for now (this one may
   * have missed the hand-over while its page reloaded). Only then does it spend a refresh token,
   * so each token is spent once and the server never sees a reuse.
   *
   * Whether this engine's own copy was already spent is not left to how fast the others answer:
   * the engine that rotates a token records it as the newest (as a hash, shared by the engines).
   * An engine holding an older one waits for the newest pair, and if no engine has it any more,
   * signs only itself out: spending the old token would make the server end the login everywhere
   * (PROTOCOL.md: a reused refresh token revokes its whole family).
   */
  private async refreshInTurn(): Promise<boolean> {
    const shared = this.deps.shared;
    if (!shared) return this.doRefresh();
    const heldBefore = this.token;
    return shared.exclusive(async () => {
      if (this.token !== null && this.token !== heldBefore && this.fresh(this.token)) return true;
      const own = await this.deps.secrets.get(REFRESH_TOKEN_KEY);
      const spent = own !== null && !(await shared.isNewest(own));
      const held = await shared.request({ newestOnly: spent });
      if (held?.kind === 'signed-in' && held.serverUrl === this.serverUrl) {
        await this.adopt(held);
        if (this.fresh(held.accessToken)) return true;
      } else if (spent) {
        await this.end(SESSION_ENDED_REASON, { tellOthers: false });
        return false;
      }
      return this.doRefresh();
    });
  }

  /** A token that will not need renewing yet. */
  private fresh(token: string): boolean {
    const times = accessTokenTimes(token);
    return times !== null && renewalTime(times) > (this.deps.now ?? Date.now)();
  }

  /** What another engine sharing the login told this one: new tokens, or the end of it. */
  private async adopt(update: SharedSessionUpdate): Promise<void> {
    if (update.serverUrl !== this.serverUrl) return;
    if (update.kind === 'ended') {
      if (this.session.user) await this.end(update.reason, { tellOthers: false });
      return;
    }
    await this.deps.secrets.set(REFRESH_TOKEN_KEY, update.refreshToken);
    this.setToken(update.accessToken);
    if (update.user && this.session.user?._id !== update.user._id) {
      this.set({ user: update.user, serverUrl: this.serverUrl, endedReason: null });
    }
  }

  /** What this engine holds, for another one that asks (null when it holds no token). */
  private async shareable(): Promise<SharedSessionUpdate | null> {
    const refreshToken = await this.deps.secrets.get(REFRESH_TOKEN_KEY);
    if (!refreshToken || !this.token) return null;
    return {
      kind: 'signed-in',
      serverUrl: this.serverUrl,
      refreshToken,
      accessToken: this.token,
      user: this.session.user,
    };
  }

  /** A refresh token is kept (neither refused nor logged out): `restore` may still succeed. */
  async hasSavedSession(): Promise<boolean> {
    return (await this.deps.secrets.get(REFRESH_TOKEN_KEY)) !== null;
  }

  /** At start: the server an earlier run switched to, whose session the secret store holds; nothing ends. */
  adoptServer(serverUrl: string): void {
    this.serverUrl = serverUrl;
    this.set({ ...this.session, serverUrl });
  }

  /** Another server: the session there starts signed out. */
  async switchServer(serverUrl: string): Promise<Session> {
    if (this.session.user) await this.logOut();
    this.serverUrl = serverUrl;
    return this.end(null);
  }

  /** Signs out here (and, unless told otherwise, in every engine sharing the login), saying why. */
  async end(reason: string | null, options: { tellOthers?: boolean } = {}): Promise<Session> {
    this.setToken(null);
    await this.deps.secrets.delete(REFRESH_TOKEN_KEY);
    await this.deps.profiles?.delete(PROFILE_KEY).catch(() => undefined);
    if (options.tellOthers !== false) {
      await this.deps.shared?.recordNewest(null).catch(() => undefined);
      this.deps.shared?.publish({ kind: 'ended', serverUrl: this.serverUrl, reason });
    }
    return this.set({ user: null, serverUrl: this.serverUrl, endedReason: reason });
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = await this.deps.secrets.get(REFRESH_TOKEN_KEY);
    if (!refreshToken) return false;
    try {
      const pair = await restCall(this.serverUrl, '/api/auth/refresh', tokenPairSchema, {
        body: { refreshToken },
      });
      await this.deps.secrets.set(REFRESH_TOKEN_KEY, pair.refreshToken);
      await this.deps.shared?.recordNewest(pair.refreshToken);
      this.setToken(pair.token);
      // Even before a restore knows the user: another tab must not spend the token just spent.
      this.tellOthers(pair.refreshToken, pair.token, this.session.user);
      return true;
    } catch (error) {
      if (error instanceof RestError && error.error.code === 'UNAUTHORIZED') {
        await this.end(SESSION_ENDED_REASON);
      }
      return false;
    }
  }

  private async begin(result: z.infer<typeof authResultSchema>): Promise<Session> {
    await this.deps.secrets.set(REFRESH_TOKEN_KEY, result.refreshToken);
    await this.deps.shared?.recordNewest(result.refreshToken);
    this.setToken(result.token);
    const session = this.set({ user: result.user, serverUrl: this.serverUrl, endedReason: null });
    this.tellOthers(result.refreshToken, result.token, result.user);
    return session;
  }

  private tellOthers(refreshToken: string, accessToken: string, user: Session['user']): void {
    this.deps.shared?.publish({ kind: 'signed-in', serverUrl: this.serverUrl, refreshToken, accessToken, user });
  }

  private setToken(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    this.deps.onAccessToken?.(token);
  }

  private set(session: Session): Session {
    this.session = session;
    // Only a convenience for starting offline: a failed write costs nothing else.
    if (session.user)
      this.deps.profiles?.set(PROFILE_KEY, { user: session.user, serverUrl: session.serverUrl }).catch(() => undefined);
    this.deps.onChange(session);
    return session;
  }
}
