import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedDirectHistory, historyText } from './seedHistory';
import { conversationItem, logIn, messageLog, openChat, sendMessage, signUp, wallet } from './ui';

/** Message 100 of 600 between alice and bob: far back, so the app does not hold it when the chat opens. */
const FAR_SEQ = 100;
const FAR_TEXT = 'Remember the Zanzibar lighthouse at dawn';

function searchBox(page: Page) {
  return page.getByRole('combobox', { name: 'Search messages' });
}
function results(page: Page) {
  return page.getByRole('listbox', { name: 'Search results' });
}
/** The message the last jump opened: highlighted (for a while) and focused. */
function jumpTarget(page: Page) {
  return messageLog(page).locator('.message-row.is-jump-target');
}

test.describe('searching messages and opening them where they are', () => {
  test('one conversation and all of them, accents and Arabic, a result far back highlighted, then "Jump to latest"', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    test.setTimeout(120_000);
    const history = await seedDirectHistory(stack.server.storage, {
      from: 'alice',
      to: 'bob',
      count: 600,
      text: (seq) => (seq === FAR_SEQ ? FAR_TEXT : historyText(seq)),
    });
    const bob = await newUserPage();
    await logIn(bob, stack.web.url, 'bob');
    await logIn(alice, stack.web.url, 'alice');

    // Bob writes in the group and in his chat with alice, live.
    await openChat(bob, 'Demo group');
    await sendMessage(bob, 'Meet at the Café at noon');
    await sendMessage(bob, 'نلتقي في المقهى غدا');
    await openChat(bob, 'alice');
    await sendMessage(bob, 'The café downstairs is closed');
    await expect(conversationItem(alice, 'bob')).toContainText('The café downstairs is closed');

    // Ctrl+F in the chat with bob: this conversation only; "cafe" finds "café", marked.
    await openChat(alice, 'bob');
    await expect(messageLog(alice).getByText('The café downstairs is closed', { exact: true })).toBeVisible();
    await alice.keyboard.press('Control+F');
    await expect(searchBox(alice)).toBeFocused();
    await expect(alice.getByRole('radio', { name: 'In this conversation' })).toBeChecked();
    // It lies over the wallet's column, which is out of reach (Tab, screen readers) meanwhile.
    await expect(wallet(alice)).toBeHidden();
    await searchBox(alice).fill('cafe');
    await expect(results(alice).getByRole('option')).toHaveCount(1);
    const inChat = results(alice).getByRole('option').first();
    await expect(inChat).toContainText('The café downstairs is closed');
    await expect(inChat.locator('mark')).toHaveText(['café']);

    // All conversations: the group's message too, named by its conversation, newest first.
    await alice.getByRole('radio', { name: 'All conversations' }).check();
    await expect(results(alice).getByRole('option')).toHaveCount(2);
    const inGroup = results(alice).getByRole('option').filter({ hasText: 'Meet at the Café at noon' });
    await expect(inGroup).toContainText('Demo group');
    await expect(inGroup.locator('mark')).toHaveText(['Café']);

    // Arabic, found in all conversations and marked.
    await searchBox(alice).fill('المقهى');
    await expect(results(alice).getByRole('option')).toHaveCount(1);
    await expect(results(alice).getByRole('option').locator('mark')).toHaveText(['المقهى']);

    // Nothing: said so.
    await searchBox(alice).fill('xylophone');
    await expect(alice.getByRole('status').filter({ hasText: 'No messages found' })).toBeVisible();

    // Far back in the chat with bob: opened at its place with Enter, highlighted and focused.
    await alice.getByRole('radio', { name: 'In this conversation' }).check();
    await searchBox(alice).fill('zanzibar');
    await expect(results(alice).getByRole('option')).toHaveCount(1);
    await searchBox(alice).press('Enter');
    await expect(jumpTarget(alice)).toContainText(FAR_TEXT);
    await expect(jumpTarget(alice)).toBeInViewport();
    await expect(jumpTarget(alice)).toBeFocused();
    await expect(jumpTarget(alice)).toHaveClass(/is-highlighted/);
    // Around it, not the newest: history before and after it, and the way back.
    await expect(messageLog(alice).getByText(historyText(FAR_SEQ - 1), { exact: true })).toBeAttached();
    await expect(messageLog(alice).getByText('The café downstairs is closed', { exact: true })).toHaveCount(0);
    await expect(jumpTarget(alice)).not.toHaveClass(/is-highlighted/, { timeout: 5_000 });

    // Esc closes the panel where it is beside the chat (1280 px) and gives the focus back.
    await searchBox(alice).press('Escape');
    await expect(searchBox(alice)).toBeHidden();
    await expect(wallet(alice)).toBeVisible();

    await alice.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(messageLog(alice).getByText('The café downstairs is closed', { exact: true })).toBeInViewport();
    await expect(messageLog(alice).getByText(FAR_TEXT, { exact: true })).toHaveCount(0);
    await expect(alice.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
    await expect(messageLog(alice)).toBeFocused();
    expect(history.count).toBe(600);
  });

  test('at 640 px the panel covers the chat and closes when a result is opened; Ctrl+Shift+F searches all', async ({
    page: alice,
    stack,
  }) => {
    await seedDirectHistory(stack.server.storage, {
      from: 'alice',
      to: 'bob',
      count: 300,
      text: (seq) => (seq === FAR_SEQ ? FAR_TEXT : historyText(seq)),
    });
    await alice.setViewportSize({ width: 640, height: 720 });
    await logIn(alice, stack.web.url, 'alice');
    await alice.keyboard.press('Control+Shift+F');
    await expect(searchBox(alice)).toBeFocused();
    // No conversation open: all of them is the only choice.
    await expect(alice.getByRole('radio', { name: 'All conversations' })).toBeChecked();
    await expect(alice.getByRole('radio', { name: 'In this conversation' })).toBeDisabled();
    await searchBox(alice).fill('lighthouse');
    const found = results(alice).getByRole('option');
    await expect(found).toHaveCount(1);
    await expect(found).toContainText('bob');
    await found.click();
    await expect(searchBox(alice)).toBeHidden();
    await expect(alice.getByRole('heading', { name: 'bob' })).toBeVisible();
    await expect(jumpTarget(alice)).toContainText(FAR_TEXT);
    await expect(jumpTarget(alice)).toBeInViewport();
    await expect(jumpTarget(alice)).toBeFocused();
  });

  test('Ctrl+K finds people by username: starts a chat with someone new, opens an existing one', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const dora = await newUserPage();
    await signUp(dora, stack.web.url, 'dora_the_explorer');
    await logIn(alice, stack.web.url, 'alice');

    await alice.keyboard.press('Control+K');
    const switcher = alice.getByRole('dialog', { name: 'Jump to conversation' });
    await switcher.getByRole('combobox', { name: 'Jump to' }).fill('dora');
    const people = switcher.getByRole('group', { name: 'People' });
    await expect(people.getByRole('option', { name: 'dora_the_explorer' })).toBeVisible();
    await switcher.getByRole('combobox', { name: 'Jump to' }).press('Enter');
    await expect(switcher).toBeHidden();
    await expect(alice.getByRole('heading', { name: 'dora_the_explorer' })).toBeVisible();
    await expect(alice.getByText('Say hello to dora_the_explorer.', { exact: false })).toBeVisible();
    await sendMessage(alice, 'Hello Dora');
    await expect(conversationItem(alice, 'dora_the_explorer')).toBeVisible();

    // carol: no chat of her own with alice yet, only the group, which is listed for its member.
    await alice.keyboard.press('Control+K');
    await switcher.getByRole('combobox', { name: 'Jump to' }).fill('carol');
    await expect(switcher.getByRole('option', { name: 'Demo group' })).toBeVisible();
    await people.getByRole('option', { name: 'carol' }).click();
    await expect(alice.getByRole('heading', { name: 'carol' })).toBeVisible();

    // dora's chat exists now: it is the conversation that is listed, and opened.
    await alice.keyboard.press('Control+K');
    await switcher.getByRole('combobox', { name: 'Jump to' }).fill('dora');
    await expect(switcher.getByRole('option', { name: 'dora_the_explorer' })).toHaveCount(1);
    await switcher.getByRole('combobox', { name: 'Jump to' }).press('Enter');
    await expect(messageLog(alice).getByText('Hello Dora', { exact: true })).toBeVisible();
  });
});
