import { randomUUID } from 'node:crypto';
import { type Stack, expect, test } from './fixtures';
import {
  DEMO_PASSWORD,
  balance,
  conversationItem,
  logIn,
  messageLog,
  openChat,
  payButton,
  payInChat,
  paymentDialog,
  reviewAndPay,
  sendMessage,
  signUp,
  startChatWith,
  toasts,
  wallet,
} from './ui';

test.describe('web client: payments', () => {
  test('a funded user pays another from the wallet: both balances move live, the payee gets a toast; too much is refused in the dialog', async ({
    page: anna,
    stack,
    newUserPage,
  }) => {
    const boris = await newUserPage();
    await signUp(anna, stack.web.url, 'anna');
    await signUp(boris, stack.web.url, 'boris');
    await expect(balance(anna)).toHaveText('$0.00');
    await expect(balance(boris)).toHaveText('$0.00');

    // An operator's deposit shows up without a reload, and is announced (PROTOCOL.md "Money").
    await stack.deposit('anna', 50_00, 'Opening deposit');
    await expect(balance(anna)).toHaveText('$50.00');
    await expect(toasts(anna).filter({ hasText: 'You received $50.00 — “Opening deposit”' })).toBeVisible();

    await wallet(anna).getByRole('button', { name: 'Send money', exact: true }).click();
    const dialog = paymentDialog(anna);
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('bor');
    await dialog.getByRole('option', { name: 'boris' }).click();
    await expect(dialog.getByRole('combobox', { name: 'Recipient' })).toHaveValue('boris');
    await dialog.getByLabel('Amount').fill('12.50');
    await dialog.getByLabel('Note').fill('Lunch');
    await reviewAndPay(anna, 'boris', '$12.50');

    // Both sides move at once, with no reload; the payee is told who paid and how much.
    await expect(balance(anna)).toHaveText('$37.50');
    await expect(balance(boris)).toHaveText('$12.50');
    await expect(toasts(boris).filter({ hasText: 'anna paid you $12.50' })).toBeVisible();
    await expect(wallet(anna).getByRole('list', { name: 'Transactions' })).toContainText('12.50');
    await expect(wallet(anna).getByRole('img', { name: /over time/ })).toBeVisible();
    await expect(wallet(boris).getByRole('list', { name: 'Transactions' })).toContainText('12.50');

    // More than the balance: refused in the dialog with the reason, and nothing moves.
    await wallet(anna).getByRole('button', { name: 'Send money', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('boris');
    await dialog.getByLabel('Amount').fill('100');
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog).toContainText(/insufficient funds/i);
    await expect(payButton(anna)).toHaveCount(0);
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(balance(anna)).toHaveText('$37.50');
    await expect(balance(boris)).toHaveText('$12.50');
    const [annaOnServer, borisOnServer] = await Promise.all(
      ['anna', 'boris'].map(async (name) => {
        const user = await stack.server.storage.users.findByLogin(name);
        return stack.server.storage.ledger.balanceOf(user!.id);
      }),
    );
    expect({ anna: annaOnServer, boris: borisOnServer }).toEqual({ anna: 37_50, boris: 12_50 });
  });

  test('"Pay <name>" in a chat sends money that shows as its own bubble on both sides', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    // Demo wallets start with 1,000.00.
    await expect(balance(alice)).toHaveText('$1,000.00');

    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Here is my share');
    await openChat(bob, 'alice');
    await expect(messageLog(bob).getByText('Here is my share', { exact: true })).toBeVisible();

    await payInChat(alice, 'bob', '5', 'For the tickets', '$5.00');

    await expect(messageLog(alice).getByText('You paid bob $5.00')).toBeVisible();
    await expect(messageLog(alice).getByText('For the tickets')).toBeVisible();
    await expect(messageLog(bob).getByText('alice paid you $5.00')).toBeVisible();
    await expect(messageLog(bob).getByText('For the tickets')).toBeVisible();
    await expect(balance(alice)).toHaveText('$995.00');
    await expect(balance(bob)).toHaveText('$1,005.00');
    await expect(conversationItem(bob, 'alice')).toContainText('alice paid you $5.00');
    await expect(conversationItem(alice, 'bob')).toContainText('You paid bob $5.00');
  });
});

/** The group every demo user is in (src/server/demoSeed.ts). */
const GROUP = 'Demo group';

/**
 * `from` pays `to` in the conversation titled `title`, from another device of theirs (a mobile
 * client, over REST): the web client cannot pay inside a group, but others can.
 */
async function payFromAnotherDevice(stack: Stack, from: string, to: string, amount: number, title: string) {
  const url = stack.server.url;
  const json = { 'content-type': 'application/json' };
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: from, password: DEMO_PASSWORD }),
  });
  const { token } = ((await login.json()) as { data: { token: string } }).data;
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${url}/api/messages/conversations`, { headers: auth })).json()) as {
    data: { conversations: { _id: string; title: string | null }[] };
  };
  const conversationId = list.data.conversations.find((c) => c.title === title)!._id;
  const payee = await stack.server.storage.users.findByLogin(to);
  const paid = await fetch(`${url}/api/wallet/transfers`, {
    method: 'POST',
    headers: { ...json, ...auth, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ toUserId: payee!.id, amount, conversationId }),
  });
  expect(paid.status).toBe(201);
}

async function serverBalances(stack: Stack, ...names: string[]): Promise<number[]> {
  return Promise.all(
    names.map(async (name) => {
      const user = await stack.server.storage.users.findByLogin(name);
      return stack.server.storage.ledger.balanceOf(user!.id);
    }),
  );
}

test.describe('web client: money never moves by mistake', () => {
  test('a typo is "Not a valid amount"; the review says whom and how much, "Back" keeps everything, Esc pays nothing', async ({
    page: alice,
    stack,
  }) => {
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await alice.getByRole('button', { name: 'Pay bob' }).click();
    const dialog = paymentDialog(alice);
    const amount = dialog.getByLabel('Amount');
    await expect(amount).toHaveAttribute('placeholder', '0.00');

    // The typos once paid 1,250.00 and 15.00.
    for (const typo of ['12.50.00', '1.5.0', '12,34.5']) {
      await amount.fill(typo);
      await dialog.getByRole('button', { name: 'Review payment' }).click();
      await expect(dialog.getByText('Not a valid amount', { exact: true })).toBeVisible();
      await expect(amount).toHaveAttribute('aria-invalid', 'true');
      await expect(payButton(alice)).toHaveCount(0);
    }

    await amount.fill('12.50');
    await dialog.getByLabel('Note').fill('Lunch');
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Pay $12.50 to bob', { exact: true })).toBeVisible();
    await expect(dialog.getByText('Lunch', { exact: true })).toBeVisible();
    await expect(dialog.getByText('$987.50', { exact: true })).toBeVisible();
    await expect(payButton(alice)).toHaveAccessibleName('Pay $12.50');

    await dialog.getByRole('button', { name: 'Back' }).click();
    await expect(amount).toHaveValue('12.50');
    await expect(dialog.getByLabel('Note')).toHaveValue('Lunch');
    await expect(dialog.getByRole('combobox', { name: 'Recipient' })).toHaveValue('bob');

    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(payButton(alice)).toBeVisible();
    await alice.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Nothing moved, nothing was posted.
    await expect(balance(alice)).toHaveText('$1,000.00');
    expect(await serverBalances(stack, 'alice', 'bob')).toEqual([1_000_00, 1_000_00]);
    await expect(messageLog(alice).getByText(/paid/)).toHaveCount(0);
  });
});

test.describe('web client: three people in a group', () => {
  test('alice pays bob in the group: each reads it from their side, in the bubble, the list and the toast', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const bob = await newUserPage();
    const carol = await newUserPage();
    await Promise.all([
      logIn(alice, stack.web.url, 'alice'),
      logIn(bob, stack.web.url, 'bob'),
      logIn(carol, stack.web.url, 'carol'),
    ]);
    for (const page of [alice, bob, carol]) await openChat(page, GROUP);

    await payFromAnotherDevice(stack, 'alice', 'bob', 50_00, GROUP);

    const seen = [
      [alice, 'You paid bob $50.00'],
      [bob, 'alice paid you $50.00'],
      [carol, 'alice paid bob $50.00'],
    ] as const;
    for (const [page, sentence] of seen) {
      await expect(messageLog(page).getByText(sentence, { exact: true })).toBeVisible();
      await expect(conversationItem(page, GROUP)).toContainText(sentence);
    }
    await expect(toasts(bob).filter({ hasText: 'alice paid you $50.00' })).toBeVisible();
    await expect(balance(bob)).toHaveText('$1,050.00');
    await expect(balance(carol)).toHaveText('$1,000.00');
    // Nobody but bob is told "you" were paid.
    for (const page of [alice, carol]) await expect(page.getByText(/paid you/)).toHaveCount(0);
  });
});

test.describe('web client: a currency without decimals', () => {
  test.use({ serverEnv: { CURRENCY: 'JPY' } });

  test('with CURRENCY=JPY, 500 yen is ¥500 everywhere: input, review, bubbles, toast, wallet', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    const bob = await newUserPage();
    await logIn(alice, stack.web.url, 'alice');
    await logIn(bob, stack.web.url, 'bob');
    // The demo wallets hold 100,000 minor units: yen, here.
    await expect(balance(alice)).toHaveText('¥100,000');

    await startChatWith(alice, 'bob');
    await sendMessage(alice, 'Ramen?');
    await openChat(bob, 'alice');
    await alice.getByRole('button', { name: 'Pay bob' }).click();
    const dialog = paymentDialog(alice);
    const amount = dialog.getByLabel('Amount');
    await expect(amount).toHaveAttribute('placeholder', '0');
    await amount.fill('500.5');
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Not a valid amount', { exact: true })).toBeVisible();
    await amount.fill('500');
    await dialog.getByLabel('Note').fill('Ramen');
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Pay ¥500 to bob', { exact: true })).toBeVisible();
    await expect(dialog.getByText('¥99,500', { exact: true })).toBeVisible();
    await expect(payButton(alice)).toHaveAccessibleName('Pay ¥500');
    await payButton(alice).click();
    await expect(dialog).toBeHidden();

    await expect(toasts(alice).filter({ hasText: 'You paid bob ¥500' })).toBeVisible();
    await expect(messageLog(alice).getByText('You paid bob ¥500', { exact: true })).toBeVisible();
    await expect(messageLog(bob).getByText('alice paid you ¥500', { exact: true })).toBeVisible();
    await expect(toasts(bob).filter({ hasText: 'alice paid you ¥500' })).toBeVisible();
    await expect(conversationItem(bob, 'alice')).toContainText('alice paid you ¥500');
    await expect(balance(alice)).toHaveText('¥99,500');
    await expect(balance(bob)).toHaveText('¥100,500');
    await expect(wallet(bob).getByRole('list', { name: 'Transactions' })).toContainText('+¥500');
    await expect(wallet(alice).getByRole('img', { name: /over time/ })).toContainText('between ¥99,500 and ¥100,000');
    expect(await serverBalances(stack, 'alice', 'bob')).toEqual([99_500, 100_500]);
    // The old reading of every amount as cents: "5.00" and "1,000.00" appear nowhere.
    for (const page of [alice, bob]) await expect(page.locator('body')).not.toContainText(/\b(5\.00|1,000\.00)\b/);
  });
});

test.describe('web client: amounts in the user’s locale', () => {
  test.use({ locale: 'de-DE' });

  test('in German, "12,50" is twelve fifty and "12.50" is not an amount', async ({ page: alice, stack }) => {
    await logIn(alice, stack.web.url, 'alice');
    await startChatWith(alice, 'bob');
    await alice.getByRole('button', { name: 'Pay bob' }).click();
    const dialog = paymentDialog(alice);
    const amount = dialog.getByLabel('Amount');
    await expect(amount).toHaveAttribute('placeholder', '0,00');
    // The symbol sits where German writes it, after the number, as every amount reads ("12,50 $").
    const field = dialog.locator('.input-with-prefix', { has: alice.getByLabel('Amount') });
    await expect(field.locator('.input-suffix')).toHaveText('$');
    await expect(field.locator('.input-prefix')).toHaveCount(0);
    await amount.fill('12.50');
    await dialog.getByRole('button', { name: 'Review payment' }).click();
    await expect(dialog.getByText('Not a valid amount', { exact: true })).toBeVisible();
    await amount.fill('12,50');
    await reviewAndPay(alice, 'bob', '12,50\u00a0$');
    await expect(balance(alice)).toHaveText('987,50\u00a0$');
    expect(await serverBalances(stack, 'alice')).toEqual([987_50]);
  });
});
