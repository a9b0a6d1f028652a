// The upload figures' baseline: plain Node HTTP streaming each request body to a file on disk,
// with no authentication, no multipart parsing, no type detection and no image processing.
// `npm run bench:upload` measures `POST /api/media` against this, in the same run.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = mkdtempSync(path.join(tmpdir(), 'plain-upload-'));
let count = 0;
const http = createServer((request, response) => {
  const file = path.join(dir, String(++count));
  pipeline(request, createWriteStream(file))
    .then(() => response.writeHead(201, { 'Content-Type': 'application/json' }).end('{"success":true}'))
    .catch(() => response.writeHead(500).end())
    .finally(() => rmSync(file, { force: true }));
});
http.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  http.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
