import { expect, test } from './fixtures';
import {
  balance,
  conversationItem,
  logIn,
  messageLog,
  openChat,
  payInChat,
  paymentDialog,
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

    // An operator's deposit shows up without a reload.
    await stack.deposit('anna', 50_00, 'Opening deposit');
    await expect(balance(anna)).toHaveText('$50.00');

    await wallet(anna).getByRole('button', { name: 'Send money', exact: true }).click();
    const dialog = paymentDialog(anna);
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('bor');
    await dialog.getByRole('option', { name: 'boris' }).click();
    await expect(dialog.getByRole('combobox', { name: 'Recipient' })).toHaveValue('boris');
    await dialog.getByLabel('Amount').fill('12.50');
    await dialog.getByLabel('Note').fill('Lunch');
    await dialog.getByRole('button', { name: 'Confirm payment' }).click();
    await expect(dialog).toBeHidden();

    // Both sides move at once, with no reload; the payee is told who paid and how much.
    await expect(balance(anna)).toHaveText('$37.50');
    await expect(balance(boris)).toHaveText('$12.50');
    await expect(toasts(boris).filter({ hasText: 'anna sent you $12.50' })).toBeVisible();
    await expect(wallet(anna).getByRole('list', { name: 'Transactions' })).toContainText('12.50');
    await expect(wallet(anna).getByRole('img', { name: /over time/ })).toBeVisible();
    await expect(wallet(boris).getByRole('list', { name: 'Transactions' })).toContainText('12.50');

    // More than the balance: refused in the dialog with the reason, and nothing moves.
    await wallet(anna).getByRole('button', { name: 'Send money', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Recipient' }).fill('boris');
    await dialog.getByLabel('Amount').fill('100');
    await dialog.getByRole('button', { name: 'Confirm payment' }).click();
    await expect(dialog).toContainText(/insufficient funds/i);
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

    await payInChat(alice, 'bob', '5', 'For the tickets');

    await expect(messageLog(alice).getByText('You sent $5.00')).toBeVisible();
    await expect(messageLog(alice).getByText('For the tickets')).toBeVisible();
    await expect(messageLog(bob).getByText('alice sent you $5.00')).toBeVisible();
    await expect(messageLog(bob).getByText('For the tickets')).toBeVisible();
    await expect(balance(alice)).toHaveText('$995.00');
    await expect(balance(bob)).toHaveText('$1,005.00');
    await expect(conversationItem(bob, 'alice')).toContainText('Payment of $5.00');
  });
});
