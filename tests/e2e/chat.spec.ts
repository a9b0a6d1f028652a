import { expect, test } from './fixtures';
import {
  bubble,
  composer,
  connection,
  conversationItem,
  messageLog,
  openChat,
  sendMessage,
  signUp,
  startChatWith,
  tickOf,
} from './ui';

test.describe('web client: two people chat', () => {
  test('new accounts find each other, chat live both ways, see typing, unread and read receipts; a reload keeps it all', async ({
    stack,
    newUserPage,
  }) => {
    const anna = await newUserPage();
    const boris = await newUserPage();
    await signUp(anna, stack.web.url, 'anna');
    await signUp(boris, stack.web.url, 'boris');

    // Anna starts the chat: there is no conversation yet, the first message creates it.
    await startChatWith(anna, 'boris');
    await expect(anna.getByRole('heading', { name: 'boris' })).toBeVisible();
    await sendMessage(anna, 'Hello Boris');
    await sendMessage(anna, 'Are you there?');
    await expect(bubble(anna, 'Hello Boris')).toBeVisible();

    // Boris has not opened it: he sees it in his list, unread, and Anna sees "Delivered", not "Read".
    const annaRow = conversationItem(boris, 'anna');
    await expect(annaRow).toContainText('Are you there?');
    await expect(annaRow.getByLabel('2 unread')).toBeVisible();
    await expect(tickOf(anna, 'Are you there?')).toHaveAccessibleName('Delivered');
    await expect(tickOf(anna, 'Hello Boris')).toHaveAccessibleName('Delivered');

    // Boris opens it: the messages are there, the badge goes, and Anna's ticks turn to "Read".
    await openChat(boris, 'anna');
    await expect(messageLog(boris).getByText('Hello Boris', { exact: true })).toBeVisible();
    await expect(messageLog(boris).getByText('Are you there?', { exact: true })).toBeVisible();
    await expect(annaRow.getByLabel(/unread/)).toHaveCount(0);
    await expect(tickOf(anna, 'Hello Boris')).toHaveAccessibleName('Read');
    await expect(tickOf(anna, 'Are you there?')).toHaveAccessibleName('Read');

    // Boris writes: Anna sees him typing, then his message, live.
    await composer(boris).pressSequentially('Hi Ann');
    await expect(anna.getByText('boris is typing…')).toBeVisible();
    await composer(boris).pressSequentially('a!');
    await composer(boris).press('Enter');
    await expect(messageLog(anna).getByText('Hi Anna!', { exact: true })).toBeVisible();
    await expect(anna.getByText('boris is typing…')).toBeHidden();
    // Anna has the conversation open, so Boris's message is read at once.
    await expect(tickOf(boris, 'Hi Anna!')).toHaveAccessibleName('Read');

    // Anna types too: Boris sees it; her answer arrives on his side.
    await composer(anna).pressSequentially('Good');
    await expect(boris.getByText('anna is typing…')).toBeVisible();
    await composer(anna).fill('');
    await sendMessage(anna, 'Good to see you here');
    await expect(messageLog(boris).getByText('Good to see you here', { exact: true })).toBeVisible();

    // A reload keeps the session and the history.
    await boris.reload();
    await expect(connection(boris)).toHaveText('Online');
    await expect(boris.getByRole('button', { name: 'Log in', exact: true })).toHaveCount(0);
    await openChat(boris, 'anna');
    for (const text of ['Hello Boris', 'Are you there?', 'Hi Anna!', 'Good to see you here']) {
      await expect(messageLog(boris).getByText(text, { exact: true })).toBeVisible();
    }
    await expect(tickOf(boris, 'Hi Anna!')).toHaveAccessibleName('Read');
    // Each message once: nothing doubled by the reload's catch-up.
    await expect(messageLog(boris).getByText('Hello Boris', { exact: true })).toHaveCount(1);
  });
});
