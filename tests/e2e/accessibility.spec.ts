import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  type Theme,
  THEME_BACKGROUNDS,
  balance,
  bubble,
  connection,
  conversationItem,
  logIn,
  messageLog,
  openChat,
  payInChat,
  paymentDialog,
  sendMessage,
  startChatWith,
  themeBackground,
  tickOf,
  wallet,
} from './ui';

/**
 * Every main screen, in both themes, checked by axe-core against WCAG 2.1 A and AA (and axe's
 * best practices): none may have a violation of impact "serious" or "critical". Each test checks
 * all its screens before it fails, and prints every violation with the screen, the rule, and the
 * elements, so one run shows all there is to fix.
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

/** One line per element: where it is and why it fails, as axe explains it. */
async function violationsOn(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => {
      const nodes = violation.nodes.map(
        (node) =>
          `    at ${node.target.join(' ')}\n      ${node.html.slice(0, 160)}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
      );
      return `[${screen}] ${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${nodes.join('\n')}`;
    });
}

/** Collects the violations of each screen checked, and fails once, listing them all. */
function audit(page: Page, theme: Theme) {
  const found: string[] = [];
  return {
    async check(screen: string): Promise<void> {
      found.push(...(await violationsOn(page, `${screen}, ${theme}`)));
    },
    expectNone(): void {
      expect(found, `axe found ${found.length} serious or critical violations:\n\n${found.join('\n\n')}\n`).toEqual([]);
    },
  };
}

async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility (axe), ${theme}`, () => {
    // A full axe run takes seconds, many more on a busy machine: more than the default minute.
    test.describe.configure({ timeout: 180_000 });
    test(`sign-in and create account have no serious or critical violation, ${theme}`, async ({ page, stack }) => {
      await useTheme(page, theme);
      const axe = audit(page, theme);
      await page.goto(stack.web.url);
      await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
      await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS[theme]);
      await axe.check('sign-in');

      // A refused log-in shows its error under the form.
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await axe.check('sign-in with an error');

      await page.getByRole('button', { name: 'New here? Create an account' }).click();
      await expect(page.getByRole('button', { name: 'Create account', exact: true })).toBeVisible();
      await axe.check('create account');
      axe.expectNone();
    });

    test(`the main screen, wallet, and every dialog have no serious or critical violation, ${theme}`, async ({
      page: alice,
      stack,
      newUserPage,
    }) => {
      // Three people and some fifteen axe runs.
      test.setTimeout(480_000);
      await useTheme(alice, theme);
      const axe = audit(alice, theme);
      const bob = await newUserPage();
      const carol = await newUserPage();
      await logIn(bob, stack.web.url, 'bob');
      await logIn(carol, stack.web.url, 'carol');
      await logIn(alice, stack.web.url, 'alice');
      await expect(balance(alice)).toHaveText('$1,000.00');

      // A group chat: own messages with each tick (the grey "Delivered" on the blue bubble), others' with names.
      await openChat(alice, 'Demo group');
      await sendMessage(alice, 'Morning, all!');
      await expect(tickOf(alice, 'Morning, all!')).toHaveAccessibleName('Delivered');
      await axe.check('main, group chat, a message delivered');
      await openChat(bob, 'Demo group');
      await sendMessage(bob, 'Morning! Coffee at ten?');
      await expect(bubble(alice, 'Morning! Coffee at ten?')).toBeVisible();
      await expect(tickOf(alice, 'Morning, all!')).toHaveAccessibleName('Read by 1 of 2');
      await axe.check('main, group chat, read by some');

      // A direct chat with a payment, an unread badge on another row, and a chat read by the peer.
      await startChatWith(alice, 'bob');
      await sendMessage(alice, 'Here is my half of the lunch.');
      await payInChat(alice, 'bob', '12.50', 'Lunch');
      await expect(messageLog(alice).getByText('You paid bob $12.50')).toBeVisible();
      await openChat(bob, 'alice');
      await expect(tickOf(alice, 'Here is my half of the lunch.')).toHaveAccessibleName('Read');
      await sendMessage(bob, 'Thanks!');
      await openChat(carol, 'Demo group');
      await sendMessage(carol, 'See you both there.');
      await expect(conversationItem(alice, 'Demo group').getByLabel('1 unread')).toBeVisible();
      await expect(balance(alice)).toHaveText('$987.50');
      await axe.check('main, direct chat with a payment, wallet');

      // The payment dialog: its form with the recipient's suggestions open, then its review.
      await wallet(alice).getByRole('button', { name: 'Send money', exact: true }).click();
      const dialog = paymentDialog(alice);
      await dialog.getByRole('combobox', { name: 'Recipient' }).fill('ca');
      await expect(dialog.getByRole('option', { name: 'carol' })).toBeVisible();
      await axe.check('payment dialog, suggestions');
      await dialog.getByRole('option', { name: 'carol' }).click();
      await dialog.getByLabel('Amount').fill('2000');
      await dialog.getByRole('button', { name: 'Review payment' }).click();
      await expect(dialog.getByText(/^Insufficient funds/)).toBeVisible();
      await axe.check('payment dialog, amount refused');
      await dialog.getByLabel('Amount').fill('3');
      await dialog.getByLabel('Note').fill('Coffee');
      await dialog.getByRole('button', { name: 'Review payment' }).click();
      await expect(dialog.getByText('Pay $3.00 to carol', { exact: true })).toBeVisible();
      await axe.check('payment review');
      await dialog.getByRole('button', { name: 'Back' }).click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      await alice.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(alice.getByRole('dialog', { name: 'Settings' })).toBeVisible();
      await axe.check('settings');
      await alice.getByRole('button', { name: 'Diagnostics', exact: true }).click();
      const diagnostics = alice.getByRole('dialog', { name: 'Diagnostics' });
      await expect(diagnostics.getByRole('button', { name: 'Copy diagnostics' })).toBeVisible();
      await axe.check('diagnostics');
      await alice.keyboard.press('Escape');
      await expect(diagnostics).toBeHidden();
      await alice.keyboard.press('Escape');

      await wallet(alice).getByRole('list', { name: 'Transactions' }).getByRole('button').first().click();
      const details = alice.getByRole('dialog', { name: 'Transaction details' });
      await expect(details).toBeVisible();
      await axe.check('transaction details');
      await alice.keyboard.press('Escape');
      await expect(details).toBeHidden();

      await alice.keyboard.press('Control+K');
      await expect(alice.getByRole('dialog', { name: 'Jump to conversation' })).toBeVisible();
      await alice.keyboard.type('o');
      await expect(alice.getByRole('option', { name: 'bob' })).toBeVisible();
      await axe.check('quick switcher');
      await alice.keyboard.press('Control+A');
      await alice.keyboard.type('car');
      await expect(alice.getByRole('group', { name: 'People' }).getByRole('option', { name: 'carol' })).toBeVisible();
      await axe.check('quick switcher, people');
      await alice.keyboard.press('Escape');

      // The message search beside the chat, its marked results, and a message opened from it.
      await alice.keyboard.press('Control+Shift+F');
      const search = alice.getByRole('combobox', { name: 'Search messages' });
      await search.fill('morning');
      await expect(alice.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(2);
      await axe.check('message search');
      await search.press('Enter');
      await expect(messageLog(alice).locator('.message-row.is-highlighted')).toBeFocused();
      await axe.check('a message opened from the search, highlighted');
      await alice.keyboard.press('Control+F');
      await search.press('Escape');
      await expect(search).toBeHidden();

      await alice.getByRole('button', { name: 'New chat', exact: true }).click();
      const newChat = alice.getByRole('dialog', { name: 'New chat' });
      await newChat.getByRole('searchbox', { name: 'Search people' }).fill('c');
      await expect(newChat.getByRole('button', { name: 'carol' })).toBeVisible();
      await axe.check('new chat');
      await alice.keyboard.press('Escape');

      await alice.getByRole('button', { name: 'New group', exact: true }).click();
      const newGroup = alice.getByRole('dialog', { name: 'New group' });
      await newGroup.getByLabel('Group name').fill('Weekend');
      await newGroup.getByRole('searchbox', { name: 'Add people' }).fill('o');
      await newGroup.getByRole('checkbox', { name: 'bob' }).check();
      await axe.check('new group');
      await alice.keyboard.press('Escape');
      await expect(newGroup).toBeHidden();

      // The server gone: the connection banner, its retry, and presence marked as not current.
      await stack.stopServer();
      await expect(connection(alice)).not.toHaveText('Online');
      await axe.check('main, server unreachable');
      await stack.startServerAgain();

      axe.expectNone();
    });

    test(`a narrow window (800 × 600) and its wallet have no serious or critical violation, ${theme}`, async ({
      page,
      stack,
    }) => {
      await useTheme(page, theme);
      await page.setViewportSize({ width: 800, height: 600 });
      const axe = audit(page, theme);
      await logIn(page, stack.web.url, 'alice');
      await openChat(page, 'Demo group');
      await axe.check('main, 800 px');
      // Below ~900 px the wallet is a panel opened by the "Wallet" button.
      await page.getByRole('button', { name: 'Wallet', exact: true }).click();
      await expect(balance(page)).toHaveText('$1,000.00');
      await axe.check('wallet panel, 800 px');
      axe.expectNone();
    });
  });
}
