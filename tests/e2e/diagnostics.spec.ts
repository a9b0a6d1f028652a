import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { SERVER_VERSION } from '../../src/server/version';
import { expect, test } from './fixtures';
import { DEMO_PASSWORD, connection, logIn, sendMessage, startChatWith } from './ui';

/** The app's version as the web client was built with it. */
const APP_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
/** The reconnect backoff is capped at 30 s: the engine is back within that once the server is. */
const RECONNECT_TIMEOUT_MS = 35_000;

/** Every token the server handed this page (log-in and refresh answers: `token`, `refreshToken`). */
function collectTokens(page: Page): Set<string> {
  const tokens = new Set<string>();
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (/token/i.test(key) && typeof inner === 'string' && inner.length > 0) tokens.add(inner);
      else walk(inner);
    }
  };
  page.on('response', async (response) => {
    if (!response.url().includes('/api/auth/')) return;
    walk(await response.json().catch(() => null));
  });
  return tokens;
}

/** A figure of the dialog by its label ("Server URL" → its value). */
function figure(dialog: Locator, label: string): Locator {
  return dialog
    .locator('.diagnostics-row')
    .filter({ has: dialog.page().getByRole('term').getByText(label, { exact: true }) })
    .getByRole('definition');
}

/** The cells of one connection's row: state, round-trip time, reconnects since start. */
function connectionCells(dialog: Locator, namespace: '/chat' | '/wallet'): Locator {
  return dialog
    .getByRole('table', { name: 'Connections' })
    .getByRole('row')
    .filter({ has: dialog.page().getByRole('rowheader', { name: namespace, exact: true }) })
    .getByRole('cell');
}

test.describe('web client: Settings → Diagnostics', () => {
  test('shows the server, its versions, both connections with their round trip and reconnects, and copies them without a secret', async ({
    page,
    context,
    stack,
  }) => {
    // A server restart and the reconnect after it (up to 35 s) on top of signing in and chatting.
    test.slow();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(stack.web.url).origin });
    const tokens = collectTokens(page);
    await logIn(page, stack.web.url, 'alice');
    // A message whose words must never leave with the report.
    const privateWords = 'Meet me behind the old mill at nine';
    await startChatWith(page, 'bob');
    await sendMessage(page, privateWords);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const open = page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Diagnostics' });
    await expect(open).toBeVisible();
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
    await expect(dialog).toBeVisible();

    await expect(figure(dialog, 'Server URL')).toHaveText(`${stack.server.url}/`);
    await expect(figure(dialog, 'Server version')).toHaveText(SERVER_VERSION);
    await expect(figure(dialog, 'Protocol version')).toHaveText('1');
    await expect(figure(dialog, 'App version')).toHaveText(APP_VERSION);
    await expect(figure(dialog, 'Host')).toHaveText('web');
    await expect(figure(dialog, 'Secrets kept in')).toContainText('session storage');
    for (const namespace of ['/chat', '/wallet'] as const) {
      await expect(connectionCells(dialog, namespace)).toHaveText(['Connected', /^(\d+|<1) ms$/, '0']);
    }

    // The server goes away and comes back: each connection counts its reconnect.
    await stack.restartServer();
    for (const namespace of ['/chat', '/wallet'] as const) {
      await expect(connectionCells(dialog, namespace)).toHaveText(['Connected', /^(\d+|<1) ms$/, '1'], {
        timeout: RECONNECT_TIMEOUT_MS,
      });
    }
    await expect(connection(page)).toHaveText('Online');

    await dialog.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect(dialog.getByText('Copied to the clipboard.')).toBeVisible();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain(`Server URL: ${stack.server.url}/`);
    expect(report).toContain(`Server version: ${SERVER_VERSION}`);
    expect(report).toContain('Protocol version: 1');
    expect(report).toMatch(/^\/chat: Connected; round-trip time: (\d+|<1) ms; reconnects since start: 1$/m);
    expect(report).toMatch(/^\/wallet: Connected; round-trip time: (\d+|<1) ms; reconnects since start: 1$/m);
    expect(report).toContain(`App version: ${APP_VERSION}`);
    expect(report).toContain('Host: web');

    // Nothing secret: no token the page was given or keeps, not the password, not the message.
    const kept = await page.evaluate(() => Object.values(sessionStorage));
    for (const token of [...tokens, ...kept.filter((value) => value.length >= 16)]) {
      expect(report).not.toContain(token);
    }
    expect(tokens.size).toBeGreaterThan(0);
    expect(report).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(report).not.toContain(DEMO_PASSWORD);
    expect(report).not.toContain(privateWords);
  });
});
