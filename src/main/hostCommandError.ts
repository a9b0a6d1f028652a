import type { CommandError } from '../shared/contract/ipcContract';

/**
 * A host command's refusal or failure that the page should read as it is (a media the server
 * does not have, a folder that cannot be written): `registerIpcHandlers` answers `error` instead
 * of the generic INTERNAL it gives for anything unexpected.
 */
export class HostCommandError extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
    this.name = 'HostCommandError';
  }
}
