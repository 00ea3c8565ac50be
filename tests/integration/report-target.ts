/**
 * A target for the reviewer report's end-to-end tests: it answers the seed page's operation faithfully under `/beta`
 * and breaks it under `/v1.0` (no `width`, and an `id` holding markup, which the report must show as text).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const MARKUP_ID = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

export interface ReportTarget {
  readonly url: string;
  close(): Promise<void>;
}

export async function startReportTarget(): Promise<ReportTarget> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/(beta|v1\.0)\/(?:me|users\/[^/]+)\/photos$/.exec(
        new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
      );
      if (!match || req.method !== 'PATCH') {
        send(res, 404, { error: { code: 'ResourceNotFound', message: 'no route' } });
        return;
      }
      if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
        send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
        return;
      }
      let sent: Record<string, unknown>;
      try {
        sent = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        send(res, 400, { error: { code: 'BadRequest', message: 'Unable to read JSON request payload.' } });
        return;
      }
      const photo: Record<string, unknown> = {
        '@odata.type': '#microsoft.graph.profilePhoto',
        id: '240X240',
        height: sent.height,
        width: sent.width,
      };
      if (match[1] === 'v1.0') {
        photo.id = MARKUP_ID;
        delete photo.width;
      }
      send(res, 200, photo);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;odata.metadata=minimal',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
