import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  type Theme,
  THEME_BACKGROUNDS,
  balance,
  logIn,
  messageLog,
  openChat,
  payInChat,
  paymentDialog,
  sendMessage,
  startChatWith,
  themeBackground,
  toaster,
  wallet,
} from './ui';

/** A stable place for the screenshots, whatever Playwright names each test's output folder. */
const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

/** Saves a screenshot in the test's output, in the stable folder as `<name>-<theme>.png`, and attaches it to the report. */
async function shoot(page: Page, name: string, theme: Theme): Promise<void> {
  const file = `${name}-${theme}.png`;
  const output = test.info().outputPath(file);
  await page.screenshot({ path: output, animations: 'disabled', caret: 'hide' });
  mkdirSync(screenshotDir, { recursive: true });
  copyFileSync(output, path.join(screenshotDir, file));
  await test.info().attach(file, { path: output, contentType: 'image/png' });
}

async function dismissToasts(page: Page): Promise<void> {
  // Every toast, an alert as well as a status, has its own Dismiss.
  const dismiss = toaster(page).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of every main screen, ${theme} (theme "System" following the OS)`, async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    await alice.emulateMedia({ colorScheme: theme });
    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');

    await alice.goto(stack.web.url);
    await expect(alice.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    // The page background proves the shot is in that theme.
    await expect.poll(() => themeBackground(alice)).toBe(THEME_BACKGROUNDS[theme]);
    await shoot(alice, 'sign-in', theme);

    await alice.getByRole('button', { name: 'New here? Create an account' }).click();
    await expect(alice.getByRole('button', { name: 'Create account', exact: true })).toBeVisible();
    await shoot(alice, 'create-account', theme);

    // A conversation worth looking at: both sides writing, and a payment.
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Hi Bob! Are we still on for Saturday?');
    await openChat(bob, 'alice');
    await sendMessage(bob, 'Yes! 10 am at the station.');
    await expect(messageLog(alice).getByText('Yes! 10 am at the station.')).toBeVisible();
    await sendMessage(alice, 'Great, I will bring the tickets.\nSee you there.');
    await payInChat(alice, 'bob', '24', 'Train tickets');
    await expect(messageLog(alice).getByText('You paid bob $24.00')).toBeVisible();
    await expect(balance(alice)).toHaveText('$976.00');
    // Toasts come and go: the shots show the screens, not a notice that happened to be up.
    await dismissToasts(alice);
    await alice.mouse.move(0, 0);
    await shoot(alice, 'main', theme);

    await wallet(alice).getByRole('button', { name: 'Send money', exact: true }).click();
    const dialog = paymentDialog(alice);
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('bob');
    await dialog.getByLabel('Amount').fill('15.00');
    await dialog.getByLabel('Note').fill('Coffee');
    await shoot(alice, 'wallet-payment', theme);
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Pay $15.00 to bob', { exact: true })).toBeVisible();
    await shoot(alice, 'wallet-payment-review', theme);
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    await alice.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = alice.getByRole('dialog', { name: 'Settings' });
    await expect(settings.getByRole('radio', { name: 'System' })).toBeChecked();
    await shoot(alice, 'settings', theme);
    await alice.keyboard.press('Escape');
    await expect(settings).toBeHidden();

    await alice.keyboard.press('Control+K');
    const switcher = alice.getByRole('dialog', { name: 'Jump to conversation' });
    await expect(switcher).toBeVisible();
    await alice.keyboard.type('bo');
    await shoot(alice, 'quick-switcher', theme);
    await alice.keyboard.press('Escape');

    console.log(`screenshots (${theme}) in ${screenshotDir}`);
  });
}
