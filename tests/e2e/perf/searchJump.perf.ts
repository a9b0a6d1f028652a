import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { conversationItem, logIn, messageLog, openChat } from '../ui';
import { historyText, seedDirectHistory } from '../seedHistory';

const COUNT = 100_000;
/** Far back in the history: nowhere near what the app holds when the chat opens (the newest 50). */
const RARE_SEQ = 4_242;
const RARE_WORD = 'quokka';
const RARE_TEXT = `A ${RARE_WORD} smiled at the camera`;
/** A second one, opened the moment its result shows, before the panel reads its history ahead. */
const COLD_SEQ = 61_803;
const COLD_WORD = 'wombat';
const COLD_TEXT = `The ${COLD_WORD} dug a burrow`;

declare global {
  interface Window {
    /** When the timed key went down and when what it asked for was first seen on screen (performance.now()). */
    __timing?: { start?: number; end?: number };
  }
}

/**
 * Times, in the page, from the next press of `key` (heard first, in the capture phase) until
 * `selector` matches an element containing `text` that lies inside `within` (the visible part of
 * the list it scrolls in), and the frame showing it is painted.
 */
async function timeKeyUntilVisible(
  page: Page,
  key: string,
  target: { selector: string; text: string; within: string },
): Promise<number> {
  await page.evaluate(
    ({ key, selector, text, within }) => {
      const timing: { start?: number; end?: number } = {};
      window.__timing = timing;
      window.addEventListener('keydown', (event) => event.key === key && (timing.start ??= performance.now()), {
        capture: true,
      });
      const check = () => {
        const box = document.querySelector(within)?.getBoundingClientRect();
        const shown = [...document.querySelectorAll(selector)].find((element) => {
          if (!box || !element.textContent?.includes(text)) return false;
          const rect = element.getBoundingClientRect();
          return rect.height > 0 && rect.bottom > box.top && rect.top < box.bottom;
        });
        // Seen in this frame's DOM: the next frame starts once this one is painted.
        if (timing.start !== undefined && shown) requestAnimationFrame(() => (timing.end = performance.now()));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { key, ...target },
  );
  await page.keyboard.press(key);
  await page.waitForFunction(() => window.__timing?.end !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => window.__timing!.end! - window.__timing!.start!);
}

test('a conversation of 100,000 messages: search a rare word, open the result at its place', async ({
  page,
  stack,
}) => {
  await seedDirectHistory(stack.server.storage, {
    from: 'alice',
    to: 'bob',
    count: COUNT,
    text: (seq) => (seq === RARE_SEQ ? RARE_TEXT : seq === COLD_SEQ ? COLD_TEXT : historyText(seq)),
  });
  await logIn(page, stack.web.url, 'bob');
  await expect(conversationItem(page, 'alice')).toContainText(historyText(COUNT));
  await openChat(page, 'alice');
  await expect(messageLog(page).getByText(historyText(COUNT), { exact: true })).toBeVisible();

  await page.keyboard.press('Control+F');
  const box = page.getByRole('combobox', { name: 'Search messages' });
  await expect(box).toBeFocused();
  await box.pressSequentially(RARE_WORD.slice(0, -1));
  // The panel reads ahead the history of the result the user is on, as a person reads the result.
  const readAhead = page.waitForResponse((response) => response.url().includes(`around=${RARE_SEQ}`));
  // The last letter typed to the first page of results on screen, through the typing pause.
  const searchMs = await timeKeyUntilVisible(page, RARE_WORD.at(-1)!, {
    selector: '[role="listbox"][aria-label="Search results"] [role="option"]',
    text: RARE_TEXT,
    within: '[role="listbox"][aria-label="Search results"]',
  });
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(1);
  await readAhead;

  // Enter on the result to the message highlighted in view, its history read around it.
  const openMs = await timeKeyUntilVisible(page, 'Enter', {
    selector: '.message-row.is-highlighted',
    text: RARE_TEXT,
    within: '[role="log"][aria-label="Messages"]',
  });
  await expect(messageLog(page).locator('.message-row.is-jump-target')).toBeFocused();
  await expect(messageLog(page).getByText(historyText(RARE_SEQ - 1), { exact: true })).toBeAttached();

  // Another result opened as soon as it shows: its history asked for on Enter.
  await page.keyboard.press('Control+F');
  await expect(box).toBeFocused();
  await box.fill(COLD_WORD);
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByText(COLD_TEXT)).toBeVisible();
  const coldMs = await timeKeyUntilVisible(page, 'Enter', {
    selector: '.message-row.is-highlighted',
    text: COLD_TEXT,
    within: '[role="log"][aria-label="Messages"]',
  });

  console.log(
    `search first page: ${Math.round(searchMs)} ms (last key to results on screen; 250 ms of it is the typing pause)`,
  );
  console.log(
    `open at result (around): ${Math.round(openMs)} ms end to end (Enter to the highlighted message on screen)`,
  );
  console.log(
    `open at result (around, Enter at once, not read ahead): ${Math.round(coldMs)} ms end to end (the same, its page asked for on Enter)`,
  );
});
