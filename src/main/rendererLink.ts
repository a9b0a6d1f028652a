import type { WebContents } from 'electron';
import type { Navigate } from '../shared/contract/settings';
import { sendEvent } from './ipc';

type Contents = Pick<WebContents, 'isDestroyed' | 'send' | 'on'>;

/**
 * The way from main to the page. Events that only make sense once the page listens (a
 * notification click or a deep link that arrived during start-up) wait until it does: the page
 * is listening once it calls the app (it subscribes to events before its first command), and
 * stops when it reloads.
 */
export class RendererLink {
  private contents: Contents | null = null;
  private ready = false;
  private pendingNavigation: Navigate | null = null;

  attach(contents: Contents): void {
    this.contents = contents;
    this.ready = false;
    contents.on('did-start-loading', () => {
      this.ready = false;
    });
    contents.on('destroyed', () => {
      if (this.contents === contents) this.contents = null;
    });
  }

  /** The page called the app: it has its listeners. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    if (this.pendingNavigation) {
      const target = this.pendingNavigation;
      this.pendingNavigation = null;
      sendEvent(this.contents, 'navigate', target);
    }
  }

  current(): Contents | null {
    return this.contents;
  }

  /** Shows the conversation or transaction now, or as soon as the page listens (the latest wins). */
  navigate(target: Navigate): void {
    if (this.ready && this.contents && !this.contents.isDestroyed()) sendEvent(this.contents, 'navigate', target);
    else this.pendingNavigation = target;
  }
}
