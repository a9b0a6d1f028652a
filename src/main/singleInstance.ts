import type { App } from 'electron';

/**
 * One running app per user: a second launch hands its command line (which may carry a deep link)
 * to the first and quits. Returns false in the second instance, which must not go on starting.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>,
  onSecondLaunch: (argv: readonly string[]) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}
