import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { composer, conversationItem, fillLogIn, logIn, openChat, startChatWith } from './ui';

/** The group every demo user is in (src/server/demoSeed.ts). */
const GROUP = 'Demo group';

/** The list row's button: what a screen reader announces for the conversation. */
function row(page: Page, name: string) {
  return conversationItem(page, name).getByRole('button');
}

/** Everything the web client keeps in this browser's local storage, as one string. */
function localStorageText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ ...localStorage }));
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
}

test.describe('web client: drafts', () => {
  test('a draft survives a reload, in its conversation and for a person not yet written to; the list shows "Draft:"', async ({
    stack,
    page,
  }) => {
    await logIn(page, stack.web.url, 'alice');
    await openChat(page, GROUP);
    await composer(page).fill('Lunch at noon?');
    // Not sent: the list says so instead of the last message.
    await expect(row(page, GROUP)).toHaveAccessibleName(/Draft: Lunch at noon\?/);
    await startChatWith(page, 'carol');
    await composer(page).fill('Hi carol, about the');

    await page.reload();
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Online');
    await expect(conversationItem(page, GROUP).getByText('Draft:', { exact: true })).toBeVisible();
    await expect(row(page, GROUP)).toHaveAccessibleName(/Draft: Lunch at noon\?/);
    await openChat(page, GROUP);
    await expect(composer(page)).toHaveValue('Lunch at noon?');
    await startChatWith(page, 'carol');
    await expect(composer(page)).toHaveValue('Hi carol, about the');

    // Sending a message clears its draft, in the list too, and after a reload.
    await openChat(page, GROUP);
    await composer(page).press('Enter');
    await expect(composer(page)).toHaveValue('');
    await expect(row(page, GROUP)).toHaveAccessibleName(/You: Lunch at noon\?/);
    await expect(row(page, GROUP)).not.toHaveAccessibleName(/Draft:/);
    await page.reload();
    await expect(row(page, GROUP)).toHaveAccessibleName(/You: Lunch at noon\?/);
    await expect(row(page, GROUP)).not.toHaveAccessibleName(/Draft:/);
  });

  test('logging out leaves nothing of the drafts for the next user of the tab, nor for the same user after', async ({
    stack,
    page,
  }) => {
    await logIn(page, stack.web.url, 'alice');
    await openChat(page, GROUP);
    await composer(page).fill('alice only: the surprise party');
    await startChatWith(page, 'carol');
    await composer(page).fill('alice only: to carol');
    await logOut(page);

    // Bob on the same tab: nothing of alice's drafts in his list or his composers.
    await fillLogIn(page, 'bob');
    await expect(row(page, GROUP)).toBeVisible();
    await expect(conversationItem(page, GROUP)).not.toContainText('Draft:');
    await expect(conversationItem(page, GROUP)).not.toContainText('alice only');
    await openChat(page, GROUP);
    await expect(composer(page)).toHaveValue('');
    await startChatWith(page, 'carol');
    await expect(composer(page)).toHaveValue('');
    await logOut(page);

    // Alice back: her logout wiped them.
    await fillLogIn(page, 'alice');
    await expect(row(page, GROUP)).toBeVisible();
    await expect(conversationItem(page, GROUP)).not.toContainText('Draft:');
    await openChat(page, GROUP);
    await expect(composer(page)).toHaveValue('');
    await startChatWith(page, 'carol');
    await expect(composer(page)).toHaveValue('');
  });

  test('the logout removes the drafts from the browser', async ({ stack, page }) => {
    await logIn(page, stack.web.url, 'alice');
    await openChat(page, GROUP);
    await composer(page).fill('alice only: the surprise party');
    await startChatWith(page, 'carol');
    await composer(page).fill('alice only: to carol');
    // Kept in this browser for a reload...
    await expect.poll(() => localStorageText(page)).toContain('alice only: to carol');
    await expect.poll(() => localStorageText(page)).toContain('alice only: the surprise party');
    // ... and gone from it once she has logged out.
    await logOut(page);
    expect(await localStorageText(page)).not.toContain('alice only');
  });
});
