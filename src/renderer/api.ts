import type { Api } from '../shared/contract/ipcContract';

declare global {
  interface Window {
    /** The contract's surface, installed by the preload (desktop) or the web host (browser). */
    readonly api: Api;
  }
}

export const api = (): Api => window.api;
