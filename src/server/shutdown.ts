import type { ChildProcess } from 'node:child_process';

/**
 * How a launcher (`npm run server` here, `npm start` and `npm run web` in src/launcher) stops: on SIGTERM (what a process
 * manager sends), SIGINT (Ctrl-C) and SIGHUP (the terminal closed), and when the process that
 * started it is gone, it runs its stop steps (children first, then servers) and exits, so no
 * child keeps running and no port stays taken.
 *
 * Why the parent is watched too: npm runs a script as `sh -c '<script>'` and forwards only SIGINT
 * and SIGTERM, to that shell; a shell that is not interactive dies of them without passing them on.
 * The scripts therefore `exec` the launcher, so npm's forwarded signal reaches it; but npm itself
 * dies of SIGHUP (or SIGKILL) without forwarding anything, and then only the launcher's changed
 * parent tells it to stop (watched only under npm).
 */

/** The signals a launcher stops on. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** How often the launcher checks that the process that started it is still there (ms). */
const PARENT_CHECK_MS = 500;

export type StopStep = () => Promise<void> | void;

export type Shutdown = {
  /** Adds a step to run at stop; steps run last added first (what started last stops first). */
  add(step: StopStep): void;
  /** Runs the steps once and exits with `code` (0 unless a step failed). */
  stop(reason: string, code?: number): Promise<never>;
};

/**
 * Installs the stop handlers at once, before anything is started, so a signal that arrives
 * during a build still stops what was started. `log` tells why the launcher stopped.
 */
export function installShutdown(log: (line: string) => void = (line) => console.log(line)): Shutdown {
  const steps: StopStep[] = [];
  let stopping: Promise<never> | null = null;
  let parentWatch: NodeJS.Timeout | undefined;

  const stop = (reason: string, code = 0): Promise<never> => {
    stopping ??= (async () => {
      clearInterval(parentWatch);
      log(`stopping (${reason})`);
      let exitCode = code;
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`while stopping: ${(error as Error).message}`);
          exitCode = exitCode || 1;
        }
      }
      process.exit(exitCode);
    })();
    return stopping;
  };

  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal));

  // Run by npm (which sets npm_lifecycle_event; the scripts `exec`, so npm is the parent): stop
  // once npm is gone, re-parented (POSIX gives an orphan to init or a subreaper) or, where
  // parents are not replaced (Windows), no longer there. Started otherwise (`node ... &` from a
  // shell that then exits, a service manager), the parent's exit is no reason to stop.
  const parent = process.ppid;
  if (process.env.npm_lifecycle_event) {
    parentWatch = setInterval(() => {
      if (process.ppid !== parent || !isAlive(parent)) void stop('npm, which started it, is gone');
    }, PARENT_CHECK_MS);
    parentWatch.unref();
  }

  return { add: (step) => void steps.push(step), stop };
}

/** How long a child may take to stop after SIGTERM before it is killed (ms). */
const CHILD_STOP_GRACE_MS = 5_000;

/** Stops `child`: SIGTERM, then SIGKILL if it has not exited after a grace period. Resolves once it exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
