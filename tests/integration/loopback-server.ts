/** A test server on 127.0.0.1, on a port the kernel picks, and how to stop it with its open connections. */
import type http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** `http://127.0.0.1:<port>` (or `https://` for an https server). */
  readonly url: string;
  readonly close: () => Promise<void>;
}

export async function listenOnLoopback(server: http.Server | https.Server, scheme = 'http'): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
