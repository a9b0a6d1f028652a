import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  composer,
  conversationItem,
  logIn,
  messageLog,
  openChat,
  paymentDialog,
  payInChat,
  sendMessage,
  startChatWith,
  toasts,
} from './ui';

/**
 * Text of every language (issue 12): people's text takes its direction from its own letters, a
 * name inside one of our sentences is isolated, whatever is cut is cut between whole characters,
 * day labels follow the clock, and a field that cuts what was pasted says so.
 */

const ARABIC = 'مرحبا، كيف حالك؟';

/** The direction the browser resolved for an element (`dir="auto"` resolves from its text). */
const directionOf = (element: Locator) => element.evaluate((node) => getComputedStyle(node).direction);

/** Puts `text` on the clipboard and pastes it into `field` with the keyboard, as a person does. */
async function paste(page: Page, field: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((copied) => navigator.clipboard.writeText(copied), text);
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
}

test.describe('text of every language', () => {
  test('an Arabic message reads right to left in its bubble and in the list preview', async ({
    stack,
    newUserPage,
  }) => {
    test.slow(); // two people sign in
    const alice = await newUserPage();
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(bob, 'alice');
    await sendMessage(bob, ARABIC);

    const preview = conversationItem(alice, 'bob').getByText(ARABIC, { exact: true });
    await expect(preview).toBeVisible();
    expect(await directionOf(preview)).toBe('rtl');

    await openChat(alice, 'bob');
    const text = messageLog(alice).getByText(ARABIC, { exact: true });
    await expect(text).toBeVisible();
    expect(await directionOf(text)).toBe('rtl');
    // Our own words around it keep the page's direction.
    expect(await directionOf(alice.getByRole('heading', { name: 'bob' }))).toBe('ltr');
  });

  test('a name inside a sentence is isolated, so it cannot reorder the sentence', async ({ stack, newUserPage }) => {
    test.slow(); // two people sign in, chat and pay
    const alice = await newUserPage();
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'hi');
    await openChat(bob, 'alice');

    // "alice is typing…" in the list and in the chat.
    await composer(alice).pressSequentially('still typing');
    const typing = bob.locator('.typing-line');
    await expect(typing).toHaveText('alice is typing…');
    await expect(typing.locator('bdi')).toHaveText('alice');

    // "You paid bob $5.00", "alice paid you $5.00": in the bubbles, the list and the toast.
    await payInChat(alice, 'bob', '5', 'lunch', '$5.00');
    const paid = messageLog(bob).locator('.wallet-payment-headline', { hasText: 'alice paid you $5.00' });
    await expect(paid.locator('bdi')).toHaveText('alice');
    const own = messageLog(alice).locator('.wallet-payment-headline', { hasText: 'You paid bob $5.00' });
    await expect(own.locator('bdi')).toHaveText('bob');
    await expect(conversationItem(bob, 'alice').locator('bdi', { hasText: 'alice' })).toHaveCount(1);
    const toast = toasts(bob).filter({ hasText: 'alice paid you $5.00' });
    await expect(toast.locator('bdi').first()).toHaveText('alice');
    // The note is the payer's text: it takes its own direction too.
    await expect(messageLog(bob).locator('.wallet-payment-note[dir="auto"]')).toHaveText('lunch');
  });

  test('a name that starts with an emoji keeps the whole emoji in its avatar', async ({ stack, newUserPage }) => {
    const alice = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    const family = '👩‍👩‍👧‍👦';
    await alice.getByRole('button', { name: 'New group' }).click();
    const dialog = alice.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill(`${family} Family`);
    await dialog.getByRole('searchbox', { name: 'Add people' }).fill('bob');
    await dialog.getByRole('checkbox', { name: 'bob' }).check();
    await dialog.getByRole('button', { name: 'Create group', exact: true }).click();
    await expect(dialog).toBeHidden();
    // Initials are whole user-perceived characters: never half of a surrogate pair.
    const avatar = conversationItem(alice, `${family} Family`).locator('.avatar');
    await expect(avatar).toHaveText(`${family}F`);
  });

  test('"Today" becomes "Yesterday" when the clock passes midnight, with no new message', async ({
    stack,
    newUserPage,
  }) => {
    const alice = await newUserPage();
    // The page's clock starts at the real time (the server's), and runs on from there.
    await alice.clock.install({ time: Date.now() });
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'before midnight');
    const separator = messageLog(alice).getByRole('separator');
    await expect(separator).toHaveText('Today');
    const rowTime = conversationItem(alice, 'bob').locator('time');
    const clockTime = (await rowTime.textContent()) ?? '';
    expect(clockTime).toMatch(/\d/);

    // Nothing else may happen: with the server gone, no message, sync or receipt can re-render
    // the list (the old UI changed "Today" only when something did). The page's time then goes
    // to a second before midnight, and on past it.
    await stack.stopServer();
    const midnight = await alice.evaluate(() => {
      const now = new Date();
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
    });
    await alice.clock.pauseAt(midnight - 1000);
    await expect(separator).toHaveText('Today');
    await alice.clock.runFor(2000);

    await expect(separator).toHaveText('Yesterday');
    // Beside the conversation, yesterday's time gives way to its weekday.
    await expect(rowTime).not.toHaveText(clockTime);
    await expect(rowTime).toHaveText(/^\D+$/);
    await stack.startServerAgain();
  });

  test('pasting 4,500 characters into a message says it was cut to 4,000, and counts what is left', async ({
    stack,
    newUserPage,
  }) => {
    const alice = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await paste(alice, composer(alice), 'a'.repeat(4500));
    await expect(composer(alice)).toHaveValue('a'.repeat(4000));
    await expect(alice.getByText('Pasted text was cut to 4,000 characters')).toBeVisible();
    await expect(alice.getByText('No characters left')).toBeVisible();
    // Near the limit, the count says what is left.
    await composer(alice).fill('a'.repeat(3880));
    await expect(alice.getByText('120 characters left')).toBeVisible();
    await expect(alice.getByText('Pasted text was cut to 4,000 characters')).toBeVisible();
    await composer(alice).fill('short');
    await expect(alice.getByText(/characters? left/)).toHaveCount(0);
  });

  test('a payment note over 200 characters is cut with a word, and counts what is left', async ({
    stack,
    newUserPage,
  }) => {
    const alice = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await alice.getByRole('button', { name: 'Pay bob' }).click();
    const note = paymentDialog(alice).getByLabel('Note');
    await paste(alice, note, 'n'.repeat(250));
    await expect(note).toHaveValue('n'.repeat(200));
    await expect(paymentDialog(alice).getByText('Pasted text was cut to 200 characters')).toBeVisible();
    await expect(paymentDialog(alice).getByText('No characters left')).toBeVisible();
    await note.fill('n'.repeat(185));
    await expect(paymentDialog(alice).getByText('15 characters left')).toBeVisible();
  });
});
