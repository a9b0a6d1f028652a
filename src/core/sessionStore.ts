import type { Session } from '../shared/contract/ipcContract';
import { authResultSchema, tokenPairSchema } from '../shared/protocol/auth';
import { ownUserSchema } from '../shared/protocol/entities';
import { z } from 'zod';
import type { KeyValueStore, SecretStore } from './ports';
import { RestError, restCall } from './restClient';

const REFRESH_TOKEN_KEY = 'refreshToken';
const PROFILE_KEY = 'session:profile';
const savedProfileSchema = z.object({ user: ownUserSchema, serverUrl: z.string() });

/**
 * The signed-in user and their tokens. The access token lives only in memory; the refresh token
 * only in the host's secret store. A refresh is shared by concurrent callers, so a burst of
 * expired calls spends the (rotating) refresh token once.
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
    },
  ) {
    this.serverUrl = deps.serverUrl;
    this.session = { user: null, serverUrl: deps.serverUrl, endedReason: null };
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
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
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

  async end(reason: string | null): Promise<Session> {
    this.token = null;
    await this.deps.secrets.delete(REFRESH_TOKEN_KEY);
    await this.deps.profiles?.delete(PROFILE_KEY).catch(() => undefined);
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
      this.token = pair.token;
      return true;
    } catch (error) {
      if (error instanceof RestError && error.error.code === 'UNAUTHORIZED') {
        await this.end('Your session has ended. Please log in again.');
      }
      return false;
    }
  }

  private async begin(result: z.infer<typeof authResultSchema>): Promise<Session> {
    await this.deps.secrets.set(REFRESH_TOKEN_KEY, result.refreshToken);
    this.token = result.token;
    return this.set({ user: result.user, serverUrl: this.serverUrl, endedReason: null });
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
