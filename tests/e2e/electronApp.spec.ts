import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ElectronApplication, type Page, _electron as electron } from '@playwright/test';
import { electronBinaryPath } from '../../src/launcher/electronBinary';
import { TEST_HOOKS_GLOBAL, type TestHooks } from '../../src/main/testHooks';
import { type Stack, expect, test } from './fixtures';
import { bubble, conversationItem, fillLogIn, logIn, messageLog, openChat, sendMessage, startChatWith } from './ui';

const binary = electronBinaryPath();

type Desktop = { app: ElectronApplication; page: Page; close(): Promise<void> };

/** The desktop app against the test's server, with its own user data directory and the test hooks. */
async function launchDesktop(stack: Stack): Promise<Desktop> {
  const userData = mkdtempSync(path.join(tmpdir(), 'messenger-desktop-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', '--no-sandbox'],
    env: {
      ...process.env,
      SERVER_URL: stack.server.url,
      MESSENGER_USER_DATA_DIR: userData,
      MESSENGER_TEST_HOOKS: '1',
    },
  });
  const page = await app.firstWindow();
  return {
    app,
    page,
    async close() {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn` in main on what it exposes with MESSENGER_TEST_HOOKS=1 (src/main/testHooks.ts).
 * The hooks object stays in main behind a handle and `fn` runs there on it, so `fn` is sent as
 * source text: it may use its argument and nothing else from this file.
 */
async function onHooks<R>(app: ElectronApplication, fn: (hooks: TestHooks) => R): Promise<R> {
  const hooks = await app.evaluateHandle(
    (_electron, name) => (globalThis as unknown as Record<string, TestHooks>)[name]!,
    TEST_HOOKS_GLOBAL,
  );
  try {
    return await hooks.evaluate(fn);
  } finally {
    await hooks.dispose();
  }
}

const notifications = (app: ElectronApplication) =>
  onHooks(app, (hooks) => hooks.notifications.map(({ title, body }) => ({ title, body })));
const trayState = (app: ElectronApplication) => onHooks(app, (hooks) => hooks.tray());

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'skipped: the Electron binary is not installed here (`npx install-electron` fetches it)');

  test('logs in through the preload contract and shows Online', async ({ stack }) => {
    const desktop = await launchDesktop(stack);
    try {
      const { page } = desktop;
      await fillLogIn(page, 'alice');
      // The page has the contract and nothing of Node or Electron, and comes from app://.
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys(window.api).sort())).toEqual(
        expect.arrayContaining(['logIn', 'downloadUpdate', 'on']),
      );
      expect(page.url()).toBe('app://messenger/index.html');
    } finally {
      await desktop.close();
    }
  });

  test('sends and receives; a notification click opens the conversation; the tray counts unread', async ({
    stack,
    newUserPage,
  }) => {
    const desktop = await launchDesktop(stack);
    try {
      const { app, page } = desktop;
      await fillLogIn(page, 'alice');
      const bob = await newUserPage();
      await logIn(bob, stack.web.url, 'bob');

      // Send from the desktop, receive on the web, and back.
      await startChatWith(page, 'bob');
      await sendMessage(page, 'Hello from the desktop');
      await expect(conversationItem(bob, 'alice')).toContainText('Hello from the desktop');
      await openChat(bob, 'alice');
      await sendMessage(bob, 'Hello from the web');
      await expect(bubble(page, 'Hello from the web')).toBeVisible();

      // Carol writes while Alice has Bob's conversation in view: a notification, and the tray counts it.
      const carol = await newUserPage();
      await logIn(carol, stack.web.url, 'carol');
      await startChatWith(carol, 'alice');
      await sendMessage(carol, 'Ping from carol');
      await expect.poll(() => notifications(app)).toContainEqual({ title: 'carol', body: 'Ping from carol' });
      await expect.poll(async () => (await trayState(app))?.unread).toBe(1);
      expect((await trayState(app))?.connection).toBe('online');

      // Clicking it (as the OS would) opens Carol's conversation; once read, the tray count goes.
      await onHooks(app, (hooks) => hooks.notifications.find((n) => n.title === 'carol')!.click());
      await expect(page.getByRole('heading', { name: 'carol' })).toBeVisible();
      await expect(messageLog(page).getByText('Ping from carol', { exact: true })).toBeVisible();
      await expect.poll(async () => (await trayState(app))?.unread).toBe(0);
    } finally {
      await desktop.close();
    }
  });
});
