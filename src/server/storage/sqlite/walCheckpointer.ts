import { Worker } from 'node:worker_threads';

/** How often the worker moves committed pages from the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;

// Runs in a worker thread with a connection of its own. A checkpoint writes pages back and
// fsyncs the database file, which takes milliseconds; done on the main thread (SQLite's
// automatic checkpoint runs inside whichever COMMIT crosses the threshold) that stall lands on
// every request waiting behind it. PASSIVE never waits for, nor blocks, the writer.
const workerSource = `
const { DatabaseSync } = require('node:sqlite');
const { parentPort, workerData } = require('node:worker_threads');
const db = new DatabaseSync(workerData.file);
db.exec('PRAGMA busy_timeout = 1000');
const checkpoint = () => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick retries */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

/**
 * Checkpoints the WAL off the main thread. The caller turns SQLite's automatic checkpoint off
 * (`PRAGMA wal_autocheckpoint = 0`) and, on close, stops this before its own final checkpoint.
 */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(file: string) {
    this.worker = new Worker(workerSource, { eval: true, workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS } });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
      this.worker.once('error', () => resolve());
    });
    this.worker.postMessage('close');
    await closed;
    await this.worker.terminate();
  }
}
