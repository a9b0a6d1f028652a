import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { STYLE_SRC } from '../shared/contract/pageStyles';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page's policy: its own scripts and styles only, and connections only to the API server.
 * Images also from `blob:`: media the page's engine fetched with the token (webMedia.ts).
 */
export function webClientCsp(serverUrl: string): string {
  const api = new URL(serverUrl);
  const socket = `${api.protocol === 'https:' ? 'wss:' : 'ws:'}//${api.host}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Our files, and the emoji picker's two stylesheets by their hashes (pageStyles.ts).
    STYLE_SRC,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${api.origin} ${socket}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type WebClientServer = { url: string; port: number; close(): Promise<void> };

/**
 * Serves the built web client from `rootDir`, with `/config.json` telling the page which API
 * server to use. Static files only: no directory listing, nothing outside `rootDir`.
 */
export async function serveWebClient(options: {
  rootDir: string;
  serverUrl: string;
  port: number;
  host?: string;
}): Promise<WebClientServer> {
  const host = options.host ?? '127.0.0.1';
  const root = path.resolve(options.rootDir);
  const config = JSON.stringify({ serverUrl: options.serverUrl });
  const securityHeaders = {
    'Content-Security-Policy': webClientCsp(options.serverUrl),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (pathname === '/config.json') {
        response.writeHead(200, {
          ...securityHeaders,
          'Content-Type': contentTypes['.json'],
          'Cache-Control': 'no-store',
        });
        response.end(config);
        return;
      }
      const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
      const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => null) : null;
      if (!info?.isFile()) {
        response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      response.writeHead(200, {
        ...securityHeaders,
        'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': file.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(400).end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps connections open; waiting for them would keep the launcher running.
        server.closeAllConnections();
      }),
  };
}
