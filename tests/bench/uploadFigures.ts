// `npm run bench:upload`: what receiving a file costs the reference server (PROTOCOL.md
// "Attachments"), beside plain Node HTTP writing the same bytes to disk (plainUploadServer.ts)
// in the same run. For a file of MEDIA_MAX_BYTES (25 MiB of random bytes: a `file`, stored as
// sent) and a large photo (a JPEG re-encoded without metadata, with a thumbnail) it prints the
// median over the runs of: upload time and throughput (MiB/s, loopback, client in this process),
// and the server's resident memory while receiving (its peak above what it held before, read
// from /proc every 5 ms). Not a test: nothing passes or fails on these figures.
//   npm run bench:upload -- --runs 5
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { MEDIA_MAX_BYTES_DEFAULT } from '../../src/shared/protocol/limits';
import { exitCode, spawnTs, waitForOutput } from '../integration/support/spawnCli';
import { registerUser, removeDataDir } from '../integration/support/testServer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number');

const MiB = 1024 * 1024;
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/** Resident memory of a process in bytes (VmRSS of /proc/<pid>/status). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

type Sample = { ms: number; peakRssAbove: number };

/** One upload of `bytes` to `url`, timing it and sampling the server's RSS every 5 ms meanwhile. */
async function upload(
  url: string,
  token: string | null,
  pid: number,
  bytes: Uint8Array,
  name: string,
): Promise<Sample> {
  const form = new FormData();
  form.append('file', new Blob([Uint8Array.from(bytes)]), name);
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 5);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, peakRssAbove: peak - before };
}

async function start(entry: string, env: Record<string, string>) {
  const child = spawnTs(entry, [], { PORT: '0', LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env });
  const match = await waitForOutput(child, /listening on (http:\/\/\S+)/, 60_000);
  return {
    url: match[1]!,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exitCode(child);
    },
  };
}

async function main() {
  const file = randomBytes(MEDIA_MAX_BYTES_DEFAULT);
  // Noise does not compress: a 6000 × 4000 photo of it is a large JPEG, as a phone's can be.
  const noise = randomBytes(6000 * 4000 * 3);
  const photo = await sharp(noise, { raw: { width: 6000, height: 4000, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const cases = [
    { label: `file, ${(file.length / MiB).toFixed(1)} MiB`, bytes: file, name: 'archive.bin' },
    { label: `photo 6000 × 4000, ${(photo.length / MiB).toFixed(1)} MiB JPEG`, bytes: photo, name: 'photo.jpg' },
  ];

  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-upload-'));
  const server = await start('src/server/main.ts', { DATA_DIR: dataDir });
  const plain = await start('tests/bench/plainUploadServer.ts', {});
  try {
    const { token } = await registerUser(server.url);
    console.log(`Uploads over loopback, median of ${runs} (client in this process, server in its own):`);
    console.log(
      '| upload | POST /api/media: time, MiB/s, server RSS peak above idle | plain HTTP to disk: time, MiB/s, RSS peak |',
    );
    console.log('|---|---|---|');
    for (const { label, bytes, name } of cases) {
      const ours: Sample[] = [];
      const theirs: Sample[] = [];
      for (let run = 0; run < runs; run += 1) {
        ours.push(await upload(`${server.url}/api/media`, token, server.pid, bytes, name));
        theirs.push(await upload(`${plain.url}/upload`, null, plain.pid, bytes, name));
      }
      const figures = (samples: Sample[]) => {
        const ms = median(samples.map((s) => s.ms));
        const rate = bytes.length / MiB / (ms / 1000);
        return `${ms.toFixed(0)} ms, ${rate.toFixed(0)} MiB/s, +${(median(samples.map((s) => s.peakRssAbove)) / MiB).toFixed(1)} MiB`;
      };
      console.log(`| ${label} | ${figures(ours)} | ${figures(theirs)} |`);
    }
  } finally {
    await Promise.all([server.stop(), plain.stop()]);
    removeDataDir(dataDir);
  }
}

await main();
