import { expect, test } from './fixtures';
import { bubble, connection, conversationItem, logIn, openChat, sendMessage, tickOf } from './ui';

/**
 * One login across tabs of a browser, what is read agreed on every tab and device, and group
 * ticks that say what is true (issue: "Trust", Sessions).
 */

test.describe('web client: tabs and devices of one user', () => {
  test('a new tab opens signed in, and two tabs reloaded together stay signed in', async ({ stack, browser }) => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await logIn(first, stack.web.url, 'alice');

    // A tab opened afresh: its session storage is empty, the other tab hands it the login.
    const fresh = await context.newPage();
    await fresh.goto(stack.web.url);
    await expect(connection(fresh)).toHaveText('Online');
    await expect(fresh.getByRole('button', { name: 'Log in', exact: true })).toHaveCount(0);

    // A duplicated tab starts with a copy of the first tab's session storage, refresh token included.
    const stored = await first.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    const copy = await context.newPage();
    await copy.addInitScript((entries: string) => {
      if (sessionStorage.length > 0) return;
      for (const [key, value] of JSON.parse(entries) as [string, string][]) sessionStorage.setItem(key, value);
    }, stored);
    await copy.goto(stack.web.url);
    await expect(connection(copy)).toHaveText('Online');

    // Reloading them all at once spends no refresh token twice: nobody is signed out.
    await Promise.all([first.reload(), copy.reload(), fresh.reload()]);
    for (const page of [first, copy, fresh]) {
      await expect(connection(page)).toHaveText('Online');
      await expect(page.getByText(/Your session has ended/)).toHaveCount(0);
    }
    // And again, so the tokens the first reload rotated are the ones spent next.
    await Promise.all([first.reload(), copy.reload()]);
    for (const page of [first, copy]) await expect(connection(page)).toHaveText('Online');

    // Logging out in one tab signs out all of them.
    await first.getByRole('button', { name: 'Log out' }).click();
    for (const page of [copy, fresh]) {
      await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    }
    await context.close();
  });

  test('reading on one device clears the unread badge and the title on the other devices and tabs', async ({
    stack,
    newUserPage,
  }) => {
    const phone = await newUserPage();
    const laptop = await newUserPage();
    const bob = await newUserPage();
    await logIn(phone, stack.web.url, 'alice');
    await logIn(laptop, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await openChat(bob, 'Demo group');
    for (const text of ['one', 'two', 'three']) await sendMessage(bob, text);

    const onLaptop = conversationItem(laptop, 'Demo group');
    await expect(onLaptop.getByLabel('3 unread')).toBeVisible();
    await expect(laptop).toHaveTitle('(3) Messenger');
    await expect(phone).toHaveTitle('(3) Messenger');

    await openChat(phone, 'Demo group');
    await expect(onLaptop.getByLabel(/unread/)).toHaveCount(0);
    await expect(laptop).toHaveTitle('Messenger');
    await expect(phone).toHaveTitle('Messenger');
  });
});

test.describe('web client: ticks in a group', () => {
  test('say how many read it, in the accessible name, until everyone has', async ({ stack, newUserPage }) => {
    const alice = await newUserPage();
    const bob = await newUserPage();
    const carol = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    await logIn(carol, stack.web.url, 'carol');
    await openChat(alice, 'Demo group');
    await sendMessage(alice, 'Lunch at noon?');
    await expect(bubble(alice, 'Lunch at noon?')).toBeVisible();
    // Both hold it (their apps are open), neither has read it.
    await expect(tickOf(alice, 'Lunch at noon?')).toHaveAccessibleName('Delivered');

    await openChat(bob, 'Demo group');
    await expect(tickOf(alice, 'Lunch at noon?')).toHaveAccessibleName('Read by 1 of 2');
    // Told apart by more than colour: the count is on screen.
    await expect(tickOf(alice, 'Lunch at noon?')).toContainText('1/2');

    await openChat(carol, 'Demo group');
    await expect(tickOf(alice, 'Lunch at noon?')).toHaveAccessibleName('Read by everyone');
  });
});
