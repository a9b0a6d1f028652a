import { afterAll, beforeAll, expect } from 'vitest';
import type { z } from 'zod';
import { failureEnvelopeSchema } from '../../../src/shared/protocol/errors';
import { type TestServer, call, registerUser, removeDataDir, startTestServer, uniqueName } from './testServer';

/** A registered user as the REST tests hold it. */
export type Account = { token: string; email: string; user: { _id: string; username: string } };

type Reply = { status: number; body: Record<string, unknown>; headers: Headers };
type Options = { body?: unknown; headers?: Record<string, string>; rawBody?: string };

/**
 * REST calls for the chat and wallet tests. Every answer is checked against the protocol's
 * privacy rule on the way through: no password hash, and no email but the caller's own.
 */
export class RestApi {
  private readonly emails = new Set<string>();

  constructor(private readonly server: TestServer) {}

  get url(): string {
    return this.server.url;
  }

  /** How many users this helper registered (all users of a fresh server). */
  get registered(): number {
    return this.emails.size;
  }

  /** Registers a user named `uniqueName(prefix)`, or exactly `username` when given. */
  async register(prefix = 'user', username = uniqueName(prefix)): Promise<Account> {
    const { token, user } = await registerUser(this.server.url, username);
    const email = `${username}@example.com`.toLowerCase();
    this.emails.add(email);
    return { token, email, user: { _id: user._id, username: user.username } };
  }

  /** Registers several users at once (the password hash is the slow part). */
  registerMany(count: number, prefix = 'user'): Promise<Account[]> {
    return Promise.all(Array.from({ length: count }, () => this.register(prefix)));
  }

  /** Calls a route as `as` (null: without a token). */
  async call(as: Account | null, method: string, route: string, options: Options = {}): Promise<Reply> {
    const reply = await call(this.server.url, method, route, { ...options, ...(as && { token: as.token }) });
    this.checkPrivacy(as, reply);
    return reply;
  }

  /** Calls a route that must succeed with `status`, and returns its `data` parsed by `schema`. */
  async ok<S extends z.ZodType>(
    schema: S,
    as: Account,
    method: string,
    route: string,
    options: Options & { status?: number } = {},
  ): Promise<z.output<S>> {
    const reply = await this.call(as, method, route, options);
    expect(reply.body, `${method} ${route}`).toMatchObject({ success: true });
    expect(reply.status, `${method} ${route}`).toBe(options.status ?? 200);
    return schema.parse(reply.body.data);
  }

  /** Calls a route that must fail with `status` and `code`; returns the failure envelope. */
  async fails(
    status: number,
    code: string,
    as: Account | null,
    method: string,
    route: string,
    options: Options = {},
  ): Promise<z.output<typeof failureEnvelopeSchema> & { headers: Headers }> {
    const reply = await this.call(as, method, route, options);
    expect({ status: reply.status, code: reply.body.code }, `${method} ${route}`).toEqual({ status, code });
    return { ...failureEnvelopeSchema.parse(reply.body), headers: reply.headers };
  }

  private checkPrivacy(as: Account | null, reply: Reply): void {
    const text = JSON.stringify(reply.body).toLowerCase();
    expect(text).not.toMatch(/scrypt\$|password/);
    for (const email of this.emails) {
      if (email !== as?.email) expect(text, "another user's email leaked").not.toContain(email);
    }
  }
}

/** The fields of a failure's `details`, sorted and without repeats. */
export function detailFields(failure: { details?: { field: string }[] | undefined }): string[] {
  return [...new Set((failure.details ?? []).map((detail) => detail.field))].sort();
}

/** One server for a whole test file (with `env`), and a `RestApi` on it; `use` receives both once started. */
export function useRestApi(env: Record<string, string>, use: (api: RestApi, server: TestServer) => void): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env);
    use(new RestApi(server), server);
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });
}
