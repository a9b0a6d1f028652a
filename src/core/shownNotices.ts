import type { Notice } from '../shared/contract/attention';
import type { EngineEvent } from './engine';

/** How a host shows a notice on its surface (an OS notification, a browser notification). */
export type NoticeSurface<H extends { close(): void }> = {
  /** Whether anything can be shown now (the system supports it, the site has permission). */
  canShow(): boolean;
  /** Shows `notice` and returns its handle; `forget` drops it here once the user clicked it. */
  open(notice: Notice, forget: () => void): H;
};

/**
 * The notices a host shows now, by key, kept from the engine's `notice` events: one per key (a
 * newer one replaces it), taken back when the engine says so, all of them at a change of user.
 * The handles are kept referenced: a notification that is garbage-collected loses its click handler.
 */
export class ShownNotices<H extends { close(): void }> {
  private readonly shown = new Map<string, H>();

  constructor(private readonly surface: NoticeSurface<H>) {}

  handle(event: EngineEvent): void {
    if (event.event !== 'notice') return;
    const notice = event.payload;
    if (notice.action === 'show') this.show(notice.notice);
    else if (notice.action === 'dismiss') this.dismiss(notice.key);
    else for (const key of [...this.shown.keys()]) this.dismiss(key);
  }

  private show(notice: Notice): void {
    if (!this.surface.canShow()) return;
    this.dismiss(notice.key);
    this.shown.set(
      notice.key,
      this.surface.open(notice, () => this.shown.delete(notice.key)),
    );
  }

  private dismiss(key: string): void {
    this.shown.get(key)?.close();
    this.shown.delete(key);
  }
}
