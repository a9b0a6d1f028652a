import { expect, test } from './fixtures';
import {
  bubble,
  conversationItem,
  messageLog,
  payInChat,
  paymentDialog,
  sendMessage,
  signUp,
  startChatWith,
  wallet,
} from './ui';

/**
 * Issue 12, "Things a person should not have to guess": the first field takes the caret, a
 * wallet row opens its details, the activity chart has axes and values for one point too, and
 * links in messages are links (http, https, mailto) and nothing else.
 */
test.describe('web client: details a person should not have to guess', () => {
  test('the log-in screen and create account put the caret in their first field; each dialog focuses a field of its own', async ({
    page,
    stack,
  }) => {
    await page.goto(stack.web.url);
    await expect(page.getByLabel('Username or email')).toBeFocused();
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await expect(page.getByLabel('Username', { exact: true })).toBeFocused();
    await page.getByRole('button', { name: 'Have an account? Log in' }).click();
    await expect(page.getByLabel('Username or email')).toBeFocused();

    await signUp(page, stack.web.url, 'dora');
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    const dialogs = [
      { open: button('New chat'), name: 'New chat', field: page.getByRole('searchbox', { name: 'Search people' }) },
      { open: button('New group'), name: 'New group', field: page.getByRole('textbox', { name: 'Group name' }) },
      {
        open: wallet(page).getByRole('button', { name: 'Send money' }),
        name: 'Send money',
        field: page.getByRole('combobox', { name: 'Recipient' }),
      },
      { open: button('Settings'), name: 'Settings', field: null },
    ];
    for (const { open, name, field } of dialogs) {
      await open.click();
      const dialog = page.getByRole('dialog', { name });
      if (field) await expect(field).toBeFocused();
      await expect(dialog.locator(':focus')).toHaveCount(1);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
  });

  test('a wallet row opens its details: the whole long note, the full time, the balance after, and its conversation', async ({
    page: anna,
    stack,
    newUserPage,
  }) => {
    test.slow(); // two people, a deposit and a payment, on a shared machine
    const boris = await newUserPage();
    await signUp(anna, stack.web.url, 'anna');
    await signUp(boris, stack.web.url, 'boris');
    await stack.deposit('anna', 50_00, 'Opening deposit');
    await expect(wallet(anna).getByRole('status', { name: 'Balance' })).toHaveText('$50.00');

    // A note near the 200-character limit: the row shows one line of it, cut with an ellipsis.
    const note = `Rent share for March: ${'flat 3B, hallway light and the plumber, '.repeat(4)}thanks!`;
    expect(note.length).toBeLessThanOrEqual(200);
    // Paid in their conversation (a chat with a message in it: a new chat is no conversation yet).
    await startChatWith(anna, 'boris');
    await sendMessage(anna, 'Here is my share of the rent');
    await payInChat(anna, 'boris', '12.50', note, '$12.50');
    await expect(paymentDialog(anna)).toBeHidden();

    // Boris has the conversation in his list but not open; his row opens the details.
    const row = wallet(boris).getByRole('list', { name: 'Transactions' }).getByRole('button', { name: /^anna/ });
    await expect(row).toBeVisible();
    await row.click();
    const details = boris.getByRole('dialog', { name: 'Transaction details' });
    await expect(details).toBeVisible();
    await expect(details).toContainText('+$12.50');
    await expect(details.getByText(note, { exact: true })).toBeVisible();
    await expect(details).toContainText(/From\s*anna/);
    await expect(details).toContainText(/Balance after\s*\$12\.50/);
    await expect(details.locator('time')).toHaveText(/\d{4}.*\d{1,2}:\d{2}:\d{2}/);

    // Keyboard: Esc closes, the focus goes back to the row; Enter on the row opens it again.
    await boris.keyboard.press('Escape');
    await expect(details).toBeHidden();
    await expect(row).toBeFocused();
    await boris.keyboard.press('Enter');
    await expect(details).toBeVisible();

    await details.getByRole('button', { name: 'Open conversation' }).click();
    await expect(details).toBeHidden();
    await expect(messageLog(boris).getByText('anna paid you $12.50')).toBeVisible();
    await expect(conversationItem(boris, 'anna')).toBeVisible();
  });

  test('the activity chart with one transaction shows a point with its value and date, on axes, on hover and to screen readers', async ({
    page,
    stack,
  }) => {
    await signUp(page, stack.web.url, 'emil');
    await stack.deposit('emil', 25_00);
    const chart = wallet(page).getByRole('img', { name: 'Funds over time' });
    await expect(chart).toBeVisible();

    // Axes: the money axis reaches the balance, the date axis names the day of the deposit.
    const today = await page.evaluate(() =>
      new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(Date.now()),
    );
    await expect(wallet(page).locator('.recharts-yAxis-tick-labels text')).toHaveText(['$0', '$10', '$20', '$30']);
    await expect(wallet(page).locator('.recharts-xAxis-tick-labels text')).toHaveText([today]);

    // Hovering the point tells its balance.
    await wallet(page).locator('.recharts-area-dots circle').first().hover();
    await expect(wallet(page).locator('.recharts-tooltip-wrapper')).toContainText('$25.00');

    // Screen readers get the same point as text.
    const table = wallet(page).getByRole('table', { name: 'Balance after each transaction' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('$25.00');
  });

  test('https and mailto in a message are links that open in a new tab without the opener; javascript: and file: stay text', async ({
    page: anna,
    stack,
    newUserPage,
  }) => {
    test.slow(); // two people and a new tab, on a shared machine
    const boris = await newUserPage();
    await signUp(boris, stack.web.url, 'boris');
    await signUp(anna, stack.web.url, 'anna');
    await startChatWith(anna, 'boris');
    await sendMessage(anna, 'docs: https://example.com/docs?page=2 or write to mailto:boris@example.com.');
    await sendMessage(anna, 'not links: javascript:alert(1) file:///etc/passwd data:text/html,hi');

    await expect(
      bubble(anna, 'docs: https://example.com/docs?page=2 or write to mailto:boris@example.com.'),
    ).toBeVisible();
    const links = messageLog(anna).getByRole('link');
    await expect(links).toHaveCount(2);
    for (const address of ['https://example.com/docs?page=2', 'mailto:boris@example.com']) {
      const link = messageLog(anna).getByRole('link', { name: address });
      await expect(link).toHaveAttribute('href', address);
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    }
    await expect(bubble(anna, 'not links: javascript:alert(1) file:///etc/passwd data:text/html,hi')).toBeVisible();

    // A click opens the address in a new tab that cannot reach back to the app.
    await anna
      .context()
      .route(/^https:\/\/example\.com\//, (route) => route.fulfill({ body: '<p>docs</p>', contentType: 'text/html' }));
    const [tab] = await Promise.all([
      anna.context().waitForEvent('page'),
      messageLog(anna).getByRole('link', { name: 'https://example.com/docs?page=2' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(await tab.evaluate(() => window.opener)).toBeNull();
  });
});
