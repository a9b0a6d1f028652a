import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { type Stack, expect, test } from './fixtures';
import {
  DEMO_PASSWORD,
  bubble,
  composer,
  connection,
  conversationItem,
  logIn,
  openChat,
  payInChat,
  sendMessage,
  startChatWith,
  tickOf,
  toasts,
  wallet,
} from './ui';

/**
 * Issue 12, "Things a person should not have to guess": every notice follows "Notification
 * content", the web client shows the browser's notifications, rate limits say why and until when,
 * and presence heard before the connection dropped is not shown as current.
 */

/** Signs `username` in over REST, as another device of theirs would: their access token. */
async function tokenOf(stack: Stack, username: string): Promise<string> {
  const login = await fetch(`${stack.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as { data: { token: string } }).data.token;
}

async function idOf(stack: Stack, username: string): Promise<string> {
  const user = await stack.server.storage.users.findByLogin(username);
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

/** A REST call as the holder of `token`; its HTTP status. */
async function post(stack: Stack, token: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return response.status;
}

async function chooseNotificationContent(page: Page, label: 'Name and message' | 'Name only' | 'Nothing') {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  // The radios are drawn as cards: the label is what takes the click.
  await settings.getByText(label, { exact: true }).click();
  await expect(settings.getByRole('radio', { name: label, exact: true })).toBeChecked();
  await settings.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(settings).toBeHidden();
}

/**
 * Records every `new Notification(title, {body, tag})` the page makes (in `window.shownNotifications`,
 * each with its `onclick` to click), and lets the test decide the site's permission
 * (`window.notificationPermission`; what the browser itself granted when unset) and record each
 * `requestPermission()` (`window.permissionRequests`), which then grants.
 */
function recordNotifications(page: Page, permission?: NotificationPermission) {
  return page.addInitScript((initial) => {
    type Recorded = { title: string; body: string; tag: string; onclick: (() => void) | null; closed: boolean };
    const real = window.Notification;
    const state = window as unknown as {
      shownNotifications: Recorded[];
      permissionRequests: number;
      notificationPermission: NotificationPermission | undefined;
    };
    state.shownNotifications = [];
    state.permissionRequests = 0;
    state.notificationPermission = initial ?? undefined;
    class RecordedNotification {
      onclick: (() => void) | null = null;
      private readonly record: Recorded;
      constructor(title: string, options: { body?: string; tag?: string } = {}) {
        this.record = { title, body: options.body ?? '', tag: options.tag ?? '', onclick: null, closed: false };
        state.shownNotifications.push(this.record);
        // The test clicks through the record: it calls whatever handler the page set.
        this.record.onclick = () => this.onclick?.();
      }
      close() {
        this.record.closed = true;
      }
      static get permission(): NotificationPermission {
        return state.notificationPermission ?? real.permission;
      }
      static async requestPermission(): Promise<NotificationPermission> {
        state.permissionRequests += 1;
        state.notificationPermission = 'granted';
        return 'granted';
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true, writable: true });
  }, permission ?? null);
}

type Shown = { title: string; body: string; tag: string; closed: boolean };
const shownNotifications = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { shownNotifications: Shown[] }).shownNotifications.map(({ title, body, tag, closed }) => ({
      title,
      body,
      tag,
      closed,
    })),
  );

test.describe('web client: notices follow "Notification content"', () => {
  test('with "Nothing", a received payment toast shows neither sender nor note nor amount', async ({ page, stack }) => {
    await logIn(page, stack.web.url, 'alice');
    await chooseNotificationContent(page, 'Nothing');
    const bobToken = await tokenOf(stack, 'bob');
    const status = await post(
      stack,
      bobToken,
      '/api/wallet/transfers',
      { toUserId: await idOf(stack, 'alice'), amount: 1250, note: 'secret rent' },
      { 'idempotency-key': randomUUID() },
    );
    expect(status).toBe(201);
    const toast = toasts(page).first();
    await expect(toast).toContainText('You received a payment');
    await expect(toast).not.toContainText('bob');
    await expect(toast).not.toContainText('secret rent');
    await expect(toast).not.toContainText('12.50');
    // The wallet itself is the app's own screen, not a notice: it still says who and how much.
    await expect(wallet(page)).toContainText('secret rent');
  });
});

test.describe('web client: browser notifications', () => {
  test('a message for a conversation not in view shows a browser Notification; clicking it opens the chat', async ({
    page,
    context,
    stack,
    newUserPage,
  }) => {
    await context.grantPermissions(['notifications'], { origin: stack.web.url });
    await recordNotifications(page);
    await logIn(page, stack.web.url, 'alice');

    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(bob, 'alice');
    await sendMessage(bob, 'are you there?');

    await expect.poll(() => shownNotifications(page)).toHaveLength(1);
    const [shown] = await shownNotifications(page);
    expect(shown!.title).toContain('bob');
    expect(shown!.body).toContain('are you there?');
    // One per conversation: tagged with it, so a newer one replaces it.
    expect(shown!.tag).not.toBe('');

    await page.evaluate(() =>
      (window as unknown as { shownNotifications: { onclick: () => void }[] }).shownNotifications[0]!.onclick(),
    );
    await expect(bubble(page, 'are you there?')).toBeVisible();
    await expect(page.getByRole('main', { name: 'bob' })).toBeVisible();
  });

  test('with "Name only" a browser notification names the sender but not the text', async ({
    page,
    context,
    stack,
    newUserPage,
  }) => {
    await context.grantPermissions(['notifications'], { origin: stack.web.url });
    await recordNotifications(page);
    await logIn(page, stack.web.url, 'alice');
    await chooseNotificationContent(page, 'Name only');
    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(bob, 'alice');
    await sendMessage(bob, 'the private plan');
    await expect.poll(() => shownNotifications(page)).toHaveLength(1);
    const [shown] = await shownNotifications(page);
    expect(shown!.title).toContain('bob');
    expect(`${shown!.title} ${shown!.body}`).not.toContain('private plan');
  });

  test('turning notifications on in Settings asks the browser for permission, and a block is said', async ({
    page,
    stack,
  }) => {
    await recordNotifications(page, 'default');
    await logIn(page, stack.web.url, 'alice');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const toggle = settings.getByRole('checkbox', { name: 'Show notifications' });
    // Not on until the site may show them; nothing is asked before the user says so.
    await expect(toggle).not.toBeChecked();
    expect(await page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests)).toBe(0);
    await toggle.click();
    await expect(toggle).toBeChecked();
    expect(await page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests)).toBe(1);

    // The browser blocks them for the site (the user said no, or changed it in the browser).
    await page.evaluate(() => {
      (window as unknown as { notificationPermission: string }).notificationPermission = 'denied';
    });
    await settings.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(settings.getByRole('status').filter({ hasText: 'blocks notifications' })).toBeVisible();
    await expect(toggle).not.toBeChecked();
  });
});

test.describe('web client: rate limits say why and until when', () => {
  test.use({ serverEnv: { RATE_LIMITS: 'on' } });

  test('a message over the limit says it waits and when it goes, then goes', async ({ page, stack }) => {
    await logIn(page, stack.web.url, 'alice');
    const token = await tokenOf(stack, 'alice');
    const bobId = await idOf(stack, 'bob');
    expect(await post(stack, token, '/api/messages', { receiverId: bobId, content: 'from the phone' })).toBe(201);
    await openChat(page, 'bob');
    await composer(page).fill('one too many');
    // Another device of alice's uses up the rest of the send limit (30 per 10 s, PROTOCOL.md), at once.
    const statuses = await Promise.all(
      Array.from({ length: 29 }, (_, i) =>
        post(stack, token, '/api/messages', { receiverId: bobId, content: `from the phone ${i}` }),
      ),
    );
    expect(statuses.every((status) => status === 201)).toBe(true);
    await composer(page).press('Enter');
    await expect(bubble(page, 'one too many')).toContainText(/Waiting: too many messages, sending again in \d+ s/);
    // It goes by itself once the server's window has passed, and the notice with it.
    await expect(tickOf(page, 'one too many')).not.toHaveAccessibleName('Sending', { timeout: 20_000 });
    await expect(bubble(page, 'one too many')).not.toContainText('Waiting');
  });

  test('a payment over the limit says it waits and when it goes, in its toast and its wallet row', async ({
    page,
    stack,
  }) => {
    await logIn(page, stack.web.url, 'alice');
    // Another device of alice's uses up the transfer limit (10 a minute, PROTOCOL.md).
    const token = await tokenOf(stack, 'alice');
    const bobId = await idOf(stack, 'bob');
    for (let i = 1; i <= 10; i++) {
      const status = await post(
        stack,
        token,
        '/api/wallet/transfers',
        { toUserId: bobId, amount: 1 },
        { 'idempotency-key': randomUUID() },
      );
      expect(status).toBe(201);
    }
    const bobToken = await tokenOf(stack, 'bob');
    expect(
      await post(stack, bobToken, '/api/messages', { receiverId: await idOf(stack, 'alice'), content: 'hi' }),
    ).toBe(201);
    await openChat(page, 'bob');
    await payInChat(page, 'bob', '3', 'over the limit');
    await expect(toasts(page).filter({ hasText: 'Payment of $3.00 to bob' })).toContainText(
      /Waiting: too many payments, sending again in (\d+ min )?\d+ s/,
    );
    const row = wallet(page).getByRole('listitem').filter({ hasText: 'over the limit' });
    await expect(row).toContainText('Pending');
    await expect(row).toContainText(/Waiting: too many payments, sending again in (\d+ min )?\d+ s/);
  });
});

test.describe('web client: presence while offline', () => {
  test('a peer shown online is marked as not current once the own connection is down', async ({
    page,
    stack,
    newUserPage,
  }) => {
    test.slow(); // the server stops and starts again, and both pages reconnect with backoff
    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(bob, 'alice');
    await sendMessage(bob, 'hi alice');

    await logIn(page, stack.web.url, 'alice');
    await openChat(page, 'bob');
    const presence = page.getByRole('main', { name: 'bob' }).locator('.presence-line');
    await expect(presence).toHaveText('online');
    const dot = conversationItem(page, 'bob').locator('.presence-dot');
    await expect(dot).not.toHaveClass(/is-stale/);

    await stack.stopServer();
    await expect(connection(page)).not.toHaveText('Online');
    await expect(presence).toContainText('status unknown while offline');
    await expect(presence).not.toHaveText('online');
    await expect(dot).toHaveClass(/is-stale/);

    await stack.startServerAgain();
    await expect(connection(page)).toHaveText('Online', { timeout: 20_000 });
    await expect(presence).toHaveText('online');
    await expect(dot).not.toHaveClass(/is-stale/);
  });
});
