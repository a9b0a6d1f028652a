import { request } from 'node:http';

/**
 * A JSON call over loopback from a given local address (127.0.0.2, 127.0.0.3, ...: the whole
 * 127.0.0.0/8 is this machine), so the server sees another client address (`request.ip`).
 * Answers the status, the parsed body and the local address the socket really used.
 */
export function callFrom(
  localAddress: string,
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; localAddress: string | undefined }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      new URL(route, baseUrl),
      {
        method,
        localAddress,
        agent: false,
        headers:
          text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
            localAddress: response.socket.localAddress,
          });
        });
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(text);
  });
}
