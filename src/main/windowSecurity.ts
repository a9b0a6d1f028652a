import type { App, Session, WebContents } from 'electron';
import { openExternalIfSafe } from './externalLinks';

export type ContentsPolicy = {
  /** Where our pages live (`app://messenger/`): the only place a window may show. */
  appOrigin: string;
  openExternal(url: string): Promise<void>;
};

/**
 * A web contents never leaves the app's own pages: navigation elsewhere and new windows are
 * refused (a web link goes to the user's browser after a check instead), redirects and
 * `<webview>` too.
 */
export function lockDownContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  policy: ContentsPolicy,
): void {
  const isOurs = (url: string) => url.startsWith(`${policy.appOrigin}/`);
  contents.on('will-navigate', (event, url) => {
    if (isOurs(url)) return;
    event.preventDefault();
    openExternalIfSafe(url, policy.openExternal);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOurs(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url, policy.openExternal);
    return { action: 'deny' };
  });
}

/** Every web contents the app ever creates (windows, devtools, anything) gets the lock-down. */
export function lockDownAllContents(app: Pick<App, 'on'>, policy: ContentsPolicy): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, policy));
}

/**
 * Camera, microphone, geolocation, notifications from the page, devices: all refused. The one
 * exception is `clipboard-sanitized-write` (what `navigator.clipboard.writeText` asks for) from our
 * own pages at `appOrigin`, so "Copy diagnostics" works; reading the clipboard stays refused.
 */
export function restrictPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  appOrigin: string,
): void {
  const allowed = (permission: string, url: string | undefined) =>
    permission === 'clipboard-sanitized-write' &&
    url !== undefined &&
    (url === appOrigin || url.startsWith(`${appOrigin}/`));
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}
