import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { connection, logIn, messageLog, openChat, sendMessage, startChatWith, tickOf } from './ui';

/** The reconnect backoff is capped at 30 s: the engine is back within that once the server is. */
const RECONNECT_TIMEOUT_MS = 35_000;

/** The texts of the open conversation's messages, top to bottom (all are rendered: the chat is short). */
function messageTexts(page: Page): Promise<string[]> {
  return messageLog(page).locator('.message-text').allTextContents();
}

test.describe('web client: a dropped connection', () => {
  test('messages written while the server is down wait as "Sending", then arrive once each, in order', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');

    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Before the drop');
    await openChat(bob, 'alice');
    await expect(messageLog(bob).getByText('Before the drop', { exact: true })).toBeVisible();

    await stack.stopServer();
    await expect(connection(alice)).toContainText('Reconnecting');
    await expect(connection(bob)).toContainText('Reconnecting');

    // Written while down: shown at once, waiting.
    await sendMessage(alice, 'Written while down, one');
    await sendMessage(alice, 'Written while down, two');
    await expect(tickOf(alice, 'Written while down, one')).toHaveAccessibleName('Sending');
    await expect(tickOf(alice, 'Written while down, two')).toHaveAccessibleName('Sending');
    await sendMessage(bob, 'Bob wrote this offline');
    await expect(tickOf(bob, 'Bob wrote this offline')).toHaveAccessibleName('Sending');

    await stack.startServerAgain();
    await expect(connection(alice)).toHaveText('Online', { timeout: RECONNECT_TIMEOUT_MS });
    await expect(connection(bob)).toHaveText('Online', { timeout: RECONNECT_TIMEOUT_MS });

    // Each side has the other's messages exactly once, in the order they were written.
    const expected = ['Before the drop', 'Written while down, one', 'Written while down, two'];
    await expect(messageLog(bob).getByText('Written while down, two', { exact: true })).toBeVisible();
    await expect(messageLog(alice).getByText('Bob wrote this offline', { exact: true })).toBeVisible();
    await expect
      .poll(async () => (await messageTexts(bob)).filter((text) => expected.includes(text)))
      .toEqual(expected);
    await expect.poll(() => messageTexts(alice)).toContain('Bob wrote this offline');
    // Bob has the chat open, so Alice's messages are read once they arrive.
    await expect(tickOf(alice, 'Written while down, two')).toHaveAccessibleName('Read');
    await expect(tickOf(bob, 'Bob wrote this offline')).not.toHaveAccessibleName('Sending');

    // The server holds them once too: a fresh load (reload) shows the same, no repeats.
    await bob.reload();
    await expect(connection(bob)).toHaveText('Online');
    await openChat(bob, 'alice');
    await expect(messageLog(bob).getByText('Bob wrote this offline', { exact: true })).toBeVisible();
    const afterReload = await messageTexts(bob);
    for (const text of [...expected, 'Bob wrote this offline']) {
      expect(
        afterReload.filter((shown) => shown === text),
        text,
      ).toHaveLength(1);
    }
  });
});
