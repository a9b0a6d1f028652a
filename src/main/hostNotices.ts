import type { HostNotice } from '../shared/contract/hostContract';

/**
 * What the host wants the user to know about the machine (secrets kept in memory only, ...).
 * Notices may be added before the window exists; the renderer reads the list with
 * `getHostNotices` when it starts and receives each change as the `hostNotices` event.
 */
export class HostNotices {
  private readonly notices = new Map<string, HostNotice>();
  private listener: (notices: HostNotice[]) => void = () => {};

  list(): HostNotice[] {
    return [...this.notices.values()];
  }

  add(notice: HostNotice): void {
    this.notices.set(notice.id, notice);
    this.listener(this.list());
  }

  remove(id: string): void {
    if (this.notices.delete(id)) this.listener(this.list());
  }

  onChange(listener: (notices: HostNotice[]) => void): void {
    this.listener = listener;
  }
}
