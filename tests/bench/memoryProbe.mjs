// Loaded into each bench server process (NODE_OPTIONS --import): on SIGUSR2 it collects
// garbage (the process runs with --expose-gc) and prints one line with its memory, so the bench
// reads what the server holds rather than what it has not yet collected.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  console.log(`bench-memory ${JSON.stringify({ rss, heapUsed, external, arrayBuffers })}`);
});
