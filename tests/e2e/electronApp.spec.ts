import { _electron as electron } from '@playwright/test';
import { electronBinaryPath } from '../../src/launcher/electronBinary';
import { expect, test } from './fixtures';

const binary = electronBinaryPath();

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'skipped: the Electron binary is not installed here (`npx install-electron` fetches it)');

  test('logs in through the preload contract and shows Online', async ({ stack }) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.', '--no-sandbox'],
      env: { ...process.env, SERVER_URL: stack.server.url },
    });
    try {
      const page = await app.firstWindow();
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Online');
      // The page has the contract and nothing of Node or Electron.
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys(window.api).sort())).toContain('logIn');
    } finally {
      await app.close();
    }
  });
});
