import type { UpdateConfig } from './updater';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3001';
const CHANNELS = ['latest', 'beta', 'alpha'];

export type MainConfig = {
  serverUrl: string;
  update: UpdateConfig;
  /** Another user data directory (tests run isolated instances). */
  userDataDir: string | null;
  debugLog: boolean;
  /** Exposes what end-to-end tests need to observe (notifications, the tray) on `globalThis`. */
  testHooks: boolean;
};

/**
 * What the desktop app reads from its environment:
 * - `SERVER_URL`: the server to use at first start (the user can switch later);
 * - `MESSENGER_UPDATE_CHANNEL`: `latest` (default), `beta` or `alpha`;
 * - `MESSENGER_UPDATE_URL`: a generic update feed instead of the one built into the app;
 * - `MESSENGER_USER_DATA_DIR`: where settings, state and logs go;
 * - `MESSENGER_DEBUG_LOG=1`: debug lines in the log file;
 * - `MESSENGER_TEST_HOOKS=1`: for the end-to-end tests only.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, isPackaged: boolean): MainConfig {
  const channel = env.MESSENGER_UPDATE_CHANNEL ?? 'latest';
  if (!CHANNELS.includes(channel)) throw new Error(`MESSENGER_UPDATE_CHANNEL must be one of ${CHANNELS.join(', ')}.`);
  const feedUrl = env.MESSENGER_UPDATE_URL || null;
  if (feedUrl && !/^https:\/\//.test(feedUrl)) throw new Error('MESSENGER_UPDATE_URL must be an https:// address.');
  return {
    serverUrl: env.SERVER_URL || DEFAULT_SERVER_URL,
    update: {
      disabledReason: isPackaged ? null : 'Updates are off when the app runs from source.',
      channel,
      feedUrl,
      checkEveryMs: 4 * 60 * 60 * 1000,
    },
    userDataDir: env.MESSENGER_USER_DATA_DIR || null,
    debugLog: env.MESSENGER_DEBUG_LOG === '1',
    testHooks: env.MESSENGER_TEST_HOOKS === '1',
  };
}
