import net from 'node:net';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureEnvelopeSchema } from '../../src/shared/protocol/errors';
import {
  WsProbe,
  codeMatchesStatus,
  connectSocket,
  databaseSnapshot,
  findLeak,
  forgeTokens,
  storageSnapshot,
} from './support/fuzzHarness';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from './support/testServer';

/**
 * Hostile input on every surface: REST, Socket.IO `/chat` and `/wallet`, `/ws` and raw bytes.
 * Inputs come from fast-check with a fixed seed (override with FUZZ_SEED=<n>), so a failure
 * names the seed and the exact input. Every input is built so that the server must refuse it
 * or answer it without writing anything, and each answer is checked for the exact protocol
 * status and code, the failure envelope, and anything that looks like a stack trace. After each
 * surface the whole database must be exactly as before, and the server must still be healthy.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';
const PASSWORD = 'correct horse battery';
const MAX_AMOUNT = 100_000_000;
const MALLORY_BALANCE = 300;

type User = { token: string; refreshToken: string; user: { _id: string; username: string } };
let server: TestServer;
let alice: User;
let bob: User;
let mallory: User;
let directId: string;
let groupId: string;
let aliceTransactionId: string;
let malloryTransactionIds: string[];
let forged: Awaited<ReturnType<typeof forgeTokens>>;
/** Strings that must never appear in an answer to mallory or to nobody. */
let secrets: string[];

async function post(route: string, body: unknown, headers: Record<string, string> = {}, token?: string) {
  const response = await call(server.url, 'POST', route, { body, headers, ...(token && { token }) });
  if (response.status >= 300) throw new Error(`${route} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_TOKEN });
  [alice, bob, mallory] = await Promise.all([
    registerUser(server.url, `alice_${process.pid}`),
    registerUser(server.url, `bob_${process.pid}`),
    registerUser(server.url, `mallory_${process.pid}`),
  ]);
  const admin = { 'X-Admin-Token': ADMIN_TOKEN };
  await post('/api/admin/deposits', { userId: alice.user._id, amount: 10_000 }, admin);
  await post('/api/admin/deposits', { userId: bob.user._id, amount: 5_000 }, admin);
  const malloryDeposit = await post(
    '/api/admin/deposits',
    { userId: mallory.user._id, amount: MALLORY_BALANCE },
    admin,
  );
  malloryTransactionIds = [(malloryDeposit.transaction as { _id: string })._id];
  const first = await post('/api/messages', { receiverId: bob.user._id, content: 'hello bob' }, {}, alice.token);
  directId = (first.message as { conversationId: string }).conversationId;
  await post('/api/messages', { receiverId: alice.user._id, content: 'hi alice', clientId: 'b-1' }, {}, bob.token);
  const group = await post(
    '/api/conversations',
    { type: 'group', title: 'secret plans', memberIds: [bob.user._id] },
    {},
    alice.token,
  );
  groupId = (group.conversation as { _id: string })._id;
  await post('/api/messages', { conversationId: groupId, content: 'the plan' }, {}, alice.token);
  const payment = await post(
    '/api/wallet/transfers',
    { toUserId: bob.user._id, amount: 1250, conversationId: directId, note: 'rent' },
    { 'Idempotency-Key': 'alice-rent' },
    alice.token,
  );
  aliceTransactionId = (payment.transaction as { _id: string })._id;
  forged = await forgeTokens(server.dataDir, mallory.user);
  secrets = [
    ADMIN_TOKEN,
    PASSWORD,
    alice.token,
    alice.refreshToken,
    bob.token,
    bob.refreshToken,
    mallory.refreshToken,
    `${alice.user.username}@example.com`.toLowerCase(),
    `${bob.user.username}@example.com`.toLowerCase(),
    'hello bob',
    'hi alice',
    'the plan',
    'secret plans',
  ];
});

afterAll(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

// --- what counts as valid, straight from the protocol ---------------------------------------

const ABSENT = Symbol('absent');
const isId = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isContent = (v: unknown) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 4000;
const isClientId = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 128;
const isMessageType = (v: unknown) => v === 'text' || v === 'image' || v === 'file';
const isAmount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_AMOUNT;
const isNote = (v: unknown) => typeof v === 'string' && v.trim().length <= 200;
const isTitle = (v: unknown) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 100;
const isSeq = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isUsername = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_.-]{3,32}$/.test(v);
const isPassword = (v: unknown) => typeof v === 'string' && v.length >= 8 && v.length <= 128;
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === ABSENT || check(v);
const present = (v: unknown) => v !== ABSENT;

/** Drops ABSENT fields, as a client that leaves a field out would. */
function bodyOf(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ABSENT));
}

// --- hostile values -------------------------------------------------------------------------

/** Printable text without ':' (answers may echo input; a ':' could fake a source position). */
const text = (maxLength: number) =>
  fc.string({ maxLength, unit: 'grapheme' }).map((value) => value.replaceAll(':', ';'));
const scalars = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    '',
    ' ',
    '\t\n',
    'NaN',
    'Infinity',
    '-1',
    '1e3',
    '0x10',
    '100',
    '\u0000',
    '\u202e\u202d',
    '💸💸',
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2f',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '"; DROP TABLE users; --',
    '{{7*7}}',
    '${7*7}',
    '__proto__',
    'constructor',
  ),
  fc.integer(),
  fc.double(),
  text(80),
  fc.constant('x'.repeat(5000)),
);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalars },
  { weight: 1, arbitrary: fc.array(scalars, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text(10), scalars, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ $gt: '' }, { toString: 'x' }, { length: 5 }, [[[[]]]]) },
  { weight: 1, arbitrary: fc.constant(ABSENT) },
);
const unknownIds = fc.constantFrom(
  'unknown-id-000',
  '../../etc/passwd',
  '..%2F..%2F',
  'x'.repeat(64),
  '0',
  ' ',
  'null',
  '*',
  '%',
  "' OR '1'='1",
);

/** One of the arbitraries, the generic `hostile` pool a third as often as each specific one. */
function oneOf<T>(...arbitraries: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof(...arbitraries.map((arbitrary) => ({ arbitrary, weight: arbitrary === hostile ? 1 : 3 })));
}
/** Values a lenient parser might read as a sequence number, but that are not a JSON integer. */
const seqNearMiss = fc.constantFrom<unknown>(null, true, false, '3', '', ' ', [2], [], {}, -1, 1.5, '0x10', 2 ** 53);

// --- REST cases -----------------------------------------------------------------------------

type RestCase = {
  label: string;
  method: string;
  path: string;
  token?: string | undefined;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** Allowed outcomes: "<status> <code>" for a failure, "<status> ok" for success. */
  expect: string[];
};

const fail = (status: number, code: string) => `${status} ${code}`;
const BAD = fail(400, 'VALIDATION_FAILED');

/** The cases, built once the world (users, conversations) exists. */
function restCases(): fc.Arbitrary<RestCase> {
  const A = alice.user._id;
  const M = mallory.user._id;
  const mToken = mallory.token;
  const foreignConversation = fc.constantFrom(directId, groupId);
  const someConversation = oneOf<unknown>(foreignConversation, unknownIds);
  const conversationOutcome = (id: unknown) =>
    id === directId || id === groupId ? fail(403, 'FORBIDDEN') : fail(404, 'NOT_FOUND');

  // POST /api/messages: never a real receiver, so nothing can be stored.
  const sendMessage = fc
    .record({
      route: fc.constantFrom('/api/messages', '/api/chat/personal/messages'),
      receiverId: oneOf<unknown>(fc.constant(M), unknownIds, hostile, fc.constant(ABSENT)),
      conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT), fc.constant(ABSENT)),
      content: oneOf<unknown>(fc.constantFrom('hi', ' padded ', 'x'.repeat(4000), '💸'), hostile),
      messageType: oneOf<unknown>(fc.constantFrom('text', 'image', 'file', ABSENT), hostile, fc.constant('payment')),
      clientId: oneOf<unknown>(fc.constantFrom('c-1', 'x'.repeat(128), ABSENT), hostile),
      extra: fc.constantFrom<Record<string, unknown>>({}, { userId: A }, { senderId: A, seq: 1 }, { _id: 'forged' }),
    })
    .map(({ route, extra, ...fields }): RestCase => {
      const valid =
        optional(isId)(fields.receiverId) &&
        optional(isId)(fields.conversationId) &&
        present(fields.receiverId) !== present(fields.conversationId) &&
        isContent(fields.content) &&
        optional(isMessageType)(fields.messageType) &&
        optional(isClientId)(fields.clientId);
      let outcome = BAD;
      if (valid && present(fields.conversationId)) outcome = conversationOutcome(fields.conversationId);
      else if (valid) outcome = fields.receiverId === M ? fail(422, 'INVALID_RECIPIENT') : fail(404, 'NOT_FOUND');
      return {
        label: 'send message',
        method: 'POST',
        path: route,
        token: mToken,
        body: { ...extra, ...bodyOf(fields) },
        expect: [outcome],
      };
    });

  // POST /api/wallet/transfers: refused for the key, the body, the recipient or the balance.
  const transfer = fc
    .record({
      key: oneOf<unknown>(fc.constantFrom(ABSENT, '', 'k'.repeat(256)), fc.uuid()),
      toUserId: oneOf<unknown>(fc.constant(M), unknownIds, hostile),
      amount: oneOf<unknown>(fc.integer({ min: 1, max: MAX_AMOUNT }), hostile),
      note: oneOf<unknown>(fc.constantFrom(ABSENT, 'note', 'n'.repeat(201)), hostile),
      conversationId: oneOf<unknown>(fc.constant(ABSENT), someConversation, hostile),
    })
    .map(({ key, ...fields }): RestCase => {
      const keyValid = typeof key === 'string' && key.length >= 1 && key.length <= 255;
      const bodyValid =
        isId(fields.toUserId) &&
        isAmount(fields.amount) &&
        optional(isNote)(fields.note) &&
        optional(isId)(fields.conversationId);
      return {
        label: 'transfer',
        method: 'POST',
        path: '/api/wallet/transfers',
        token: mToken,
        headers: keyValid || key === '' ? { 'Idempotency-Key': key as string } : {},
        body: bodyOf(fields),
        expect: [keyValid && bodyValid ? fail(422, 'INVALID_RECIPIENT') : BAD],
      };
    });

  // A well-formed transfer to a real user that mallory cannot afford, or through a conversation
  // that is not hers: amounts as JSON text, to test how numbers are read.
  const unaffordable = fc
    .record({
      amount: oneOf(
        fc.integer({ min: MALLORY_BALANCE + 1, max: MAX_AMOUNT }).map(String),
        fc.constantFrom('1000.0', '1e3', '3.01e2', '100000000', '1E4', '400.00'),
      ),
      conversationId: oneOf<unknown>(fc.constant(ABSENT), someConversation),
      key: fc.uuid(),
    })
    .map(({ amount, conversationId, key }): RestCase => {
      const conversation = conversationId === ABSENT ? '' : `,"conversationId":${JSON.stringify(conversationId)}`;
      return {
        label: 'unaffordable transfer',
        method: 'POST',
        path: '/api/wallet/transfers',
        token: mToken,
        headers: { 'Idempotency-Key': key, 'Content-Type': 'application/json' },
        rawBody: `{"toUserId":${JSON.stringify(A)},"amount":${amount}${conversation}}`,
        expect: [conversationId === ABSENT ? fail(422, 'INSUFFICIENT_FUNDS') : conversationOutcome(conversationId)],
      };
    });

  // Amounts no JSON number can carry, or no integer is.
  const rawAmounts = fc
    .constantFrom(
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '-0',
      '0',
      '-1',
      '0.5',
      '1.5',
      '00100',
      '0x10',
      '+5',
      '.5',
      '5.',
      '"5"',
      'null',
      'true',
      '[5]',
      '{"$numberInt":"5"}',
      '100000001',
      '9007199254740993',
      '-9007199254740993',
      '1e-7',
    )
    .map((amount): RestCase => ({
      label: 'raw amount',
      method: 'POST',
      path: '/api/wallet/transfers',
      token: mToken,
      headers: { 'Idempotency-Key': `raw-${amount}`, 'Content-Type': 'application/json' },
      rawBody: `{"toUserId":${JSON.stringify(A)},"amount":${amount}}`,
      expect: [BAD],
    }));

  // Deposits are for the operator only: every forged admin token is refused.
  const deposit = fc
    .record({
      adminToken: fc.constantFrom<unknown>(
        ABSENT,
        '',
        'x',
        ADMIN_TOKEN.slice(0, -1),
        `${ADMIN_TOKEN}x`,
        ADMIN_TOKEN.toUpperCase(),
        'y'.repeat(ADMIN_TOKEN.length),
        mToken,
      ),
      bearer: fc.constantFrom(undefined, mToken),
      userId: oneOf<unknown>(fc.constant(M), hostile),
      amount: oneOf<unknown>(fc.constant(1_000_000), hostile),
    })
    .map(({ adminToken, bearer, ...fields }): RestCase => ({
      label: 'forged deposit',
      method: 'POST',
      path: '/api/admin/deposits',
      token: bearer,
      headers: adminToken === ABSENT ? {} : { 'X-Admin-Token': adminToken as string },
      body: bodyOf(fields),
      expect: [fail(401, 'UNAUTHORIZED')],
    }));

  // Groups: never a set of members that could make one.
  const createGroup = fc
    .record({
      type: oneOf<unknown>(fc.constant('group'), fc.constantFrom('direct', 'GROUP', ABSENT), hostile),
      title: oneOf<unknown>(
        fc.constantFrom('plans', 't'.repeat(100)),
        fc.constantFrom('', '   ', 't'.repeat(101)),
        hostile,
      ),
      memberIds: oneOf<unknown>(
        fc.constantFrom([M], [M, M], ['unknown-id-000'], [A, 'unknown-id-000'], [A, bob.user._id, '../x']),
        fc.constantFrom(
          [],
          [A, 5],
          [''],
          Array.from({ length: 256 }, (_, i) => `u${i}`),
          A,
          ABSENT,
        ),
        hostile,
      ),
    })
    .map((fields): RestCase => {
      const members = fields.memberIds;
      const valid =
        fields.type === 'group' &&
        isTitle(fields.title) &&
        Array.isArray(members) &&
        members.length >= 1 &&
        members.length <= 255 &&
        members.every(isId);
      let outcome = BAD;
      if (valid) {
        const known = new Set([A, M, bob.user._id]);
        outcome = (members as string[]).every((id) => known.has(id))
          ? fail(422, 'INVALID_RECIPIENT')
          : fail(404, 'NOT_FOUND');
      }
      return {
        label: 'create group',
        method: 'POST',
        path: '/api/conversations',
        token: mToken,
        body: bodyOf(fields),
        expect: [outcome],
      };
    });

  // Read receipts on conversations mallory is not in.
  const markRead = fc
    .record({ id: someConversation, seq: oneOf<unknown>(fc.constantFrom(0, 1, 2 ** 53 - 1), seqNearMiss, hostile) })
    .map(({ id, seq }): RestCase => ({
      label: 'mark read',
      method: 'PUT',
      path: `/api/conversations/${encodeURIComponent(id as string)}/read`,
      token: mToken,
      body: bodyOf({ seq }),
      expect: [isSeq(seq) ? conversationOutcome(id) : BAD],
    }));

  // Path parameters: other people's conversations, unknown ids, traversal, bad encodings.
  const pathIds = oneOf(
    foreignConversation.map((id) => ({ raw: id, outcome: fail(403, 'FORBIDDEN') })),
    unknownIds.map((id) => ({ raw: encodeURIComponent(id), outcome: fail(404, 'NOT_FOUND') })),
    fc.constantFrom(
      { raw: 'x'.repeat(65), outcome: BAD },
      { raw: '..%2F..%2F..%2Fetc%2Fpasswd', outcome: fail(404, 'NOT_FOUND') },
      { raw: '%00', outcome: fail(404, 'NOT_FOUND') },
      { raw: '%C0%AF', outcome: 'any4xx' },
      { raw: '%E0%A4%A', outcome: 'any4xx' },
      { raw: '%', outcome: 'any4xx' },
      { raw: '%25', outcome: fail(404, 'NOT_FOUND') },
      { raw: encodeURIComponent('💸'), outcome: fail(404, 'NOT_FOUND') },
    ),
  );
  const conversationPaths = fc
    .record({
      id: pathIds,
      suffix: fc.constantFrom('', '/messages', '/messages?after=0', '/messages?before=5&limit=2'),
    })
    .map(({ id, suffix }): RestCase => ({
      label: 'conversation path',
      method: 'GET',
      path: `/api/conversations/${id.raw}${suffix}`,
      token: mToken,
      expect: id.outcome === 'any4xx' ? ['any4xx'] : [id.outcome],
    }));
  const userPaths = fc
    .record({
      id: oneOf(
        fc.constant({ raw: A, outcome: 'self-or-other' }),
        fc.constant({ raw: M, outcome: fail(422, 'INVALID_RECIPIENT') }),
        pathIds.filter((id) => id.outcome !== fail(403, 'FORBIDDEN')),
      ),
      route: fc.constantFrom('GET /api/messages/', 'PUT /api/messages/read/'),
    })
    .map(({ id, route }): RestCase => {
      const [method, prefix] = route.split(' ') as [string, string];
      // Mallory has no conversation with alice: an empty answer, and nothing written.
      const outcome = id.outcome === 'self-or-other' ? '200 ok' : id.outcome;
      return {
        label: 'user path',
        method,
        path: `${prefix}${id.raw}`,
        token: mToken,
        expect: outcome === 'any4xx' ? ['any4xx'] : [outcome],
      };
    });

  // Query strings.
  const number = (max: number) => (value: string | undefined) => {
    if (value === undefined) return true;
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 && n <= max;
  };
  const queryValue = oneOf<string | undefined>(
    fc.constantFrom(
      undefined,
      '1',
      '2',
      '20',
      '100',
      '0',
      '-1',
      'abc',
      '1.5',
      '1e9',
      '',
      '%00',
      '1000001',
      '201',
      'NaN',
      ' 3 ',
    ),
    fc.integer({ min: -5, max: 300 }).map(String),
  );
  const qs = (entries: Record<string, string | undefined>) => {
    const parts = Object.entries(entries)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  };
  const usersQuery = fc.record({ page: queryValue, limit: queryValue }).map(({ page, limit }): RestCase => ({
    label: 'users query',
    method: 'GET',
    path: `/api/users${qs({ page, limit })}`,
    token: mToken,
    expect: [number(1_000_000)(page) && number(100)(limit) ? '200 ok' : BAD],
  }));
  const searchQuery = oneOf<string | undefined>(
    fc.constantFrom(undefined, '', '   ', 'a', 'q'.repeat(64), 'q'.repeat(65), 'x'.repeat(10_000), '%', '_', "'", '*'),
    text(70),
  ).map((query): RestCase => ({
    label: 'search query',
    method: 'GET',
    path: `/api/users/search${qs({ query })}`,
    token: mToken,
    expect: [typeof query === 'string' && query.trim().length >= 1 && query.trim().length <= 64 ? '200 ok' : BAD],
  }));
  const transactionsQuery = fc
    .record({
      before: fc.constantFrom(undefined, aliceTransactionId, 'unknown-id-000', '', 'x'.repeat(65)),
      limit: queryValue,
    })
    .map(({ before, limit }): RestCase => {
      const valid = (before === undefined || isId(before)) && number(100)(limit);
      return {
        label: 'transactions query',
        method: 'GET',
        path: `/api/wallet/transactions${qs({ before, limit })}`,
        token: mToken,
        expect: [valid ? '200 ok' : BAD],
      };
    });
  const historyQuery = fc
    .record({
      before: queryValue,
      after: queryValue,
      limit: queryValue,
      pollution: fc.constantFrom('', '&__proto__[x]=1', '&constructor[prototype][x]=1', '&__proto__=1'),
    })
    .map(({ before, after, limit, pollution }): RestCase => {
      const seq = (value: string | undefined) =>
        value === undefined || (Number.isSafeInteger(Number(value)) && Number(value) >= 0);
      const valid = seq(before) && seq(after) && number(200)(limit) && (before === undefined || after === undefined);
      return {
        label: 'history query',
        method: 'GET',
        path: `/api/conversations/${directId}/messages${qs({ before, after, limit })}${pollution}`,
        token: mToken,
        // Validation comes before the membership check.
        expect: [valid ? fail(403, 'FORBIDDEN') : BAD],
      };
    });

  // Authorization headers that are not mallory's valid token.
  const authedGets = fc.constantFrom(
    '/api/auth/me',
    '/api/users',
    '/api/users/online',
    '/api/users/search?query=a',
    '/api/messages/conversations',
    '/api/messages/unread/count',
    '/api/wallet/balance',
    '/api/wallet/transactions',
    `/api/conversations/${directId}`,
    `/api/messages/${alice.user._id}`,
  );
  const badAuthorization = fc.constantFrom(
    { header: ABSENT, code: 'UNAUTHORIZED' },
    { header: '', code: 'UNAUTHORIZED' },
    { header: 'Bearer', code: 'UNAUTHORIZED' },
    { header: 'Bearer ', code: 'UNAUTHORIZED' },
    { header: 'Basic dXNlcjpwYXNzd29yZA==', code: 'UNAUTHORIZED' },
    { header: 'Bearer garbage', code: 'UNAUTHORIZED' },
    { header: 'Bearer a.b.c', code: 'UNAUTHORIZED' },
    { header: `Bearer ${'x'.repeat(3000)}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${mToken} extra`, code: 'UNAUTHORIZED' },
    { header: `Token ${mToken}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.expired}`, code: 'TOKEN_EXPIRED' },
    { header: `Bearer ${forged.wrongSecret}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.algNone}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.tamperedPayload}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.tamperedSignature}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.noSubject}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.numericSubject}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.notYetValid}`, code: 'UNAUTHORIZED' },
    { header: `Bearer ${forged.ghost}`, code: 'UNAUTHORIZED' },
  );
  const badTokens = fc.record({ path: authedGets, auth: badAuthorization }).map(({ path, auth }): RestCase => ({
    label: 'bad token',
    method: 'GET',
    path,
    headers: auth.header === ABSENT ? {} : { Authorization: auth.header as string },
    expect: [fail(401, auth.code)],
  }));
  const badTokenWrites = fc
    .record({
      auth: badAuthorization,
      route: fc.constantFrom('/api/messages', '/api/wallet/transfers', '/api/conversations'),
    })
    .map(({ auth, route }): RestCase => ({
      label: 'bad token write',
      method: 'POST',
      path: route,
      headers: {
        'Idempotency-Key': 'k-1',
        ...(auth.header === ABSENT ? {} : { Authorization: auth.header as string }),
      },
      body: {
        receiverId: alice.user._id,
        toUserId: alice.user._id,
        amount: 1,
        content: 'hi',
        type: 'group',
        title: 't',
        memberIds: [alice.user._id],
      },
      expect: [fail(401, auth.code)],
    }));

  // Auth routes: registration that is always invalid or taken, logins that never match.
  const takenUsername = fc.constantFrom(alice.user.username, alice.user.username.toUpperCase());
  const register = fc
    .record({
      username: oneOf<unknown>(
        takenUsername,
        fc.constantFrom('ab', 'a b', 'x'.repeat(33), 'name!', 'ü-user', '', ABSENT),
        hostile,
      ),
      email: oneOf<unknown>(
        fc.constantFrom('new-address@example.com'),
        fc.constantFrom('no-at-sign', 'a@', '@b.c', 'a@@b.c', `${'x'.repeat(250)}@e.com`, '', ABSENT),
        hostile,
      ),
      password: oneOf<unknown>(fc.constant(PASSWORD), fc.constantFrom('short', 'p'.repeat(129), '', ABSENT), hostile),
      extra: fc.constantFrom<Record<string, unknown>>({}, {}, { isAdmin: true }, { _id: 'chosen' }),
    })
    .map(({ extra, ...fields }): RestCase => {
      const email = fields.email;
      const valid =
        isUsername(fields.username) &&
        email === 'new-address@example.com' &&
        isPassword(fields.password) &&
        Object.keys(extra).length === 0;
      return {
        label: 'register',
        method: 'POST',
        path: '/api/auth/register',
        body: { ...bodyOf(fields), ...extra },
        expect: [valid ? fail(409, 'CONFLICT') : BAD],
      };
    });
  const login = fc
    .record({
      by: fc.constantFrom('username', 'email', 'both', 'neither'),
      login: oneOf<unknown>(fc.constantFrom(mallory.user.username, 'nobody-at-all'), hostile),
      password: oneOf<unknown>(fc.constantFrom('wrong password', 'x'), hostile),
      extra: fc.constantFrom<Record<string, unknown>>({}, {}, {}, { remember: true }),
    })
    .map(({ by, login, password, extra }): RestCase => {
      const body: Record<string, unknown> = { ...extra, ...bodyOf({ password }) };
      if (by === 'username' || by === 'both') Object.assign(body, bodyOf({ username: login }));
      if (by === 'email' || by === 'both') Object.assign(body, bodyOf({ email: login }));
      const loginValid = typeof login === 'string' && login.length >= 1 && login.length <= 254;
      const passwordValid = typeof password === 'string' && password.length >= 1 && password.length <= 128;
      const valid =
        (by === 'username' || by === 'email') && loginValid && passwordValid && Object.keys(extra).length === 0;
      return {
        label: 'login',
        method: 'POST',
        path: '/api/auth/login',
        body,
        expect: [valid ? fail(401, 'UNAUTHORIZED') : BAD],
      };
    });
  const refresh = fc
    .record({
      route: fc.constantFrom('/api/auth/refresh', '/api/auth/logout'),
      refreshToken: oneOf<unknown>(
        fc.constantFrom('forged-refresh-token', 'x'.repeat(512), 'x'.repeat(513), mallory.token),
        hostile,
      ),
    })
    .map(({ route, refreshToken }): RestCase => {
      const valid = typeof refreshToken === 'string' && refreshToken.length >= 1 && refreshToken.length <= 512;
      // Logging out of a session that does not exist is a no-op; refreshing it is refused.
      const outcome = !valid ? BAD : route.endsWith('logout') ? '200 ok' : fail(401, 'UNAUTHORIZED');
      return { label: 'refresh', method: 'POST', path: route, body: bodyOf({ refreshToken }), expect: [outcome] };
    });

  // Raw bodies: malformed JSON, prototype pollution, other content types, oversize, deep nesting.
  const bodyRoutes = fc.constantFrom(
    { method: 'POST', path: '/api/messages' },
    { method: 'POST', path: '/api/wallet/transfers' },
    { method: 'POST', path: '/api/conversations' },
    { method: 'PUT', path: `/api/conversations/${directId}/read` },
    { method: 'POST', path: '/api/auth/login' },
    { method: 'POST', path: '/api/auth/register' },
    { method: 'POST', path: '/api/auth/refresh' },
    { method: 'POST', path: '/api/admin/deposits' },
  );
  const malformedJson = fc.constantFrom(
    '{',
    '{"content":',
    '{"content":"hi"',
    '[',
    '{"a":1,}',
    "{'a':1}",
    'undefined',
    'NaN',
    '{"a":NaN}',
    '{"a":01}',
    '{"a":"\\x"}',
    '{"a":"\u0001"}',
    '{a:1}',
    '}{',
    '{"a":1}{"b":2}',
    '',
    '   ',
    '\u0000',
    '{"a":1}\u0000',
    `{"content":"${'x'.repeat(100)}`,
    '{"__proto__":{"polluted":1}}',
    '{"a":{"__proto__":{"polluted":1}}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"receiverId":"x","content":"hi","__proto__":{"isAdmin":true}}',
    '{"\\u005f_proto__":{"polluted":1}}',
    '[{"__proto__":{"polluted":1}}]',
  );
  const malformed = fc.record({ route: bodyRoutes, raw: malformedJson }).map(({ route, raw }): RestCase => ({
    label: 'malformed json',
    ...route,
    token: mToken,
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-malformed', 'X-Admin-Token': 'forged' },
    rawBody: raw,
    expect: [BAD],
  }));
  const deep = fc
    .record({ route: bodyRoutes, level: fc.constantFrom(0, 1, 2), kind: fc.constantFrom('[]', '{}') })
    // As deep as fits under the 64 KiB limit: 2 bytes a level for arrays, 6 for objects.
    .map(({ route, level, kind }) => ({
      route,
      kind,
      depth: (kind === '[]' ? [1000, 10_000, 32_000] : [1000, 5000, 10_900])[level]!,
    }))
    .map(({ route, depth, kind }): RestCase => ({
      label: 'deep nesting',
      ...route,
      token: mToken,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-deep', 'X-Admin-Token': 'forged' },
      rawBody:
        kind === '[]' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      // Valid JSON of the wrong shape: refused by the schema, or by the admin check first.
      expect: route.path === '/api/admin/deposits' ? [fail(401, 'UNAUTHORIZED')] : [BAD],
    }));
  const nonJsonBodies = fc
    .record({
      route: bodyRoutes.filter((route) => route.path !== '/api/admin/deposits'),
      contentType: fc.constantFrom(
        'text/plain',
        'text/html',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/octet-stream',
        'application/json-patch+json',
        'image/png',
      ),
    })
    .map(({ route, contentType }): RestCase => ({
      label: 'content type',
      ...route,
      token: mToken,
      headers: { 'Content-Type': contentType, 'Idempotency-Key': 'k-ct' },
      rawBody: JSON.stringify({ receiverId: mallory.user._id, content: 'hi', seq: 1, username: 'u', password: 'p' }),
      expect: [BAD],
    }));
  const oversize = fc
    .record({ route: bodyRoutes, size: fc.constantFrom(64 * 1024 + 1, 70_000, 200_000), json: fc.boolean() })
    .map(({ route, size, json }): RestCase => ({
      label: 'oversize body',
      ...route,
      token: mToken,
      headers: { 'Content-Type': json ? 'application/json' : 'text/plain', 'Idempotency-Key': 'k-big' },
      rawBody: json ? JSON.stringify({ content: 'x'.repeat(size) }) : 'x'.repeat(size),
      expect: [fail(413, 'PAYLOAD_TOO_LARGE')],
    }));

  // Routes and methods that do not exist.
  const unknownRoutes = fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: fc.constantFrom(
        '/api/nothing',
        '/api/admin',
        '/api/admin/users',
        '/api/wallet/transfers/1',
        '/api/users/1/delete',
        '/api/messages/x/y/z',
        '/api/%2e%2e/%2e%2e/etc/passwd',
        '/api/..%2f..%2fpackage.json',
        '/..%2f..%2fpackage.json',
        '/api/auth/register/../me',
        '/.env',
        '/api/health/../../..',
        '/socket.io.js',
        '/api/wallet/balance%00',
      ),
    })
    .filter(({ method, path }) => !(method === 'GET' && path === '/api/auth/register/../me'))
    .map(({ method, path }): RestCase => ({
      label: 'unknown route',
      method,
      path,
      token: mToken,
      expect: [fail(404, 'NOT_FOUND')],
    }));
  const wrongMethods = fc
    .record({
      method: fc.constantFrom('DELETE', 'PATCH'),
      path: fc.constantFrom(
        '/api/messages',
        '/api/wallet/balance',
        '/api/auth/me',
        `/api/conversations/${directId}`,
        '/api/admin/deposits',
      ),
    })
    .map(({ method, path }): RestCase => ({
      label: 'wrong method',
      method,
      path,
      token: mToken,
      expect: [fail(404, 'NOT_FOUND')],
    }));

  return fc.oneof(
    { weight: 12, arbitrary: sendMessage },
    { weight: 10, arbitrary: transfer },
    { weight: 4, arbitrary: unaffordable },
    { weight: 2, arbitrary: rawAmounts },
    { weight: 3, arbitrary: deposit },
    { weight: 5, arbitrary: createGroup },
    { weight: 3, arbitrary: markRead },
    { weight: 5, arbitrary: conversationPaths },
    { weight: 3, arbitrary: userPaths },
    { weight: 3, arbitrary: usersQuery },
    { weight: 3, arbitrary: searchQuery },
    { weight: 2, arbitrary: transactionsQuery },
    { weight: 3, arbitrary: historyQuery },
    { weight: 6, arbitrary: badTokens },
    { weight: 3, arbitrary: badTokenWrites },
    { weight: 1, arbitrary: register },
    { weight: 1, arbitrary: login },
    { weight: 2, arbitrary: refresh },
    { weight: 8, arbitrary: malformed },
    { weight: 2, arbitrary: deep },
    { weight: 4, arbitrary: nonJsonBodies },
    { weight: 2, arbitrary: oversize },
    { weight: 3, arbitrary: unknownRoutes },
    { weight: 1, arbitrary: wrongMethods },
  );
}

function describeCase(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (v === ABSENT ? '<absent>' : v));
  return json.length > 400 ? `${json.slice(0, 400)}…(${json.length} chars)` : json;
}

/** Checks a text that went to a hostile client: no internals, no one else's secrets. */
function leakProblem(text: string, allowed: string[] = []): string | null {
  const leak = findLeak(text);
  if (leak) return leak;
  const secret = secrets.find((value) => !allowed.includes(value) && text.includes(value));
  return secret ? `leaked a secret (${secret.slice(0, 12)}…)` : null;
}

async function runRestCase(testCase: RestCase): Promise<string | null> {
  const headers: Record<string, string> = { ...testCase.headers };
  if (testCase.token) headers.Authorization = `Bearer ${testCase.token}`;
  let body: string | undefined = testCase.rawBody;
  if (body === undefined && testCase.body !== undefined) {
    body = JSON.stringify(testCase.body);
    headers['Content-Type'] ??= 'application/json';
  }
  let status: number;
  let text: string;
  try {
    const response = await fetch(new URL(testCase.path, server.url), {
      method: testCase.method,
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return `request failed: ${(error as Error).message}`;
  }
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const leak = leakProblem(text);
  if (leak) return leak;
  let outcome: string;
  if (status >= 400) {
    const envelope = failureEnvelopeSchema.safeParse(parsed);
    if (!envelope.success) return `${status} without the failure envelope: ${text.slice(0, 200)}`;
    if (!codeMatchesStatus(envelope.data.code, status)) return `code ${envelope.data.code} with status ${status}`;
    if (envelope.data.message.trim() === '') return 'empty failure message';
    outcome = `${status} ${envelope.data.code}`;
  } else {
    if (parsed.success !== true || typeof parsed.data !== 'object') return `${status} without the success envelope`;
    outcome = `${status} ok`;
  }
  const allowed = testCase.expect.includes('any4xx')
    ? status >= 400 && status < 500
    : testCase.expect.includes(outcome);
  return allowed ? null : `expected ${testCase.expect.join(' | ')}, got ${outcome}: ${text.slice(0, 200)}`;
}

/** Runs `count` inputs `concurrency` at a time; returns one line per input that went wrong. */
async function runAll<T>(
  inputs: T[],
  concurrency: number,
  run: (input: T) => Promise<string | null>,
): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < inputs.length) {
        const index = next++;
        const input = inputs[index]!;
        const problem = await run(input);
        if (problem) problems.push(`#${index} ${problem}\n    input: ${describeCase(input)}`);
      }
    }),
  );
  return problems;
}

async function snapshot() {
  return {
    database: databaseSnapshot(server.dataDir),
    storage: await storageSnapshot(server, [alice.user._id, bob.user._id, mallory.user._id]),
  };
}

async function expectHealthy() {
  const health = await call(server.url, 'GET', '/api/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'ok', protocolVersion: 1 });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('x');
}

function report(problems: string[]): string {
  return `seed ${SEED} (rerun with FUZZ_SEED=${SEED}); ${problems.length} problem(s):\n${problems.slice(0, 25).join('\n')}`;
}

const REST_INPUTS = 800;
const CHAT_INPUTS = 260;
const WALLET_INPUTS = 60;
const WS_INPUTS = 200;

describe('fuzz', () => {
  it(`answers ${REST_INPUTS} hostile REST requests with the protocol's 4xx envelopes and writes nothing`, async () => {
    const before = await snapshot();
    const cases = fc.sample(restCases(), { seed: SEED, numRuns: REST_INPUTS });
    const problems = await runAll(cases, 8, runRestCase);
    expect(problems, report(problems)).toEqual([]);
    await expectHealthy();
    expect(await snapshot()).toEqual(before);
  });

  it(`answers ${CHAT_INPUTS} hostile /chat events and ${WALLET_INPUTS} /wallet events with failure acks and writes nothing`, async () => {
    const before = await snapshot();
    const chatInputs = fc.sample(chatCases(), { seed: SEED + 1, numRuns: CHAT_INPUTS });
    const walletInputs = fc.sample(walletCases(), { seed: SEED + 2, numRuns: WALLET_INPUTS });
    const problems = [
      ...(await runSocketCases('/chat', chatInputs, 3)),
      ...(await runSocketCases('/wallet', walletInputs, 1)),
    ];
    expect(problems, report(problems)).toEqual([]);
    await expectHealthy();
    expect(await snapshot()).toEqual(before);
  });

  it('drops a Socket.IO client that sends garbage packets or payloads over 64 KiB, and stays up', async () => {
    const before = await snapshot();
    const problems: string[] = [];
    for (const [index, packet] of GARBAGE_PACKETS.entries()) {
      const problem = await sendGarbagePacket(packet);
      if (problem) problems.push(`#${index} ${problem}\n    packet: ${describeCase(packet.slice(0, 200))}`);
    }
    expect(problems, report(problems)).toEqual([]);
    await expectHealthy();
    expect(await snapshot()).toEqual(before);
  });

  it(`answers ${WS_INPUTS} hostile /ws frames with error frames, keeps the connection, and writes nothing`, async () => {
    const before = await snapshot();
    const frames = fc.sample(wsCases(), { seed: SEED + 3, numRuns: WS_INPUTS });
    const problems = await runWsCases(frames);
    expect(problems, report(problems)).toEqual([]);
    await expectHealthy();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses Socket.IO handshakes with bad tokens with connect_error UNAUTHORIZED or TOKEN_EXPIRED', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'UNAUTHORIZED'],
      [null, 'UNAUTHORIZED'],
      [42, 'UNAUTHORIZED'],
      [{ token: mallory.token }, 'UNAUTHORIZED'],
      ['x'.repeat(5000), 'UNAUTHORIZED'],
      [forged.expired, 'TOKEN_EXPIRED'],
      [forged.wrongSecret, 'UNAUTHORIZED'],
      [forged.algNone, 'UNAUTHORIZED'],
      [forged.tamperedPayload, 'UNAUTHORIZED'],
      [forged.tamperedSignature, 'UNAUTHORIZED'],
      [forged.noSubject, 'UNAUTHORIZED'],
      [forged.numericSubject, 'UNAUTHORIZED'],
      [forged.notYetValid, 'UNAUTHORIZED'],
      [forged.ghost, 'UNAUTHORIZED'],
    ];
    for (const namespace of ['/chat', '/wallet'] as const) {
      for (const [token, code] of cases) {
        const refused = await connectSocket(server, namespace, token as string).then(
          (socket) => {
            socket.disconnect();
            return 'connected';
          },
          (error: Error) => error.message,
        );
        expect(refused, `${namespace} with ${String(token).slice(0, 30)}`).toBe(code);
      }
    }
  });

  it('closes /ws connections with bad tokens with 4401', async () => {
    const tokens = [
      null,
      '',
      'garbage',
      forged.expired,
      forged.wrongSecret,
      forged.algNone,
      forged.tamperedPayload,
      forged.noSubject,
      forged.ghost,
      'x'.repeat(5000),
    ];
    for (const token of tokens) {
      const probe = await WsProbe.open(server, token);
      const closed = await probe.closedWith();
      expect(closed?.code, `token ${String(token).slice(0, 20)}`).toBe(4401);
      expect(probe.frames.filter((frame) => frame.type !== 'error')).toEqual([]);
    }
    await expectHealthy();
  });

  it('answers raw protocol garbage on the HTTP port without a 5xx and stays up', async () => {
    const before = await snapshot();
    for (const request of RAW_REQUESTS) {
      const answer = await rawExchange(request);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      expect(Number(status ?? 0), `raw ${JSON.stringify(request.slice(0, 80))} → ${answer.slice(0, 120)}`).toBeLessThan(
        500,
      );
      expect(findLeak(answer), answer.slice(0, 300)).toBeNull();
    }
    await expectHealthy();
    expect(await snapshot()).toEqual(before);
  });
});

// --- Socket.IO ------------------------------------------------------------------------------

type SocketCase = {
  event: string;
  args: unknown[];
  /** false: emit without an ack callback. */
  ack: boolean;
  /** "ok", a failure code, "message:error <code>" (no ack: the error event), or "none". */
  expect: string;
  /** Extra check of an ok ack. */
  check?: 'empty-sync' | 'own-wallet' | 'own-user';
};

function chatCases(): fc.Arbitrary<SocketCase> {
  const A = alice.user._id;
  const M = mallory.user._id;
  const foreign = fc.constantFrom(directId, groupId);
  const someConversation = oneOf<unknown>(foreign, unknownIds);
  const conversationCode = (id: unknown) => (id === directId || id === groupId ? 'FORBIDDEN' : 'NOT_FOUND');
  const nonObject = fc.constantFrom<unknown>(
    ABSENT,
    null,
    'message',
    42,
    true,
    [],
    [{ content: 'hi' }],
    Buffer.from('binary'),
  );

  const send = fc
    .record({
      payload: oneOf<unknown>(
        fc.record({
          receiverId: oneOf<unknown>(fc.constant(M), unknownIds, hostile, fc.constant(ABSENT)),
          conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT), fc.constant(ABSENT)),
          content: oneOf<unknown>(fc.constantFrom('hi', 'x'.repeat(4000)), hostile),
          messageType: oneOf<unknown>(fc.constantFrom('text', 'file', ABSENT, 'payment'), hostile),
          clientId: oneOf<unknown>(fc.constantFrom('c-1', 'x'.repeat(128)), hostile),
          userId: fc.constantFrom(ABSENT, A),
        }),
        nonObject,
      ),
      ack: fc.boolean(),
      extraArgs: fc.constantFrom<unknown[]>([], [], ['extra'], [1, 2, 3], [{ content: 'second payload' }]),
    })
    .map(({ payload, ack, extraArgs }): SocketCase => {
      let code = 'VALIDATION_FAILED';
      if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && !Buffer.isBuffer(payload)) {
        const fields = payload as Record<string, unknown>;
        const valid =
          optional(isId)(fields.receiverId) &&
          optional(isId)(fields.conversationId) &&
          present(fields.receiverId) !== present(fields.conversationId) &&
          isContent(fields.content) &&
          optional(isMessageType)(fields.messageType) &&
          isClientId(fields.clientId);
        if (valid && present(fields.conversationId)) code = conversationCode(fields.conversationId);
        else if (valid) code = fields.receiverId === M ? 'INVALID_RECIPIENT' : 'NOT_FOUND';
      }
      const body =
        payload !== null && typeof payload === 'object' && !Array.isArray(payload) && !Buffer.isBuffer(payload)
          ? bodyOf(payload as Record<string, unknown>)
          : payload;
      const args = body === ABSENT ? [] : [body, ...extraArgs];
      return { event: 'message:send', args, ack, expect: ack ? code : `message:error ${code}` };
    });

  const seqEvents = fc
    .record({
      event: fc.constantFrom('message:ack', 'message:read'),
      conversationId: oneOf<unknown>(someConversation, hostile),
      seq: oneOf<unknown>(fc.constantFrom(0, 1, 3, 2 ** 53 - 1), seqNearMiss, hostile),
    })
    .map(({ event, ...fields }): SocketCase => {
      const valid = isId(fields.conversationId) && isSeq(fields.seq);
      return {
        event,
        args: [bodyOf(fields)],
        ack: true,
        expect: valid ? conversationCode(fields.conversationId) : 'VALIDATION_FAILED',
      };
    });

  const typing = fc
    .record({
      event: fc.constantFrom('typing:start', 'typing:stop'),
      receiverId: oneOf<unknown>(fc.constantFrom(A, M), unknownIds, hostile, fc.constant(ABSENT)),
      conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT)),
    })
    .map(({ event, ...fields }): SocketCase => {
      const valid =
        optional(isId)(fields.receiverId) &&
        optional(isId)(fields.conversationId) &&
        present(fields.receiverId) !== present(fields.conversationId);
      let expected = 'VALIDATION_FAILED';
      if (valid && present(fields.conversationId)) expected = conversationCode(fields.conversationId);
      // Typing to someone mallory has no conversation with is refused (NOT_FOUND) and creates nothing.
      else if (valid) expected = fields.receiverId === M ? 'INVALID_RECIPIENT' : 'NOT_FOUND';
      return { event, args: [bodyOf(fields)], ack: true, expect: expected };
    });

  const roomJoin = oneOf<unknown>(someConversation, hostile).map((conversationId): SocketCase => ({
    event: 'room:join',
    args: [bodyOf({ conversationId })],
    ack: true,
    expect: isId(conversationId) ? conversationCode(conversationId) : 'VALIDATION_FAILED',
  }));

  const sync = oneOf<unknown>(
    fc.constantFrom<unknown>(ABSENT, {}, { [directId]: 0 }, { [groupId]: 0, [directId]: 0, 'unknown-id-000': 7 }),
    fc.constantFrom<unknown>(
      { [directId]: -1 },
      { [directId]: 'abc' },
      { [directId]: 1.5 },
      { ['x'.repeat(65)]: 0 },
      { [directId]: null },
      'cursors',
      [],
      null,
    ),
    hostile,
  ).map((cursors): SocketCase => {
    const valid =
      cursors === ABSENT ||
      (cursors !== null &&
        typeof cursors === 'object' &&
        !Array.isArray(cursors) &&
        Object.entries(cursors).every(([key, value]) => isId(key) && isSeq(value)));
    return {
      event: 'sync',
      args: [bodyOf({ cursors })],
      ack: true,
      expect: valid ? 'ok' : 'VALIDATION_FAILED',
      ...(valid && { check: 'empty-sync' as const }),
    };
  });

  const legacy = fc
    .record({ event: fc.constantFrom('heartbeat', 'user:register'), payload: hostile })
    .map(({ event, payload }): SocketCase => ({
      event,
      args: payload === ABSENT ? [] : [payload],
      ack: true,
      expect: 'ok',
      ...(event === 'user:register' && { check: 'own-user' as const }),
    }));

  const unknownEvents = fc
    .record({
      event: fc.constantFrom(
        'nope',
        'admin:deposit',
        'wallet:transfer',
        'message:delete',
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'x'.repeat(1000),
        'message:send ',
      ),
      payload: hostile,
    })
    .map(({ event, payload }): SocketCase => ({
      event,
      args: payload === ABSENT ? [] : [payload],
      ack: false,
      expect: 'none',
    }));

  return fc.oneof(
    { weight: 8, arbitrary: send },
    { weight: 3, arbitrary: seqEvents },
    { weight: 3, arbitrary: typing },
    { weight: 2, arbitrary: roomJoin },
    { weight: 2, arbitrary: sync },
    { weight: 1, arbitrary: legacy },
    { weight: 2, arbitrary: unknownEvents },
  );
}

function walletCases(): fc.Arbitrary<SocketCase> {
  const sync = oneOf<unknown>(
    fc.constantFrom<unknown>(ABSENT, null, aliceTransactionId, 'unknown-id-000', malloryTransactionIds[0]),
    fc.constantFrom<unknown>(5, '', 'x'.repeat(65), {}, [], true),
    hostile,
  ).map((after): SocketCase => {
    const valid = after === ABSENT || after === null || isId(after);
    return {
      event: 'wallet:sync',
      args: [bodyOf({ after })],
      ack: true,
      expect: valid ? 'ok' : 'VALIDATION_FAILED',
      ...(valid && { check: 'own-wallet' as const }),
    };
  });
  const nonObject = fc
    .constantFrom<unknown>(null, 'sync', 7, [null])
    .map((payload): SocketCase => ({ event: 'wallet:sync', args: [payload], ack: true, expect: 'VALIDATION_FAILED' }));
  const other = fc.constantFrom<SocketCase>(
    { event: 'heartbeat', args: [], ack: true, expect: 'ok' },
    { event: 'user:register', args: [{ userId: 'someone' }], ack: true, expect: 'ok', check: 'own-user' },
    { event: 'message:send', args: [{ receiverId: 'x', content: 'hi', clientId: 'c' }], ack: false, expect: 'none' },
    { event: 'wallet:transfer', args: [{ toUserId: 'x', amount: 1 }], ack: false, expect: 'none' },
    { event: 'balance:updated', args: [{ available: 1e9 }], ack: false, expect: 'none' },
  );
  return fc.oneof({ weight: 5, arbitrary: sync }, { weight: 1, arbitrary: nonObject }, { weight: 2, arbitrary: other });
}

async function emitCase(socket: Socket, testCase: SocketCase, errors: unknown[]): Promise<string | null> {
  if (!testCase.ack) {
    const seen = errors.length;
    socket.emit(testCase.event, ...testCase.args);
    // The heartbeat's ack proves the server read (and survived) what came before it.
    const beat = (await socket
      .timeout(3000)
      .emitWithAck('heartbeat', {})
      .catch(() => null)) as { ok?: boolean } | null;
    if (beat?.ok !== true) return 'no heartbeat ack after the event (socket dead?)';
    if (testCase.expect === 'none')
      return errors.length === seen ? null : `unexpected message:error ${describeCase(errors.slice(seen))}`;
    // message:error arrives before the heartbeat ack only if the failure was synchronous; wait briefly.
    for (let i = 0; i < 50 && errors.length === seen; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const error = errors[seen] as { clientId?: unknown; code?: unknown; message?: unknown } | undefined;
    if (!error) return `expected ${testCase.expect}, got no message:error`;
    const leak = leakProblem(JSON.stringify(error));
    if (leak) return leak;
    const payload = testCase.args[0] as { clientId?: unknown } | undefined;
    const clientId = typeof payload?.clientId === 'string' && payload !== null ? payload.clientId : null;
    if (error.clientId !== clientId)
      return `message:error clientId ${String(error.clientId)}, expected ${String(clientId)}`;
    const got = `message:error ${String(error.code)}`;
    return got === testCase.expect ? null : `expected ${testCase.expect}, got ${got}`;
  }
  let ack: Record<string, unknown>;
  try {
    ack = (await socket.timeout(3000).emitWithAck(testCase.event, ...testCase.args)) as Record<string, unknown>;
  } catch {
    return `no ack within 3 s (connected: ${socket.connected})`;
  }
  const textOf = JSON.stringify(ack);
  const leak = leakProblem(textOf);
  if (leak) return leak;
  if (ack.ok === true) {
    if (testCase.expect !== 'ok') return `expected ${testCase.expect}, got ok: ${textOf.slice(0, 200)}`;
    if (testCase.check === 'empty-sync') {
      // Mallory is in no conversation: whatever cursors she names, she gets nothing of anyone's.
      if (JSON.stringify([ack.conversations, ack.messages, ack.hasMore]) !== '[[],[],false]')
        return `sync leaked: ${textOf.slice(0, 300)}`;
    }
    if (testCase.check === 'own-wallet') {
      const transactions = (ack.transactions ?? []) as { _id: string }[];
      const foreign = transactions.filter((transaction) => !malloryTransactionIds.includes(transaction._id));
      if (foreign.length > 0) return `wallet:sync leaked transactions: ${textOf.slice(0, 300)}`;
      if ((ack.balance as { available?: unknown })?.available !== MALLORY_BALANCE) return `wrong balance: ${textOf}`;
    }
    if (testCase.check === 'own-user' && ack.userId !== mallory.user._id) return `user:register answered ${textOf}`;
    return null;
  }
  if (ack.ok !== false || typeof ack.code !== 'string' || typeof ack.message !== 'string')
    return `malformed ack: ${textOf.slice(0, 200)}`;
  if (ack.code === 'INTERNAL') return `INTERNAL failure: ${textOf.slice(0, 200)}`;
  return ack.code === testCase.expect ? null : `expected ${testCase.expect}, got ${ack.code}: ${String(ack.message)}`;
}

async function runSocketCases(namespace: '/chat' | '/wallet', cases: SocketCase[], sockets: number): Promise<string[]> {
  const problems: string[] = [];
  const shares = Array.from({ length: sockets }, (_, share) => cases.filter((_, index) => index % sockets === share));
  await Promise.all(
    shares.map(async (share, shareIndex) => {
      const socket = await connectSocket(server, namespace, mallory.token);
      const errors: unknown[] = [];
      socket.on('message:error', (error: unknown) => errors.push(error));
      try {
        for (const [index, testCase] of share.entries()) {
          const problem = await emitCase(socket, testCase, errors);
          if (problem)
            problems.push(`${namespace}[${shareIndex}]#${index} ${problem}\n    input: ${describeCase(testCase)}`);
          if (!socket.connected) {
            problems.push(`${namespace} disconnected after ${describeCase(testCase)}`);
            return;
          }
        }
      } finally {
        socket.disconnect();
      }
    }),
  );
  return problems;
}

/** Socket.IO packets (as engine.io message payloads) no client library would send. */
const GARBAGE_PACKETS: string[] = [
  '2/chat,[',
  '2/chat,["message:send",{"content":1},',
  '2/chat,{"event":"message:send"}',
  '2/chat,"message:send"',
  '2/chat,[]',
  '2/chat,[null]',
  '2/chat,[42,{}]',
  '2/chat,[{"a":1}]',
  '2/chat,["__proto__",{"polluted":1}]',
  '2/chat,["constructor",{"prototype":{"polluted":1}}]',
  '2/chat,["hasOwnProperty",1]',
  '2/chat,9["sync",{"cursors":{}}]',
  '2/chat,99999999999999999999["heartbeat"]',
  '2/chat,-1["heartbeat"]',
  '2/chat,1e5["heartbeat"]',
  '3/chat,1[{"ok":true}]',
  '5-/chat,["message:send",{"_placeholder":true,"num":0}]',
  '51-/chat,["message:send",{"_placeholder":true,"num":99}]',
  '5999999999-/chat,["x"]',
  '0/admin,',
  '0/chat,{"token":"garbage"}',
  '1/chat,',
  '4/chat,"boom"',
  '9/chat,[]',
  'garbage',
  '',
  '2/../chat,["heartbeat"]',
  `2/chat,["message:send",${JSON.stringify({ receiverId: 'x', content: 'y'.repeat(70_000), clientId: 'c' })}]`,
  `2/chat,["${'e'.repeat(70_000)}"]`,
  `2/chat,${'['.repeat(20_000)}${']'.repeat(20_000)}`,
];

/** Sends one raw packet on a fresh socket; the server may drop that socket but must stay up. */
async function sendGarbagePacket(packet: string): Promise<string | null> {
  const socket = await connectSocket(server, '/chat', mallory.token);
  try {
    const engine = socket.io.engine as unknown as { write(data: string): void };
    const acks: unknown[] = [];
    socket.on('message:error', (error: unknown) => acks.push(error));
    engine.write(packet);
    // Whatever happened to this socket, a fresh one must work.
    await new Promise((resolve) => setTimeout(resolve, 30));
    for (const item of acks) {
      const leak = leakProblem(JSON.stringify(item));
      if (leak) return leak;
    }
    if (socket.connected) {
      const beat = (await socket
        .timeout(3000)
        .emitWithAck('heartbeat', {})
        .catch(() => 'dropped')) as unknown;
      if (beat !== 'dropped' && (beat as { ok?: unknown }).ok !== true)
        return `heartbeat answered ${describeCase(beat)}`;
    }
  } finally {
    socket.disconnect();
  }
  const fresh = await connectSocket(server, '/chat', mallory.token).catch((error: Error) => error);
  if (fresh instanceof Error) return `a fresh socket could not connect: ${fresh.message}`;
  try {
    const beat = (await fresh.timeout(3000).emitWithAck('heartbeat', {})) as { ok?: unknown };
    return beat.ok === true ? null : 'fresh socket got no heartbeat';
  } finally {
    fresh.disconnect();
  }
}

// --- /ws ------------------------------------------------------------------------------------

type WsCase = {
  frame: string | Buffer;
  /** An error code, "silent" (no frame back), "online_users", or "close" (an oversize frame). */
  expect: string;
};

function wsCases(): fc.Arbitrary<WsCase> {
  const A = alice.user._id;
  const M = mallory.user._id;
  const foreign = fc.constantFrom(directId, groupId);
  const someConversation = oneOf<unknown>(foreign, unknownIds);
  const conversationCode = (id: unknown) => (id === directId || id === groupId ? 'FORBIDDEN' : 'NOT_FOUND');
  const frame = (type: unknown, data: unknown) => JSON.stringify(bodyOf({ type, data }));

  const garbage = oneOf<WsCase>(
    fc
      .constantFrom(
        'not json',
        '{',
        '{"type":',
        '',
        ' ',
        'null',
        '42',
        '"chat_message"',
        '[]',
        '[{"type":"get_online_users"}]',
        '{}',
        '{"data":{}}',
        '{"type":5}',
        '{"type":""}',
        `{"type":"${'t'.repeat(65)}"}`,
        '{"type":null,"data":{}}',
        '{"type":["chat_message"]}',
        '{"type":"__proto__","data":{}}',
        '{"__proto__":{"polluted":1},"type":"get_online_users"}',
        '{"type":"constructor"}',
        '{"type":"toString"}',
        '{"type":"hasOwnProperty"}',
      )
      .map((raw) => ({
        frame: raw,
        // A frame that parses but whose own keys are fine is answered; the rest is an error.
        expect: raw === '{"__proto__":{"polluted":1},"type":"get_online_users"}' ? 'any' : 'VALIDATION_FAILED',
      })),
    text(60).map((raw) => ({ frame: raw, expect: 'VALIDATION_FAILED' })),
    fc
      .uint8Array({ minLength: 1, maxLength: 200 })
      .map((bytes) => ({ frame: Buffer.from(bytes), expect: 'VALIDATION_FAILED' })),
    fc
      .constantFrom('nope', 'admin', 'send_money', 'CHAT_MESSAGE', 'chat_message ', 'new_message', 'error')
      .map((type) => ({
        frame: frame(type, { receiverId: A, content: 'hi' }),
        expect: 'VALIDATION_FAILED',
      })),
  );

  const chatMessage = fc
    .record({
      data: oneOf<unknown>(
        fc.record({
          receiverId: oneOf<unknown>(fc.constant(M), unknownIds, hostile, fc.constant(ABSENT)),
          conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT), fc.constant(ABSENT)),
          content: oneOf<unknown>(fc.constantFrom('hi', 'x'.repeat(4000)), hostile),
          messageType: oneOf<unknown>(fc.constantFrom('text', ABSENT, 'payment'), hostile),
          clientId: oneOf<unknown>(fc.constantFrom('c-1', ABSENT), hostile),
        }),
        fc.constantFrom<unknown>(ABSENT, null, 'hi', 5, [], true),
      ),
    })
    .map(({ data }): WsCase => {
      let code = 'VALIDATION_FAILED';
      if (data === ABSENT) code = 'VALIDATION_FAILED';
      else if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
        const fields = data as Record<string, unknown>;
        const valid =
          optional(isId)(fields.receiverId) &&
          optional(isId)(fields.conversationId) &&
          present(fields.receiverId) !== present(fields.conversationId) &&
          isContent(fields.content) &&
          optional(isMessageType)(fields.messageType) &&
          optional(isClientId)(fields.clientId);
        if (valid && present(fields.conversationId)) code = conversationCode(fields.conversationId);
        else if (valid) code = fields.receiverId === M ? 'INVALID_RECIPIENT' : 'NOT_FOUND';
      }
      const body =
        data !== null && typeof data === 'object' && !Array.isArray(data)
          ? bodyOf(data as Record<string, unknown>)
          : data;
      return { frame: frame('chat_message', body), expect: code };
    });

  const markRead = fc
    .record({
      senderId: oneOf<unknown>(fc.constantFrom(A, M), unknownIds, hostile, fc.constant(ABSENT)),
      conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT)),
    })
    .map((fields): WsCase => {
      const valid =
        optional(isId)(fields.senderId) &&
        optional(isId)(fields.conversationId) &&
        present(fields.senderId) !== present(fields.conversationId);
      let code = 'VALIDATION_FAILED';
      if (valid && present(fields.conversationId)) code = conversationCode(fields.conversationId);
      // No conversation with alice yet: nothing to mark, nothing to say.
      else if (valid)
        code = fields.senderId === A ? 'silent' : fields.senderId === M ? 'INVALID_RECIPIENT' : 'NOT_FOUND';
      return { frame: frame('mark_read', bodyOf(fields)), expect: code };
    });

  const typing = fc
    .record({
      type: fc.constantFrom('typing_start', 'typing_stop'),
      receiverId: oneOf<unknown>(fc.constantFrom(A, M), unknownIds, hostile, fc.constant(ABSENT)),
      conversationId: oneOf<unknown>(someConversation, hostile, fc.constant(ABSENT)),
    })
    .map(({ type, ...fields }): WsCase => {
      const valid =
        optional(isId)(fields.receiverId) &&
        optional(isId)(fields.conversationId) &&
        present(fields.receiverId) !== present(fields.conversationId);
      let code = 'VALIDATION_FAILED';
      if (valid && present(fields.conversationId)) code = conversationCode(fields.conversationId);
      // No conversation with alice yet: typing to her is refused (NOT_FOUND), not dropped without a word.
      else if (valid) code = fields.receiverId === M ? 'INVALID_RECIPIENT' : 'NOT_FOUND';
      return { frame: frame(type, bodyOf(fields)), expect: code };
    });

  const online = hostile.map((data): WsCase => ({ frame: frame('get_online_users', data), expect: 'online_users' }));

  const oversize = fc.constantFrom(64 * 1024 + 1, 100_000).map((size): WsCase => ({
    frame: JSON.stringify({ type: 'chat_message', data: { receiverId: A, content: 'x'.repeat(size) } }),
    expect: 'close',
  }));

  return fc.oneof(
    { weight: 6, arbitrary: garbage },
    { weight: 6, arbitrary: chatMessage },
    { weight: 3, arbitrary: markRead },
    { weight: 3, arbitrary: typing },
    { weight: 1, arbitrary: online },
    { weight: 1, arbitrary: oversize },
  );
}

async function openMalloryWs(): Promise<WsProbe> {
  const probe = await WsProbe.open(server, mallory.token);
  const established = await probe.next('connection_established');
  if (!established) throw new Error('no connection_established');
  if (!(await probe.next('online_users'))) throw new Error('no online_users after connect');
  return probe;
}

async function runWsCases(cases: WsCase[]): Promise<string[]> {
  const problems: string[] = [];
  let probe = await openMalloryWs();
  try {
    for (const [index, testCase] of cases.entries()) {
      const problem = await runWsCase(probe, testCase);
      if (problem)
        problems.push(
          `#${index} ${problem}\n    input: ${describeCase(typeof testCase.frame === 'string' ? testCase.frame : `<${testCase.frame.length} bytes>`)} expect ${testCase.expect}`,
        );
      if (probe.closed) {
        if (testCase.expect !== 'close') problems.push(`#${index} the connection closed (${probe.closed.code})`);
        probe = await openMalloryWs();
      }
    }
  } finally {
    probe.close();
  }
  return problems;
}

async function runWsCase(probe: WsProbe, testCase: WsCase): Promise<string | null> {
  probe.skipped = [];
  probe.socket.send(testCase.frame);
  if (testCase.expect === 'close') {
    const closed = await probe.closedWith();
    return closed?.code === 1009 ? null : `expected close 1009, got ${describeCase(closed)}`;
  }
  if (testCase.expect === 'online_users') {
    const answer = await probe.next('online_users');
    if (!answer) return 'no online_users frame';
    const leftover = probe.skipped.filter((frame) => frame.type === 'error');
    return leftover.length ? `unexpected error frames ${describeCase(leftover)}` : null;
  }
  // A get_online_users after the frame marks the end of its answers.
  probe.socket.send(JSON.stringify({ type: 'get_online_users', data: {} }));
  const marker = await probe.next('online_users');
  if (!marker) return `no answer to the marker after the frame (closed: ${describeCase(probe.closed)})`;
  // Answers may overtake each other (they are async); collect errors that arrived by the marker,
  // then wait briefly for a late one if an error was expected and none came.
  let errors = probe.skipped.filter((frame) => frame.type === 'error');
  if (testCase.expect !== 'silent' && testCase.expect !== 'any' && errors.length === 0) {
    const late = await probe.next('error', 2000);
    if (late) errors = [late];
  }
  for (const error of errors) {
    const leak = leakProblem(JSON.stringify(error));
    if (leak) return leak;
  }
  if (testCase.expect === 'any') return null;
  if (testCase.expect === 'silent') return errors.length === 0 ? null : `unexpected error ${describeCase(errors)}`;
  const codes = errors.map((error) => (error.data as { code?: unknown } | null)?.code);
  if (codes.length !== 1) return `expected one error ${testCase.expect}, got ${describeCase(errors)}`;
  const data = errors[0]!.data as { message?: unknown };
  if (typeof data.message !== 'string' || data.message.trim() === '')
    return `error frame without a message: ${describeCase(errors)}`;
  return codes[0] === testCase.expect
    ? null
    : `expected ${testCase.expect}, got ${String(codes[0])}: ${String(data.message)}`;
}

// --- raw HTTP -------------------------------------------------------------------------------

const RAW_REQUESTS = [
  'GARBAGE\r\n\r\n',
  'GET / HTTP/9.9\r\n\r\n',
  'GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"a":',
  'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{"username":"a","password":"b"}',
  'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
  'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\nConnection: close\r\n\r\n0\r\n\r\n',
  `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
  `GET /api/${'p'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  'GET /api/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0000\r\nConnection: close\r\n\r\n',
  'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
  'GET /ws?token=x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: bad\r\nSec-WebSocket-Version: 99\r\n\r\n',
  'GET /socket.io/?EIO=4&transport=polling&sid=forged HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /socket.io/?EIO=99&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nConnection: close\r\n\r\ngarbage',
  'OPTIONS /api/messages HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n',
  'TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET http://evil.example/api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /api/health?\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
];

/** Writes bytes to the server and returns what came back before it closed (or 2 s passed). */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 2000);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('end', done);
    socket.on('error', done);
    socket.on('close', done);
    socket.write(request, 'latin1');
  });
}
