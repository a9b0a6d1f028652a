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

/**
 * The window sizes every screen is shot at: 640×400 is a 1280×800 laptop at 200 % zoom (CSS
 * pixels), where the wallet is a drawer; then the common laptop and desktop widths, where it is a
 * column. Heights as such windows have.
 */
const SIZES = [
  { width: 640, height: 400 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
type Size = (typeof SIZES)[number];

/** Saves one screenshot in the test's output and, as `<screen>-<width>-<theme>.png`, in the stable folder, and attaches it. */
async function save(page: Page, file: string): Promise<void> {
  const output = test.info().outputPath(file);
  await page.screenshot({ path: output, animations: 'disabled', caret: 'hide' });
  mkdirSync(screenshotDir, { recursive: true });
  copyFileSync(output, path.join(screenshotDir, file));
  await test.info().attach(file, { path: output, contentType: 'image/png' });
}

/** Resizes the window and waits until the page has laid itself out again. */
async function resize(page: Page, size: Size): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * Shoots the screen as it is at each of `SIZES`; `atSize` (optional) gets it ready at a size
 * first and returns what undoes that, if anything (the wallet drawer opens only where it exists).
 */
async function shoot(
  page: Page,
  screen: string,
  theme: Theme,
  atSize?: (size: Size) => Promise<(() => Promise<void>) | void>,
): Promise<void> {
  for (const size of SIZES) {
    await resize(page, size);
    const undo = await atSize?.(size);
    await save(page, `${screen}-${size.width}-${theme}.png`);
    await undo?.();
  }
}

async function dismissToasts(page: Page): Promise<void> {
  // Every toast, an alert as well as a status, has its own Dismiss.
  const dismiss = toaster(page).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** Long enough to show how every column cuts a long name and a long preview ("…"). */
const LONG_GROUP_NAME = 'Saturday trip to the mountains with everyone from the climbing club and their friends';

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of every main screen at four widths, ${theme} (theme "System" following the OS)`, async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    // Nine screens at four sizes: the shots, not the steps, take the time.
    test.setTimeout(300_000);
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

    // And a group with a long name and a long last message, to see them cut.
    await alice.getByRole('button', { name: 'New group', exact: true }).click();
    const newGroup = alice.getByRole('dialog', { name: 'New group' });
    await newGroup.getByLabel('Group name').fill(LONG_GROUP_NAME);
    for (const member of ['bob', 'carol']) {
      await newGroup.getByRole('searchbox', { name: 'Add people' }).fill(member);
      await newGroup.getByRole('checkbox', { name: member, exact: true }).check();
    }
    await shoot(alice, 'new-group', theme);
    await newGroup.getByRole('button', { name: 'Create group', exact: true }).click();
    await expect(newGroup).toBeHidden();
    await sendMessage(alice, 'Who is bringing the rope? I can take the stove and two of the tents if someone drives.');
    await openChat(alice, 'bob');
    await expect(messageLog(alice).getByText('You paid bob $24.00')).toBeVisible();
    // Toasts come and go: the shots show the screens, not a notice that happened to be up.
    await dismissToasts(alice);
    await alice.mouse.move(0, 0);
    await shoot(alice, 'main', theme);

    // The wallet: a column where there is room, else the drawer behind the "Wallet" button.
    const walletButton = alice.getByRole('button', { name: 'Wallet', exact: true });
    await shoot(alice, 'wallet', theme, async () => {
      if (!(await walletButton.isVisible())) return;
      await walletButton.click();
      await expect(balance(alice)).toBeVisible();
      return async () => {
        await alice.keyboard.press('Escape');
        await expect(walletButton).toBeFocused();
      };
    });

    await resize(alice, SIZES[2]);
    await wallet(alice).getByRole('button', { name: 'Send money', exact: true }).click();
    const dialog = paymentDialog(alice);
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('bob');
    await dialog.getByLabel('Amount').fill('15.00');
    await dialog.getByLabel('Note').fill('Coffee');
    await shoot(alice, 'payment', theme);
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Pay $15.00 to bob', { exact: true })).toBeVisible();
    await shoot(alice, 'payment-review', theme);
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
    await shoot(alice, 'quick-switcher', theme);
    await alice.keyboard.press('Escape');

    console.log(`screenshots (${theme}) in ${screenshotDir}`);
  });
}
