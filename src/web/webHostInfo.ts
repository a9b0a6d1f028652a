import { version } from '../../package.json';
import type { HostInfo } from '../shared/contract/diagnostics';

/**
 * What the web host tells the Diagnostics view about itself: the app's version as package.json
 * had it when this page was built (bundled by the import), and where it keeps the sign-in: the
 * refresh token in this tab's session storage, handed to the app's other tabs over
 * `sharedSession`, never in local storage (browserPorts.ts).
 */
export function webHostInfo(userAgent: string): HostInfo {
  return { host: 'web', appVersion: version, secretStorage: 'sessionStorage', platform: userAgent.slice(0, 512) };
}
