import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  THEME_BACKGROUNDS,
  composer,
  connection,
  logIn,
  messageLog,
  openChat,
  sendMessage,
  startChatWith,
  themeBackground,
  toaster,
} from './ui';

/** The reconnect backoff is capped at 30 s: the engine is back within that once the network is. */
const RECONNECT_TIMEOUT_MS = 35_000;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The message whose own text is `text` (not a reply that quotes it: the quote is not its text),
 * in the open conversation.
 */
function message(page: Page, text: string): Locator {
  return messageLog(page)
    .locator('.message')
    .filter({ has: page.locator('.message-text').filter({ hasText: new RegExp(`^${escape(text)}$`) }) });
}

/** Opens the message's menu with its "More actions" button and chooses `item` ("Reply", "Edit", ...). */
async function choose(page: Page, text: string, item: string): Promise<void> {
  const target = message(page, text);
  await target.hover();
  await target.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: item, exact: true }).click();
}

/** "Delete for everyone" from the message's menu, confirmed in its dialog. */
async function deleteForEveryone(page: Page, text: string): Promise<void> {
  await choose(page, text, 'Delete for everyone');
  const dialog = page.getByRole('dialog', { name: 'Delete this message?' });
  await dialog.getByRole('button', { name: 'Delete for everyone' }).click();
  await expect(dialog).toBeHidden();
}

/** What the page's console said about its Content Security Policy (nothing, when all is allowed). */
function cspViolations(page: Page): string[] {
  const said: string[] = [];
  page.on('console', (entry) => {
    if (/Content Security Policy/i.test(entry.text())) said.push(entry.text());
  });
  return said;
}

test.describe('web client: edits, deletions, replies and reactions', () => {
  test('reach the other person live, both ways, under the strict CSP', async ({ page: alice, stack, newUserPage }) => {
    const bob = await newUserPage();
    const violations = [...[alice, bob].map(cspViolations)];
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Lunch at noon?');
    await openChat(bob, 'alice');
    await expect(message(bob, 'Lunch at noon?')).toBeVisible();

    // Alice edits: Bob sees the new text, marked "edited", live.
    await choose(alice, 'Lunch at noon?', 'Edit');
    await expect(alice.getByText('Editing message')).toBeVisible();
    await expect(composer(alice)).toHaveValue('Lunch at noon?');
    await composer(alice).fill('Lunch at one? 🍕');
    await composer(alice).press('Enter');
    await expect(alice.getByText('Editing message')).toBeHidden();
    await expect(composer(alice)).toHaveValue('');
    await expect(message(bob, 'Lunch at one? 🍕').getByText('edited', { exact: true })).toBeVisible();
    await expect(message(bob, 'Lunch at noon?')).toHaveCount(0);

    // Bob reacts with a quick reaction: Alice sees the chip, named with who reacted.
    await message(bob, 'Lunch at one? 🍕').getByRole('button', { name: 'More actions' }).click();
    await bob.getByRole('menuitemcheckbox', { name: '👍' }).click();
    await expect(message(alice, 'Lunch at one? 🍕').getByRole('button', { name: '👍 1: bob' })).toBeVisible();
    await expect(message(bob, 'Lunch at one? 🍕').getByRole('button', { name: '👍 1: You' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // Bob replies: Alice sees the quote above his answer.
    await choose(bob, 'Lunch at one? 🍕', 'Reply');
    await expect(bob.getByRole('button', { name: 'Cancel reply' })).toBeVisible();
    await sendMessage(bob, 'سأكون هناك 👍');
    await expect(bob.getByRole('button', { name: 'Cancel reply' })).toBeHidden();
    const quote = message(alice, 'سأكون هناك 👍').getByRole('button', { name: 'Reply to alice: Lunch at one? 🍕' });
    await expect(quote).toBeVisible();
    // The quote opens its original: in view, with the focus.
    await quote.click();
    await expect(
      messageLog(alice)
        .locator('.message-row')
        .filter({ has: alice.locator('.message-text').filter({ hasText: /^Lunch at one\? 🍕$/ }) }),
    ).toBeFocused();

    // Alice deletes hers for everyone: Bob sees the placeholder where it was, and in his quote.
    await deleteForEveryone(alice, 'Lunch at one? 🍕');
    await expect(messageLog(bob).locator('.message-deleted')).toHaveText(['This message was deleted']);
    await expect(message(bob, 'Lunch at one? 🍕')).toHaveCount(0);
    await expect(
      message(bob, 'سأكون هناك 👍').getByRole('button', { name: 'Reply to alice: This message was deleted' }),
    ).toBeVisible();

    // The other way: Bob edits his with Up in the empty composer; Alice sees it.
    await composer(bob).press('ArrowUp');
    await expect(composer(bob)).toHaveValue('سأكون هناك 👍');
    await composer(bob).fill('سأكون هناك الساعة الواحدة');
    await composer(bob).press('Enter');
    await expect(message(alice, 'سأكون هناك الساعة الواحدة').getByText('edited', { exact: true })).toBeVisible();

    // Alice reacts with the emoji picker (searched, picked): Bob sees her reaction.
    await choose(alice, 'سأكون هناك الساعة الواحدة', 'React');
    const picker = alice.getByRole('dialog', { name: 'Choose a reaction' });
    await picker.getByLabel('Search emoji').fill('grinning face');
    await picker.getByRole('gridcell', { name: 'grinning face', exact: true }).click();
    await expect(picker).toBeHidden();
    await expect(message(bob, 'سأكون هناك الساعة الواحدة').getByRole('button', { name: '😀 1: alice' })).toBeVisible();

    // Alice replies; Bob sees the quote. Bob deletes his; Alice sees the placeholder.
    await choose(alice, 'سأكون هناك الساعة الواحدة', 'Reply');
    await sendMessage(alice, 'Great');
    await expect(
      message(bob, 'Great').getByRole('button', { name: 'Reply to bob: سأكون هناك الساعة الواحدة' }),
    ).toBeVisible();
    await deleteForEveryone(bob, 'سأكون هناك الساعة الواحدة');
    await expect(messageLog(alice).locator('.message-deleted')).toHaveText([
      'This message was deleted',
      'This message was deleted',
    ]);
    // A deleted message keeps no reactions and offers no menu.
    await expect(messageLog(alice).getByRole('button', { name: /^😀/ })).toHaveCount(0);
    await expect(
      messageLog(alice)
        .locator('.message', { has: alice.locator('.message-deleted') })
        .getByRole('button', {
          name: 'More actions',
        }),
    ).toHaveCount(0);

    // The picker's styles, like everything else, came without a CSP violation.
    expect(violations.flat()).toEqual([]);
  });

  test('a side that was offline catches up; an edit made offline shows at once and goes out once online', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'First plan');
    await sendMessage(alice, 'Second plan');
    await openChat(bob, 'alice');
    await expect(message(bob, 'Second plan')).toBeVisible();

    // Bob is away; meanwhile Alice edits one and deletes the other.
    await bob.context().setOffline(true);
    await expect(connection(bob)).not.toHaveText('Online');
    await choose(alice, 'First plan', 'Edit');
    await composer(alice).fill('First plan, changed');
    await composer(alice).press('Enter');
    await expect(message(alice, 'First plan, changed').getByText('edited', { exact: true })).toBeVisible();
    await deleteForEveryone(alice, 'Second plan');
    await expect(messageLog(alice).locator('.message-deleted')).toHaveCount(1);
    await expect(message(bob, 'First plan')).toBeVisible();

    // Back online: Bob's side catches up with both changes.
    await bob.context().setOffline(false);
    await expect(connection(bob)).toHaveText('Online', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(message(bob, 'First plan, changed').getByText('edited', { exact: true })).toBeVisible();
    await expect(messageLog(bob).locator('.message-deleted')).toHaveText(['This message was deleted']);
    await expect(message(bob, 'Second plan')).toHaveCount(0);

    // Now Alice is away: her edit shows at once, on her side only, and reaches Bob once she is back.
    await alice.context().setOffline(true);
    await expect(connection(alice)).not.toHaveText('Online');
    await composer(alice).press('ArrowUp');
    await composer(alice).fill('Written offline');
    await composer(alice).press('Enter');
    await expect(message(alice, 'Written offline').getByText('edited', { exact: true })).toBeVisible();
    await expect(message(bob, 'First plan, changed')).toBeVisible();
    await alice.context().setOffline(false);
    await expect(connection(alice)).toHaveText('Online', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(message(bob, 'Written offline').getByText('edited', { exact: true })).toBeVisible();
    await expect(message(bob, 'First plan, changed')).toHaveCount(0);
  });
});

test('an edit the server refuses (deleted meanwhile elsewhere) is undone and told in a toast', async ({
  page: alice,
  stack,
  newUserPage,
}) => {
  // Alice on two devices: one edits offline, the other deletes the message meanwhile.
  const aliceElsewhere = await newUserPage();
  await logIn(alice, stack.web.url, 'alice');
  await logIn(aliceElsewhere, stack.web.url, 'alice');
  await startChatWith(alice, 'bob');
  await sendMessage(alice, 'Soon gone');
  await openChat(aliceElsewhere, 'bob');
  await expect(message(aliceElsewhere, 'Soon gone')).toBeVisible();

  await alice.context().setOffline(true);
  await expect(connection(alice)).not.toHaveText('Online');
  await choose(alice, 'Soon gone', 'Edit');
  await composer(alice).fill('Edited too late');
  await composer(alice).press('Enter');
  await expect(message(alice, 'Edited too late')).toBeVisible();
  await deleteForEveryone(aliceElsewhere, 'Soon gone');

  await alice.context().setOffline(false);
  await expect(toaster(alice).getByRole('alert')).toContainText("Couldn't edit the message: ", {
    timeout: RECONNECT_TIMEOUT_MS,
  });
  await expect(message(alice, 'Edited too late')).toHaveCount(0);
  await expect(messageLog(alice).locator('.message-deleted')).toHaveText(['This message was deleted']);
});

/** axe's serious and critical findings (WCAG 2.1 A and AA, best practices) on the page as it is, one line each. */
async function axeFindings(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `[${screen}] ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`,
    );
}

for (const theme of ['light', 'dark'] as const) {
  test(`the menu, chips, quotes, composer bars, picker and confirmation pass axe, ${theme}`, async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    // Some eight axe runs, seconds each on a busy machine.
    test.setTimeout(240_000);
    await alice.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await expect.poll(() => themeBackground(alice)).toBe(THEME_BACKGROUNDS[theme]);
    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Lunch at noon?');
    await openChat(bob, 'alice');
    await choose(bob, 'Lunch at noon?', 'Reply');
    await sendMessage(bob, 'مرحبا 👋');
    await message(bob, 'Lunch at noon?').getByRole('button', { name: 'More actions' }).click();
    await bob.getByRole('menuitemcheckbox', { name: '❤️' }).click();
    await composer(alice).press('ArrowUp');
    await composer(alice).fill('Lunch at one?');
    await composer(alice).press('Enter');
    await sendMessage(alice, 'Gone soon');
    await deleteForEveryone(alice, 'Gone soon');
    await expect(message(alice, 'Lunch at one?').getByRole('button', { name: '❤️ 1: bob' })).toBeVisible();
    await expect(message(alice, 'مرحبا 👋').getByRole('button', { name: /^Reply to alice:/ })).toBeVisible();

    const found: string[] = [];
    // Chips, a quote, "edited", a deleted message, and the "More actions" buttons shown by the focus.
    await message(alice, 'Lunch at one?').getByRole('button', { name: 'More actions' }).focus();
    found.push(...(await axeFindings(alice, 'the chat')));
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('menu', { name: 'Message actions' })).toBeVisible();
    found.push(...(await axeFindings(alice, 'the menu')));
    await alice.keyboard.press('Escape');
    await choose(alice, 'مرحبا 👋', 'Reply');
    found.push(...(await axeFindings(alice, 'replying')));
    await composer(alice).press('Escape');
    await composer(alice).press('ArrowUp');
    await expect(alice.getByText('Editing message')).toBeVisible();
    found.push(...(await axeFindings(alice, 'editing')));
    await composer(alice).press('Escape');
    await choose(alice, 'مرحبا 👋', 'React');
    await expect(alice.getByRole('dialog', { name: 'Choose a reaction' }).getByRole('gridcell').first()).toBeVisible();
    found.push(...(await axeFindings(alice, 'the picker')));
    await alice.keyboard.press('Escape');
    await choose(alice, 'Lunch at one?', 'Delete for everyone');
    found.push(...(await axeFindings(alice, 'the confirmation')));
    expect(found, `axe found ${found.length} serious or critical violations:\n\n${found.join('\n\n')}\n`).toEqual([]);
  });
}
