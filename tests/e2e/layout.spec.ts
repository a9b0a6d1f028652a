import type { Locator, Page } from '@playwright/test';
import { type Stack, expect, test } from './fixtures';
import {
  balance,
  connection,
  conversationItem,
  conversationList,
  logIn,
  openChat,
  payInChat,
  paymentDialog,
  sendMessage,
  signUp,
  startChatWith,
  toasts,
  wallet,
} from './ui';

/**
 * The layout at any window size and zoom (issue 12, "Layout"): every part of the app in reach,
 * nothing wider than its column, notices placed where they cover nothing.
 *
 * Zoom is emulated as the browser does it: 200 % zoom of a 1280×800 window is a 640×400 CSS-pixel
 * viewport at a device pixel ratio of 2.
 */

/** The longest username there can be (32 characters) and one word: nothing to wrap at. */
const LONG_USERNAME = 'Maximilian.Wolfgang.Wagner-Wendt';
/** The longest group name there can be (100 characters). */
const LONG_GROUP_NAME =
  'Saturday trip to the mountains with everyone from the climbing club, their friends and the families'
    .padEnd(100, '!')
    .slice(0, 100);
/** A last message of 120 characters, the list's preview of it. */
const LONG_MESSAGE =
  'Who is bringing the rope? I can take the stove and two of the tents if someone drives us up to the hut on Friday night'
    .padEnd(120, '.')
    .slice(0, 120);

/** The Unicode isolates (FSI, LRI, RLI, PDI) the UI puts around names: in a tooltip they show nothing. */
const withoutIsolates = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

/** How much wider `locator`'s content is than its box (0 or less: it does not scroll sideways). */
function sidewaysOverflow(locator: Locator): Promise<number> {
  return locator.evaluate((element) => element.scrollWidth - element.clientWidth);
}

/** The whole page and each column: none may scroll sideways. */
async function expectNoSidewaysOverflow(page: Page, where: string): Promise<void> {
  const boxes: [string, Locator][] = [
    ['document', page.locator('html')],
    ['sidebar', page.getByRole('navigation', { name: 'Chats' })],
    ['conversation list', conversationList(page)],
    ['chat header', page.locator('.conversation-header')],
  ];
  if (await wallet(page).isVisible()) {
    boxes.push(['wallet', wallet(page)], ['transactions', wallet(page).getByRole('list', { name: 'Transactions' })]);
  }
  for (const [name, box] of boxes) {
    expect(await sidewaysOverflow(box), `${name} scrolls sideways at ${where}`).toBeLessThanOrEqual(0);
  }
}

/** Whether the text of `locator` is cut with "…" (wider than its box, `text-overflow: ellipsis`). */
function isCutWithEllipsis(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element) => element.scrollWidth > element.clientWidth && getComputedStyle(element).textOverflow === 'ellipsis',
  );
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no box for ${String(locator)}`);
  return box;
}

/**
 * Alice with the longest names there are: a group of the longest name whose last message is 120
 * characters, and a chat (and a payment with a long note) with the user of the longest username.
 * Leaves the chat with that user open.
 */
async function aliceWithLongNames(alice: Page, stack: Stack, newUserPage: () => Promise<Page>): Promise<void> {
  await signUp(await newUserPage(), stack.web.url, LONG_USERNAME);
  await logIn(alice, stack.web.url, 'alice');

  await alice.getByRole('button', { name: 'New group', exact: true }).click();
  const newGroup = alice.getByRole('dialog', { name: 'New group' });
  await newGroup.getByLabel('Group name').fill(LONG_GROUP_NAME);
  await newGroup.getByRole('searchbox', { name: 'Add people' }).fill('bob');
  await newGroup.getByRole('checkbox', { name: 'bob', exact: true }).check();
  await newGroup.getByRole('button', { name: 'Create group', exact: true }).click();
  await expect(newGroup).toBeHidden();
  await sendMessage(alice, LONG_MESSAGE);

  await startChatWith(alice, LONG_USERNAME);
  await sendMessage(alice, LONG_MESSAGE);
  await payInChat(alice, LONG_USERNAME, '1', LONG_MESSAGE);
  await expect(conversationItem(alice, LONG_USERNAME)).toBeVisible();
}

/** Sizes where the wallet column does not fit: each must still reach all of the wallet. */
const NARROW = [
  { name: 'an 800×600 window', viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 },
  { name: 'a 640 px wide window', viewport: { width: 640, height: 720 }, deviceScaleFactor: 1 },
  { name: 'a 1280×800 window at 200 % zoom', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
] as const;

for (const size of NARROW) {
  test.describe(`layout in ${size.name}`, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('the wallet is a panel behind the "Wallet" button, with the same names inside; Esc gives the focus back', async ({
      page,
      stack,
    }) => {
      await logIn(page, stack.web.url, 'alice');
      const button = page.getByRole('button', { name: 'Wallet', exact: true });
      await expect(wallet(page)).toBeHidden();
      await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'true');

      const panel = wallet(page);
      await expect(balance(page)).toHaveText('$1,000.00');
      await expect(balance(page)).toBeInViewport();
      await expect(panel.getByRole('heading', { name: 'Activity' })).toBeVisible();
      await expect(panel.getByRole('list', { name: 'Transactions' })).toContainText('Demo funds');
      const send = panel.getByRole('button', { name: 'Send money', exact: true });
      await send.click();
      await expect(paymentDialog(page)).toBeVisible();
      await paymentDialog(page).getByRole('button', { name: 'Cancel' }).click();
      await expect(paymentDialog(page)).toBeHidden();
      await expect(send).toBeFocused();

      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
      await expect(button).toBeFocused();
      await expect(button).toHaveAttribute('aria-expanded', 'false');
    });

    test('the reconnect banner keeps "Retry now" on one line and moves nothing under it', async ({ page, stack }) => {
      await logIn(page, stack.web.url, 'bob');
      const newChat = page.getByRole('button', { name: 'New chat', exact: true });
      const before = await boxOf(newChat);

      await stack.stopServer();
      const retry = connection(page).getByRole('button', { name: 'Retry now' });
      await expect(retry).toBeVisible();
      const lines = await retry.evaluate((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines, '"Retry now" lines').toBe(1);
      expect(await boxOf(newChat)).toEqual(before);
      await page.screenshot({ path: test.info().outputPath('reconnecting.png') });
      await stack.startServerAgain();
    });
  });
}

test.describe('layout with the longest names', () => {
  test('nothing scrolls sideways, long text ends in "…" with the whole of it in a tooltip, times stay in view, and a click moves no list', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    // Three accounts, a group, two chats and a payment first.
    test.setTimeout(300_000);
    await aliceWithLongNames(alice, stack, newUserPage);
    const list = conversationList(alice);
    const groupRow = conversationItem(alice, LONG_GROUP_NAME);
    const userRow = conversationItem(alice, LONG_USERNAME);

    for (const viewport of [
      { width: 640, height: 400 },
      { width: 1024, height: 768 },
      { width: 1280, height: 800 },
    ]) {
      const where = `${viewport.width} px`;
      await alice.setViewportSize(viewport);
      await openChat(alice, LONG_USERNAME);

      await test.step(`no column scrolls sideways at ${where}`, async () => {
        await expectNoSidewaysOverflow(alice, where);
      });

      await test.step(`names and previews end in "…", whole in their tooltips, at ${where}`, async () => {
        const groupName = groupRow.getByText(LONG_GROUP_NAME, { exact: true });
        expect(await isCutWithEllipsis(groupName), `group name cut at ${where}`).toBe(true);
        await expect(groupName).toHaveAttribute('title', LONG_GROUP_NAME);
        const preview = groupRow.locator('[title]').filter({ hasText: 'Who is bringing' });
        expect(withoutIsolates(await preview.getAttribute('title'))).toBe(`You: ${LONG_MESSAGE}`);
        expect(await isCutWithEllipsis(preview), `preview cut at ${where}`).toBe(true);

        const title = alice.getByRole('heading', { name: LONG_USERNAME });
        await expect(title).toHaveAttribute('title', LONG_USERNAME);
        await expect(alice.getByRole('button', { name: `Pay ${LONG_USERNAME}` })).toBeInViewport({ ratio: 1 });
      });

      await test.step(`each row's time and unread count stay in view at ${where}`, async () => {
        const listBox = await boxOf(list);
        for (const row of [groupRow, userRow]) {
          const time = row.locator('time');
          await expect(time).toBeInViewport({ ratio: 1 });
          const box = await boxOf(time);
          expect(box.x + box.width, `time inside the list at ${where}`).toBeLessThanOrEqual(listBox.x + listBox.width);
        }
      });

      await test.step(`clicking a long-named row moves no list sideways at ${where}`, async () => {
        const before = await boxOf(groupRow);
        await groupRow.getByRole('button').click();
        await expect(alice.getByRole('heading', { name: LONG_GROUP_NAME })).toBeVisible();
        expect(await list.evaluate((element) => element.scrollLeft)).toBe(0);
        expect((await boxOf(groupRow)).x).toBe(before.x);
        await expectNoSidewaysOverflow(alice, `${where}, group open`);
      });
    }
  });

  test('the quick switcher, the wallet and the recipient suggestions cut long names too', async ({
    page: alice,
    stack,
    newUserPage,
  }) => {
    // Three accounts, a group, two chats and a payment first.
    test.setTimeout(300_000);
    await alice.setViewportSize({ width: 1024, height: 768 });
    await aliceWithLongNames(alice, stack, newUserPage);

    await alice.keyboard.press('Control+K');
    const switcher = alice.getByRole('dialog', { name: 'Jump to conversation' });
    const options = switcher.getByRole('listbox');
    await expect(options.getByRole('option', { name: LONG_GROUP_NAME })).toBeVisible();
    expect(await sidewaysOverflow(options), 'switcher list scrolls sideways').toBeLessThanOrEqual(0);
    const name = options.getByRole('option', { name: LONG_GROUP_NAME }).getByText(LONG_GROUP_NAME, { exact: true });
    await expect(name).toHaveAttribute('title', LONG_GROUP_NAME);
    expect(await isCutWithEllipsis(name)).toBe(true);
    await alice.keyboard.press('Escape');

    const transactions = wallet(alice).getByRole('list', { name: 'Transactions' });
    await expect(transactions).toContainText(LONG_USERNAME);
    expect(await sidewaysOverflow(wallet(alice)), 'wallet scrolls sideways').toBeLessThanOrEqual(0);
    expect(await sidewaysOverflow(transactions), 'transactions scroll sideways').toBeLessThanOrEqual(0);
    const paid = transactions.getByRole('listitem').filter({ hasText: LONG_USERNAME }).first();
    const party = paid.getByText(LONG_USERNAME, { exact: true });
    await expect(party).toHaveAttribute('title', LONG_USERNAME);
    expect(await isCutWithEllipsis(party), 'username in the wallet cut').toBe(true);
    const note = paid.getByText(LONG_MESSAGE, { exact: true });
    await expect(note).toHaveAttribute('title', LONG_MESSAGE);
    expect(await isCutWithEllipsis(note), 'note in the wallet cut').toBe(true);

    await wallet(alice).getByRole('button', { name: 'Send money', exact: true }).click();
    const recipient = paymentDialog(alice).getByRole('combobox', { name: 'Recipient' });
    await recipient.fill('Maximilian');
    const suggestions = paymentDialog(alice).getByRole('listbox', { name: 'Matching people' });
    const suggestion = suggestions.getByRole('option', { name: LONG_USERNAME });
    await expect(suggestion).toBeVisible();
    expect(await sidewaysOverflow(suggestions), 'suggestions scroll sideways').toBeLessThanOrEqual(0);
    await expect(suggestion.getByText(LONG_USERNAME, { exact: true })).toHaveAttribute('title', LONG_USERNAME);
  });
});

test.describe('layout of the main screen', () => {
  test('at 1024 px the chat is the widest of the three columns', async ({ page, stack }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await logIn(page, stack.web.url, 'alice');
    await openChat(page, 'Demo group');
    const chat = await boxOf(page.getByRole('main'));
    const sidebar = await boxOf(page.getByRole('navigation', { name: 'Chats' }));
    const column = await boxOf(wallet(page));
    expect(chat.width).toBeGreaterThan(sidebar.width);
    expect(chat.width).toBeGreaterThan(column.width);
    // Room for the column: no "Wallet" button.
    await expect(page.getByRole('button', { name: 'Wallet', exact: true })).toBeHidden();
  });

  test('a person has the same avatar colour in the list, the chat header and the quick switcher', async ({
    page,
    stack,
  }) => {
    await logIn(page, stack.web.url, 'alice');
    const colour = (avatar: Locator) => avatar.evaluate((element) => getComputedStyle(element).backgroundColor);
    // Two people: with eight colours, one could match by chance where the rule differs.
    for (const person of ['bob', 'carol']) {
      await startChatWith(page, person);
      await sendMessage(page, `Same colour, ${person}?`);
      const inList = await colour(conversationItem(page, person).locator('.avatar'));
      expect(await colour(page.locator('.conversation-header .avatar')), `${person} in the header`).toBe(inList);
      await page.keyboard.press('Control+K');
      const switcher = page.getByRole('dialog', { name: 'Jump to conversation' });
      const option = switcher.getByRole('option', { name: person, exact: true });
      expect(await colour(option.locator('.avatar')), `${person} in the quick switcher`).toBe(inList);
      await page.keyboard.press('Escape');
      await expect(switcher).toBeHidden();
    }
  });

  test("settings' option cards line up: every label at the same height in its row", async ({ page, stack }) => {
    await logIn(page, stack.web.url, 'alice');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    for (const [group, options] of [
      ['Theme', ['Light', 'Dark', 'System']],
      ['Notification content', ['Name and message', 'Name only', 'Nothing']],
    ] as const) {
      const radios = settings.getByRole('radiogroup', { name: group });
      const tops = [];
      for (const option of options) tops.push(Math.round((await boxOf(radios.getByText(option, { exact: true }))).y));
      expect(new Set(tops).size, `${group} labels' tops: ${tops.join(', ')}`).toBe(1);
    }
  });

  test('the empty list says so at its top, under the filter', async ({ page, stack }) => {
    await signUp(page, stack.web.url, 'newcomer');
    const hint = page.getByText('No conversations yet. Start one with New chat.');
    await expect(hint).toBeVisible();
    const filter = await boxOf(page.getByRole('searchbox', { name: 'Filter conversations' }));
    const box = await boxOf(hint);
    // Right under the filter, not at the foot of the sidebar: within two lines of it.
    expect(box.y - (filter.y + filter.height)).toBeLessThan(2 * box.height + 1);
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 640, height: 400 },
  ]) {
    test(`toasts cover neither the composer nor the chat header at ${viewport.width}×${viewport.height}`, async ({
      page,
      stack,
    }) => {
      await page.setViewportSize(viewport);
      await logIn(page, stack.web.url, 'alice');
      await startChatWith(page, 'bob');
      await sendMessage(page, 'Paying you now');
      await recordToastLayouts(page);
      await payInChat(page, 'bob', '3', 'Lunch');
      await expect(toasts(page).filter({ hasText: 'You paid' })).toBeVisible();

      const layouts = await page.evaluate(() => (window as unknown as { toastLayouts: ToastLayout[] }).toastLayouts);
      expect(layouts.length).toBeGreaterThan(0);
      for (const { toast, ...others } of layouts) {
        for (const [name, box] of Object.entries(others)) {
          if (box)
            expect(overlap(toast, box), `the toast covers ${name}: ${JSON.stringify({ toast, box })}`).toBe(false);
        }
      }
    });
  }
});

/** Where a toast was drawn, and the controls it must not cover, as they were at that moment. */
type ToastLayout = { toast: Box } & Record<'send' | 'messageField' | 'chatHeader' | 'sidebar' | 'wallet', Box | null>;

/**
 * From now on, whenever a toast appears, records where it and the controls around it are
 * (`window.toastLayouts`), at once: a toast goes after a few seconds, so it is measured as it
 * comes, not whenever the test gets to it.
 */
async function recordToastLayouts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const layouts: unknown[] = [];
    Object.assign(window, { toastLayouts: layouts });
    const boxOf = (selector: string) => {
      const element = document.querySelector(selector);
      if (!element || element.getClientRects().length === 0) return null;
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    };
    const seen = new WeakSet<Element>();
    new MutationObserver(() => {
      for (const toast of document.querySelectorAll('section[aria-label="Notifications"] > *')) {
        if (seen.has(toast)) continue;
        seen.add(toast);
        const { x, y, width, height } = toast.getBoundingClientRect();
        layouts.push({
          toast: { x, y, width, height },
          send: boxOf('form.composer button[type="submit"]'),
          messageField: boxOf('form.composer textarea'),
          chatHeader: boxOf('main header'),
          sidebar: boxOf('nav[aria-label="Chats"]'),
          wallet: boxOf('section[aria-label="Wallet"]'),
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}
