import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * The steps the end-to-end tests take through the web client, by the accessible names the UI
 * promises, so a test reads like what a person does. The one exception is a message bubble,
 * which has no role of its own: it is the `.message` around a text.
 */

export const DEMO_PASSWORD = 'demo-password';
const NEW_ACCOUNT_PASSWORD = 'a long enough password';

export function connection(page: Page): Locator {
  return page.getByRole('status', { name: 'Connection' });
}

/** The root's background as computed: theme.css paints `--bg` there, so it tells which theme is on. */
export function themeBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

/** What `themeBackground` reads in each theme (theme.css `--bg`: white in light, near black in dark). */
export const THEME_BACKGROUNDS = { light: 'rgb(255, 255, 255)', dark: 'rgb(21, 23, 27)' } as const;
export type Theme = keyof typeof THEME_BACKGROUNDS;

/** Creates an account through "Create account" and waits until the app is online as that user. */
export async function signUp(page: Page, webUrl: string, username: string): Promise<void> {
  await page.goto(webUrl);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Email', { exact: true }).fill(`${username}@example.test`);
  await page.getByLabel('Password', { exact: true }).fill(NEW_ACCOUNT_PASSWORD);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(connection(page)).toHaveText('Online');
}

/** Logs in through the sign-in form and waits until the app is online. */
export async function logIn(page: Page, webUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(webUrl);
  await fillLogIn(page, username, password);
}

/**
 * Fills and sends the sign-in form already on screen and waits until the app is online: what
 * `logIn` does after loading the web client, and all there is to do in the desktop app, whose
 * window opens on that form by itself.
 */
export async function fillLogIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(connection(page)).toHaveText('Online');
}

/** The signed-in user's name at the top of the sidebar. */
export function signedInAs(page: Page, username: string): Locator {
  return page.getByRole('navigation').getByText(username, { exact: true }).first();
}

export function conversationList(page: Page): Locator {
  return page.getByRole('list', { name: 'Conversations' });
}

/** The conversation row showing `name` (the other person in a direct chat, the title of a group). */
export function conversationItem(page: Page, name: string): Locator {
  // By the row's name alone: a preview may name the same person ("alice: hi").
  const exactName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return conversationList(page)
    .getByRole('listitem')
    .filter({ has: page.locator('.row-name').filter({ hasText: exactName }) });
}

/** Opens an existing conversation by clicking its row in the list. */
export async function openChat(page: Page, name: string): Promise<void> {
  await conversationItem(page, name).getByRole('button').click();
}

/** "New chat" → "Search people" → the person: opens the chat with them, new or existing. */
export async function startChatWith(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  await dialog.getByRole('searchbox', { name: 'Search people' }).fill(username);
  await dialog.getByRole('button', { name: username, exact: true }).click();
  await expect(dialog).toBeHidden();
}

export function messageLog(page: Page): Locator {
  return page.getByRole('log', { name: 'Messages' });
}

export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message', exact: true });
}

/** Types a message and sends it with Enter, as people do. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
}

/** The bubble of one message in the open conversation, found by its text. */
export function bubble(page: Page, text: string): Locator {
  return messageLog(page)
    .locator('.message')
    .filter({ has: page.getByText(text, { exact: true }) });
}

/** The delivery tick of an own message ("Sending", "Sent", "Delivered", "Read"). */
export function tickOf(page: Page, text: string): Locator {
  return bubble(page, text).getByRole('img');
}

export function wallet(page: Page): Locator {
  return page.getByRole('region', { name: 'Wallet' });
}

export function balance(page: Page): Locator {
  return wallet(page).getByRole('status', { name: 'Balance' });
}

export function paymentDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Send money' });
}

/** The payment dialog's "Pay $12.50" on its review step: the one button that sends money. */
export function payButton(page: Page): Locator {
  return paymentDialog(page).getByRole('button', { name: /^Pay / });
}

/**
 * The payment dialog's form → "Review payment" → the review, which must say `Pay <sum> to <name>`
 * (`sum` as shown, say "$12.50"; any when omitted) → its "Pay" button. Waits until the dialog has
 * closed (paid, or handed to the queue).
 */
export async function reviewAndPay(page: Page, name: string, sum?: string): Promise<void> {
  const dialog = paymentDialog(page);
  await dialog.getByRole('button', { name: 'Review payment' }).click();
  await expect(dialog.getByText(sum ? `Pay ${sum} to ${name}` : new RegExp(`^Pay .+ to ${name}$`))).toBeVisible();
  await payButton(page).click();
  await expect(dialog).toBeHidden();
}

/**
 * "Pay <name>" in the open chat with them: checks the dialog comes with them as the recipient,
 * fills in `amount` and `note`, pays through the review, and waits until the dialog has closed.
 */
export async function payInChat(page: Page, name: string, amount: string, note: string, sum?: string): Promise<void> {
  await page.getByRole('button', { name: `Pay ${name}` }).click();
  const dialog = paymentDialog(page);
  await expect(dialog.getByRole('combobox', { name: 'Recipient' })).toHaveValue(name);
  await dialog.getByLabel('Amount').fill(amount);
  await dialog.getByLabel('Note').fill(note);
  await reviewAndPay(page, name, sum);
}

/** The corner where toasts appear. */
export function toaster(page: Page): Locator {
  return page.getByRole('region', { name: 'Notifications' });
}

/** The toasts that inform (a payment arrived); one about a failure is an alert instead. */
export function toasts(page: Page): Locator {
  return toaster(page).getByRole('status');
}
