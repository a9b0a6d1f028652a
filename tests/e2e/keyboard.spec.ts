import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { balance, bubble, composer, connection, logIn, messageLog, paymentDialog, wallet } from './ui';

/**
 * The app without a mouse: one person's whole day (log in, open a chat, send, pay, settings) with
 * nothing but `page.keyboard`, checking at every stop that the focus can be seen, and that each
 * dialog gives the focus back to what opened it when it closes.
 */

/**
 * How the focused element shows it has the focus: its own outline or box-shadow, or the outline
 * of the wrapper that draws the ring for it (the amount field, a settings radio card); null when
 * nothing shows it, or when nothing but the page has the focus.
 */
function focusRing(page: Page): Promise<{ element: string; ring: string | null }> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return { element: 'nothing (the page)', ring: null };
    const name = focused.getAttribute('aria-label') ?? focused.textContent?.trim().slice(0, 40) ?? '';
    const element = `<${focused.tagName.toLowerCase()} class="${focused.className}"> "${name}"`;
    const drawn = (node: Element) => {
      const style = getComputedStyle(node);
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) {
        return `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
      }
      return null;
    };
    const own = drawn(focused);
    if (own) return { element, ring: own };
    const shadow = getComputedStyle(focused).boxShadow;
    if (shadow !== 'none') return { element, ring: `box-shadow ${shadow}` };
    // A wrapper drawing the ring: at most two levels up (the field's box, the radio's card).
    for (let node = focused.parentElement, depth = 0; node && depth < 2; node = node.parentElement, depth++) {
      const wrapper = drawn(node);
      if (wrapper) return { element, ring: `${wrapper} (on ${node.className})` };
    }
    return { element, ring: null };
  });
}

async function expectFocusVisible(page: Page, step: string): Promise<void> {
  const { element, ring } = await focusRing(page);
  // Soft: one run lists every stop without a ring, not only the first.
  expect.soft(ring, `${step}: the focus on ${element} is not visible`).not.toBeNull();
}

/**
 * Presses `key` (Tab or Shift+Tab) until `target` has the focus, checking at every stop on the
 * way that the focus is visible. Fails if `target` is not reached in `most` presses.
 */
async function pressUntilFocused(page: Page, key: 'Tab' | 'Shift+Tab', target: Locator, most = 40): Promise<void> {
  for (let presses = 0; presses < most; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
    await expectFocusVisible(page, `${key} × ${presses + 1}`);
  }
  await expect(target, `${key} never reached it in ${most} presses`).toBeFocused();
}

test.describe('keyboard only', () => {
  test('log in, open a chat, send, pay, and open settings without the mouse; focus is visible at every stop and comes back after each dialog', async ({
    page,
    stack,
    newUserPage,
  }) => {
    // Someone to talk to, online, so the chat has a reply to show.
    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');

    await page.goto(stack.web.url);
    const username = page.getByLabel('Username or email');
    await expect(username).toBeVisible();
    // The log-in form's first field has the focus, or is the first stop.
    await pressUntilFocused(page, 'Tab', username, 5);
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await expectFocusVisible(page, 'the password field');
    await page.keyboard.type('demo-password');
    await page.keyboard.press('Enter');
    await expect(connection(page)).toHaveText('Online');
    await expect(balance(page)).toHaveText('$1,000.00');

    // Open a chat: Tab down the sidebar to its row, Enter. The composer takes the focus.
    const groupRow = page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button')
      .filter({ hasText: 'Demo group' });
    await pressUntilFocused(page, 'Tab', groupRow);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Demo group' })).toBeVisible();
    await expect(composer(page)).toBeFocused();
    await expectFocusVisible(page, 'the composer');

    // Send: type, Enter.
    await page.keyboard.type('Hello from the keyboard');
    await page.keyboard.press('Enter');
    await expect(bubble(page, 'Hello from the keyboard')).toBeVisible();
    await expect(composer(page)).toHaveValue('');
    await expect(composer(page)).toBeFocused();

    // Pay: Tab on to the wallet's "Send money", Enter; pick bob with the arrows, amount, note, Enter.
    const sendMoney = wallet(page).getByRole('button', { name: 'Send money', exact: true });
    await pressUntilFocused(page, 'Tab', sendMoney);
    await page.keyboard.press('Enter');
    const dialog = paymentDialog(page);
    const recipient = dialog.getByRole('combobox', { name: 'Recipient' });
    await expect(recipient).toBeFocused();
    await expectFocusVisible(page, 'the recipient field');
    await page.keyboard.type('bo');
    await expect(dialog.getByRole('option', { name: 'bob' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByRole('option', { name: 'bob' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(recipient).toHaveValue('bob');
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('Amount')).toBeFocused();
    await expectFocusVisible(page, 'the amount field');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('Note')).toBeFocused();
    await page.keyboard.type('Keys');
    await page.keyboard.press('Enter');
    // The review: the summary has the focus (not "Pay", so one Enter too many cannot pay).
    const summary = dialog.getByText('Pay $5.00 to bob', { exact: true });
    await expect(summary).toBeFocused();
    await expectFocusVisible(page, 'the review summary');
    // "Back" keeps everything; the form comes back with the focus on the amount.
    await pressUntilFocused(page, 'Tab', dialog.getByRole('button', { name: 'Back' }), 3);
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Amount')).toBeFocused();
    await expect(dialog.getByLabel('Amount')).toHaveValue('5');
    await page.keyboard.press('Enter');
    await expect(summary).toBeFocused();
    await pressUntilFocused(page, 'Tab', dialog.getByRole('button', { name: 'Pay $5.00' }), 3);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(balance(page)).toHaveText('$995.00');
    await expect(sendMoney, 'the payment dialog gives the focus back to "Send money"').toBeFocused();

    // Esc on the review closes the dialog and the focus goes back too.
    await page.keyboard.press('Enter');
    await expect(recipient).toBeFocused();
    await page.keyboard.type('bob');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect(dialog.getByText('Pay $1.00 to bob', { exact: true })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(sendMoney).toBeFocused();
    await expect(balance(page)).toHaveText('$995.00');

    // The quick switcher (Ctrl+K) opens over it and gives the focus back when Esc closes it.
    await page.keyboard.press('Control+K');
    const switcher = page.getByRole('dialog', { name: 'Jump to conversation' });
    await expect(switcher.getByRole('combobox', { name: 'Jump to' })).toBeFocused();
    await expectFocusVisible(page, 'the quick switcher');
    await page.keyboard.press('Escape');
    await expect(switcher).toBeHidden();
    await expect(sendMoney).toBeFocused();

    // Settings: back up the page to its button, Enter; Tab goes round inside; Esc closes it.
    const settingsButton = page.getByRole('button', { name: 'Settings', exact: true });
    await pressUntilFocused(page, 'Shift+Tab', settingsButton);
    await page.keyboard.press('Enter');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(settings).toBeVisible();
    await expect(settings.getByRole('radio', { name: 'System' })).toBeFocused();
    await expectFocusVisible(page, 'the theme choice');
    // Round the dialog and back to the start: every stop inside it and visible.
    const stops = await settings.evaluate(
      (element) =>
        element.querySelectorAll('button:not([disabled]), input:not([disabled]):not([type="radio"]), select, textarea')
          .length +
        // one stop per radio group
        new Set([...element.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((radio) => radio.name)).size,
    );
    for (let press = 0; press < stops; press++) {
      await page.keyboard.press('Tab');
      await expectFocusVisible(page, `Tab × ${press + 1} in settings`);
      expect(await settings.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await expect(settings.getByRole('radio', { name: 'System' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    expect(await settings.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(settings).toBeHidden();
    await expect(settingsButton, 'Settings gives the focus back to its button').toBeFocused();

    // Bob sees what was sent and paid.
    await expect(messageLog(page).getByText('Hello from the keyboard')).toBeVisible();
    await expect(balance(bob)).toHaveText('$1,005.00');
  });
});
