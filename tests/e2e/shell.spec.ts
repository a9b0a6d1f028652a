import { expect, test } from './fixtures';
import { seedDirectHistory } from './seedHistory';
import {
  THEME_BACKGROUNDS,
  connection,
  logIn,
  messageLog,
  openChat,
  sendMessage,
  startChatWith,
  themeBackground,
} from './ui';

test.describe('web client: settings, quick switcher, reading back', () => {
  test('the theme chosen in Settings wins over the system one, and a reload keeps it', async ({ page, stack }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await logIn(page, stack.web.url, 'alice');
    await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS.light);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    // The radios are drawn as cards: the label is what takes the click.
    await settings.getByText('Dark', { exact: true }).click();
    await expect(settings.getByRole('radio', { name: 'Dark' })).toBeChecked();
    await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS.dark);
    await page.keyboard.press('Escape');
    await expect(settings).toBeHidden();

    await page.reload();
    await expect(connection(page)).toHaveText('Online');
    await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS.dark);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(settings.getByRole('radio', { name: 'Dark' })).toBeChecked();
    await settings.getByText('System', { exact: true }).click();
    await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS.light);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => themeBackground(page)).toBe(THEME_BACKGROUNDS.dark);
  });

  test('Ctrl+K jumps to a conversation by part of its name', async ({ page, stack }) => {
    await logIn(page, stack.web.url, 'alice');
    await startChatWith(page, 'bob');
    await sendMessage(page, 'Hello from the switcher test');

    await page.keyboard.press('Control+K');
    const switcher = page.getByRole('dialog', { name: 'Jump to conversation' });
    await expect(switcher).toBeVisible();
    await page.keyboard.type('demo');
    await expect(switcher.getByRole('option', { name: 'Demo group' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(switcher).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Demo group' })).toBeVisible();

    await page.keyboard.press('Control+K');
    await page.keyboard.type('bo');
    await switcher.getByRole('option', { name: 'bob' }).click();
    await expect(page.getByRole('heading', { name: 'bob' })).toBeVisible();
    await expect(messageLog(page).getByText('Hello from the switcher test')).toBeVisible();
  });

  test('reading back, a new message shows a "New messages" pill that brings the view to it', async ({
    page: bob,
    stack,
    newUserPage,
  }) => {
    const history = await seedDirectHistory(stack.server.storage, { from: 'alice', to: 'bob', count: 300, days: 3 });
    await logIn(bob, stack.web.url, 'bob');
    await openChat(bob, 'alice');
    const log = messageLog(bob);
    await expect(log.getByText(history.lastText, { exact: true })).toBeInViewport();

    // Read back a long way: the newest is out of view.
    await log.hover();
    await expect(async () => {
      await bob.mouse.wheel(0, -3000);
      await expect(log.getByText(history.lastText, { exact: true })).not.toBeInViewport({ timeout: 500 });
    }).toPass();
    const pill = bob.getByRole('button', { name: /New messages/ });
    await expect(pill).toHaveCount(0);

    const alice = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await openChat(alice, 'bob');
    await sendMessage(alice, 'Are you reading all of that?');

    // The view stays where the reader is; the pill offers the way down.
    await expect(pill).toBeVisible();
    await expect(log.getByText('Are you reading all of that?', { exact: true })).not.toBeInViewport();
    await pill.click();
    await expect(log.getByText('Are you reading all of that?', { exact: true })).toBeInViewport();
    await expect(pill).toBeHidden();
  });
});
