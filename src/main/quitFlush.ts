import type { App } from 'electron';
import type { Logger } from '../core/ports';

export type QuitControl = {
  /** True from the first quit request on: windows then really close instead of hiding. */
  isQuitting(): boolean;
  /** Saves now (the updater calls this before it quits to install). */
  prepareToQuit(): Promise<void>;
};

/**
 * A clean quit: the first `before-quit` is held until `flush` (stop the engine, which writes the
 * outbox and pending transfers) has finished, then the quit goes on. A flush that fails or hangs
 * does not keep the app open: it is logged and the quit proceeds after `timeoutMs`.
 */
export function flushBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  flush: () => Promise<void>,
  logger: Logger,
  timeoutMs = 5_000,
): QuitControl {
  let quitting = false;
  let flushed: Promise<void> | null = null;
  let done = false;
  let quitScheduled = false;
  const prepareToQuit = () => {
    quitting = true;
    flushed ??= Promise.race([
      flush().catch((error: unknown) => logger.error('saving before quit failed', { error: String(error) })),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref?.()),
    ]).then(() => {
      done = true;
    });
    return flushed;
  };
  app.on('before-quit', (event) => {
    quitting = true;
    if (done) return;
    event.preventDefault();
    // Asked again while saving (a second Quit click): one quit follows the save, not two.
    if (quitScheduled) return;
    quitScheduled = true;
    void prepareToQuit().then(() => app.quit());
  });
  return { isQuitting: () => quitting, prepareToQuit };
}
