import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { conversationItem, messageLog, openChat, sendMessage, signUp, startChatWith } from './ui';

/** A file as Playwright hands it to a file picker. */
type Picked = { name: string; mimeType: string; buffer: Buffer };

/** A real JPEG (the server decodes and re-encodes images), `width` x `height` pixels of one colour. */
async function jpeg(name: string, width: number, height: number, background: string): Promise<Picked> {
  const buffer = await sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

/** A small PDF: the server tells it by its `%PDF` signature. */
function pdf(name: string, text: string): Picked {
  const buffer = Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
  return { name, mimeType: 'application/pdf', buffer };
}

/** "Attach" → the system's picker → the preview: the caption typed, then Send (the dialog closes). */
async function attach(page: Page, file: Picked, caption = ''): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await (await chooser).setFiles(file);
  const dialog = page.getByRole('dialog', { name: /^Send (photo|file)$/ });
  await expect(dialog).toBeVisible();
  if (caption) await dialog.getByRole('textbox', { name: 'Caption' }).fill(caption);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Clicks "Download <name>" in the open chat and answers the downloaded file's name and bytes. */
async function download(page: Page, fileName: string): Promise<{ name: string; bytes: Buffer }> {
  const started = page.waitForEvent('download');
  await messageLog(page)
    .getByRole('button', { name: `Download ${fileName}`, exact: true })
    .click();
  const done = await started;
  return { name: done.suggestedFilename(), bytes: await readFile((await done.path())!) };
}

test.describe('web client: photos and files', () => {
  test('two people exchange photos and PDFs both ways; the viewer works by keyboard', async ({
    stack,
    newUserPage,
  }) => {
    const anna = await newUserPage();
    const boris = await newUserPage();
    await signUp(anna, stack.web.url, 'anna');
    await signUp(boris, stack.web.url, 'boris');
    await startChatWith(anna, 'boris');
    await sendMessage(anna, 'Photos from the trip');
    await openChat(boris, 'anna');

    // Anna sends a photo with a caption: Boris sees it in his list and as a thumbnail named by it.
    await attach(anna, await jpeg('beach.jpg', 1200, 800, '#3a7bd5'), 'At the beach');
    await expect(conversationItem(boris, 'anna')).toContainText('Photo: At the beach');
    const beach = messageLog(boris).getByRole('button', { name: 'At the beach', exact: true });
    await expect(beach.getByRole('img', { name: 'At the beach' })).toBeVisible();
    // Sized from the photo's pixels: 320 px wide at most, in its proportions (3:2).
    const box = (await beach.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(320);
    expect(box.width / box.height).toBeCloseTo(1.5, 1);
    await expect(messageLog(anna).getByRole('img', { name: 'At the beach' })).toBeVisible();

    // Boris answers with a PDF: Anna's list names the file; she downloads exactly its bytes.
    const minutes = pdf('minutes.pdf', 'from boris');
    await attach(boris, minutes);
    await expect(conversationItem(anna, 'boris')).toContainText('minutes.pdf');
    expect(await download(anna, 'minutes.pdf')).toEqual({ name: 'minutes.pdf', bytes: minutes.buffer });

    // And the other way round: Boris a photo without a caption, Anna a PDF.
    await attach(boris, await jpeg('tent.jpg', 600, 900, '#d5793a'));
    await expect(conversationItem(anna, 'boris')).toContainText('Photo');
    await expect(messageLog(anna).getByRole('button', { name: 'Photo', exact: true })).toBeVisible();
    const plan = pdf('plan.pdf', 'from anna');
    await attach(anna, plan, 'The plan');
    await expect(messageLog(boris).getByText('The plan', { exact: true })).toBeVisible();
    expect(await download(boris, 'plan.pdf')).toEqual({ name: 'plan.pdf', bytes: plan.buffer });

    // The viewer, by keyboard only: Enter on the first photo opens it, the arrows move between
    // the chat's two photos (not the PDFs), Esc closes it and the focus is back on the thumbnail.
    await beach.focus();
    await boris.keyboard.press('Enter');
    const viewer = boris.getByRole('dialog', { name: 'Photo viewer' });
    await expect(viewer).toBeVisible();
    await expect(viewer.getByText('Photo 1 of 2')).toBeVisible();
    await expect(viewer.getByRole('img', { name: 'At the beach' })).toBeVisible();
    await boris.keyboard.press('ArrowRight');
    await expect(viewer.getByText('Photo 2 of 2')).toBeVisible();
    await expect(viewer.getByRole('img', { name: 'Photo' })).toBeVisible();
    await boris.keyboard.press('ArrowLeft');
    await expect(viewer.getByText('Photo 1 of 2')).toBeVisible();
    await boris.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(beach).toBeFocused();
  });

  test('a 20 MB file shows its upload progress and can be cancelled', async ({ stack, newUserPage }) => {
    const anna = await newUserPage();
    const boris = await newUserPage();
    await signUp(anna, stack.web.url, 'anna');
    await signUp(boris, stack.web.url, 'boris');
    await startChatWith(anna, 'boris');
    await sendMessage(anna, 'A big one is coming');
    await openChat(boris, 'anna');

    // Uploads from Anna's page crawl (Chromium's network emulation), so the upload is seen under way.
    const network = await anna.context().newCDPSession(anna);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    const size = 20 * 1024 * 1024;
    await attach(anna, { name: 'archive.bin', mimeType: 'application/octet-stream', buffer: randomBytes(size) });

    const progress = messageLog(anna).getByRole('progressbar', { name: 'Uploading archive.bin' });
    await expect(progress).toHaveAttribute('aria-valuemax', String(size));
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(size);

    await messageLog(anna).getByRole('button', { name: 'Cancel upload', exact: true }).click();
    await expect(messageLog(anna).getByText('archive.bin', { exact: true })).toBeHidden();
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    // Nothing of it reaches Boris: the next message does, and no file came before it.
    await sendMessage(anna, 'Never mind');
    await expect(messageLog(boris).getByText('Never mind', { exact: true })).toBeVisible();
    await expect(messageLog(boris).getByText('archive.bin')).toHaveCount(0);
    await expect(conversationItem(boris, 'anna')).toContainText('Never mind');
  });
});
