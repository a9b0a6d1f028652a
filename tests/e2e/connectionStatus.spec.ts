import { expect, test } from './fixtures';
import { connection, logIn, signedInAs } from './ui';

test.describe('web client: sign in and connection status', () => {
  test('a demo user logs in and sees Online', async ({ page, stack }) => {
    await logIn(page, stack.web.url, 'alice');
    await expect(signedInAs(page, 'alice')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('home-online.png') });
  });

  test('a wrong password shows why, and nothing else changes', async ({ page, stack }) => {
    await page.goto(stack.web.url);
    await page.getByLabel('Username or email').fill('alice');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText(/Wrong username, email or password/);
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  });

  test('a new account shows field errors from the server, then signs in', async ({ page, stack }) => {
    await page.goto(stack.web.url);
    await page.getByRole('button', { name: /Create an account/ }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Email').fill('someone-new@example.com');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Username is already taken.')).toBeVisible();

    await page.getByLabel('Username').fill('dora');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(connection(page)).toHaveText('Online');
    await page.screenshot({ path: test.info().outputPath('sign-up-online.png') });
  });

  test('the status follows the server going away and coming back; a reload keeps the session', async ({
    page,
    stack,
  }) => {
    await logIn(page, stack.web.url, 'bob');
    const status = connection(page);

    await stack.stopServer();
    await expect(status).toContainText(/Reconnecting/);
    await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('reconnecting.png') });

    // Wait until the next attempt is seconds away, so that it is "Retry now" that reconnects,
    // not the engine's own timer racing the click.
    await expect(status).toHaveText(/Reconnecting in ([4-9]|\d\d) s/, { timeout: 20_000 });
    await stack.startServerAgain();
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(status).toHaveText('Online');

    await page.reload();
    await expect(signedInAs(page, 'bob')).toBeVisible();
    await expect(status).toHaveText('Online');
  });
  test('after a while online, the reconnect countdown starts from the real wait, not from the time online', async ({
    page,
    stack,
  }) => {
    await logIn(page, stack.web.url, 'bob');
    // Every text the banner shows, however briefly.
    await connection(page).evaluate((banner) => {
      const shown: string[] = [];
      Object.assign(window, { bannerTexts: shown });
      new MutationObserver(() => shown.push(banner.textContent ?? '')).observe(banner, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    // Online for a few seconds: long enough for a stale clock to show, far more than the first retry's wait.
    await page.waitForTimeout(3_000);
    await stack.stopServer();
    await expect(connection(page)).toContainText('Reconnecting');
    const shown = await page.evaluate(() => (window as unknown as { bannerTexts: string[] }).bannerTexts);
    const first = shown.find((text) => text.startsWith('Reconnecting in'));
    // The first retry waits at most half a second (backoff base), so the countdown starts at 1 s.
    expect(first, `texts shown: ${JSON.stringify(shown)}`).toMatch(/^Reconnecting in 1 s/);
  });
});
