import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { userSchema } from '../../src/shared/protocol/entities';
import { type Account, type RestApi, detailFields, useRestApi } from './support/restApi';
import { type TestServer } from './support/testServer';

const usersPageSchema = z.object({
  users: z.array(userSchema),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
});
const onlineSchema = z.object({ users: z.array(userSchema), totalOnline: z.number().int() });
const searchSchema = z.object({ users: z.array(userSchema) });

let server: TestServer;
let api: RestApi;
useRestApi({}, (shared, started) => {
  api = shared;
  server = started;
});

/** A token of letters no other username in this file contains. */
function marker(): string {
  return `Q${Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 5)}x`;
}

describe('GET /api/users', () => {
  it('pages through every user exactly once, with page, limit and total', async () => {
    const [me] = await api.registerMany(5, 'pg');
    const total = api.registered;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 2); page += 1) {
      const data = await api.ok(usersPageSchema, me!, 'GET', `/api/users?page=${page}&limit=2`);
      expect({ page: data.page, limit: data.limit, total: data.total }).toEqual({ page, limit: 2, total });
      expect(data.users.length).toBe(Math.min(2, total - (page - 1) * 2));
      seen.push(...data.users.map((user) => user._id));
    }
    expect(new Set(seen).size).toBe(total);
    const past = await api.ok(usersPageSchema, me!, 'GET', `/api/users?page=${total + 1}&limit=2`);
    expect(past).toMatchObject({ users: [], total });
  });

  it('defaults to page 1 with limit 20 and accepts limit 100', async () => {
    const me = await api.register();
    const data = await api.ok(usersPageSchema, me, 'GET', '/api/users');
    expect({ page: data.page, limit: data.limit, total: data.total }).toEqual({
      page: 1,
      limit: 20,
      total: api.registered,
    });
    const all = await api.ok(usersPageSchema, me, 'GET', '/api/users?limit=100');
    expect(all.users.map((user) => user._id)).toContain(me.user._id);
  });

  it.each(['limit=101', 'limit=0', 'limit=abc', 'page=0', 'page=-1', 'limit=2.5'])(
    'refuses %s with 400 naming the field',
    async (query) => {
      const me = await api.register();
      const failure = await api.fails(400, 'VALIDATION_FAILED', me, 'GET', `/api/users?${query}`);
      expect(detailFields(failure)).toEqual([query.split('=')[0]]);
    },
  );
});

describe('GET /api/users/online', () => {
  function connect(account: Account): Promise<Socket> {
    const socket = io(`${server.url}/chat`, {
      auth: { token: account.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('chat:connected', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async function onlineIds(as: Account): Promise<string[]> {
    const data = await api.ok(onlineSchema, as, 'GET', '/api/users/online');
    expect(data.totalOnline).toBe(data.users.length);
    for (const user of data.users) expect(user.isOnline).toBe(true);
    return data.users.map((user) => user._id).sort();
  }

  it('lists a user while a /chat socket of theirs is connected, once however many sessions', async () => {
    const [alice, bob] = await api.registerMany(2, 'on');
    expect(await onlineIds(bob!)).toEqual([]);
    const first = await connect(alice!);
    const second = await connect(alice!);
    try {
      expect(await onlineIds(bob!)).toEqual([alice!.user._id]);
      const listed = await api.ok(usersPageSchema, bob!, 'GET', '/api/users?limit=100');
      expect(listed.users.find((user) => user._id === alice!.user._id)?.isOnline).toBe(true);
      expect(listed.users.find((user) => user._id === bob!.user._id)?.isOnline).toBe(false);
      first.disconnect();
      // One session left (once the server has seen the other go): still online.
      const chat = server.io.of('/chat');
      const deadline = Date.now() + 3000;
      while (chat.sockets.size > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(chat.sockets.size).toBe(1);
      expect(await onlineIds(bob!)).toEqual([alice!.user._id]);
    } finally {
      first.disconnect();
      second.disconnect();
    }
    const deadline = Date.now() + 3000;
    while ((await onlineIds(bob!)).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await onlineIds(bob!)).toEqual([]);
    const after = await api.ok(usersPageSchema, bob!, 'GET', '/api/users?limit=100');
    const seen = after.users.find((user) => user._id === alice!.user._id);
    expect(seen).toMatchObject({ isOnline: false, lastSeen: expect.any(String) });
  });
});

describe('GET /api/users/search', () => {
  async function search(as: Account, query: string): Promise<string[]> {
    const data = await api.ok(searchSchema, as, 'GET', `/api/users/search?query=${encodeURIComponent(query)}`);
    return data.users.map((user) => user.username);
  }

  it('matches a substring case-insensitively, prefix matches first, never the caller', async () => {
    const token = marker();
    const names = [`b_${token}_x`, `a${token.toLowerCase()}`, `${token}zeta`, `${token.toUpperCase()}mid`];
    const me = await api.register('s', `${token}self`);
    await Promise.all([...names, `${token.slice(0, 3)}other`].map((name) => api.register('s', name)));
    const found = await search(me, token.toLowerCase());
    expect(found.slice(0, 2).sort()).toEqual([`${token}zeta`, `${token.toUpperCase()}mid`].sort());
    expect(found.slice(2).sort()).toEqual([`a${token.toLowerCase()}`, `b_${token}_x`].sort());
    expect(await search(me, token.toUpperCase())).toEqual(found);
  });

  it('answers at most 20 users, prefix matches kept first', async () => {
    const token = marker();
    const me = await api.register();
    const substring = Array.from({ length: 20 }, (_, index) => `a${String(index).padStart(2, '0')}${token}`);
    const prefix = [`${token}1`, `${token}2`];
    await Promise.all([...substring, ...prefix].map((name) => api.register('s', name)));
    const found = await search(me, token);
    expect(found.length).toBe(20);
    expect(new Set(found).size).toBe(20);
    expect(found.slice(0, 2).sort()).toEqual(prefix);
  });

  it('treats %, _ and \\ in the query as themselves, not as wildcards', async () => {
    const token = marker();
    const me = await api.register();
    await Promise.all([`${token}a_b`, `${token}acb`, `${token}a.b`].map((name) => api.register('s', name)));
    expect(await search(me, `${token}a_b`)).toEqual([`${token}a_b`]);
    expect(await search(me, 'a_b'.replace('_', '%'))).toEqual([]);
    expect(await search(me, '%')).toEqual([]);
    expect(await search(me, '\\')).toEqual([]);
    expect(await search(me, `${token}a.b`)).toEqual([`${token}a.b`]);
  });

  it.each([
    ['no query', ''],
    ['an empty query', '?query='],
    ['a blank query', '?query=%20%20'],
    ['a query over 64 characters', `?query=${'a'.repeat(65)}`],
  ])('refuses %s with 400', async (_, suffix) => {
    const me = await api.register();
    const failure = await api.fails(400, 'VALIDATION_FAILED', me, 'GET', `/api/users/search${suffix}`);
    expect(detailFields(failure)).toEqual(['query']);
  });
});

describe('authentication', () => {
  it.each(['/api/users', '/api/users/online', '/api/users/search?query=abc'])(
    'GET %s without a token or with a bad one is 401',
    async (route) => {
      await api.fails(401, 'UNAUTHORIZED', null, 'GET', route);
      const forged = { token: 'not.a.jwt', email: '', user: { _id: 'x', username: 'x' } };
      await api.fails(401, 'UNAUTHORIZED', forged, 'GET', route);
    },
  );
});
