import type { App } from 'electron';
import type { Navigate } from '../shared/contract/settings';

/** `messenger://conversation/<id>` and `messenger://wallet[/<transactionId>]`. */
export const DEEP_LINK_SCHEME = 'messenger';

/** Ids are the server's: letters, digits, `_` and `-`. Anything else is not one of our links. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What a deep link asks the app to show, or null for anything that is not one of ours. */
export function parseDeepLink(link: string): Navigate | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.hostname === 'conversation' && parts.length === 1 && ID.test(parts[0]!)) {
    return { to: 'conversation', conversationId: parts[0]! };
  }
  if (url.hostname === 'wallet' && parts.length === 0) return { to: 'wallet' };
  if (url.hostname === 'wallet' && parts.length === 1 && ID.test(parts[0]!)) {
    return { to: 'wallet', transactionId: parts[0]! };
  }
  return null;
}

/** On Windows and Linux a link arrives as a command-line argument of a (second) launch. */
export function deepLinkInArgs(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}

export type DeepLinkDeps = {
  app: Pick<App, 'setAsDefaultProtocolClient' | 'on'>;
  /** `process.defaultApp`: started as `electron .`, so the OS must be told to pass the app path too. */
  runFromSource: boolean;
  execPath: string;
  appPath: string;
  onNavigate: (target: Navigate) => void;
};

/**
 * Makes the app the handler of `messenger://` and forwards links opened while it runs on macOS
 * (`open-url`); links on other systems come through the command line (see singleInstance.ts).
 */
export function listenForDeepLinks(deps: DeepLinkDeps): void {
  if (deps.runFromSource) {
    deps.app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, deps.execPath, [deps.appPath]);
  } else {
    deps.app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  deps.app.on('open-url', (event, link) => {
    event.preventDefault();
    const target = parseDeepLink(link);
    if (target) deps.onNavigate(target);
  });
}
