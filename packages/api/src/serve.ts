// Serving the app over HTTP with @hono/node-server (used by `anju serve` and the HTTP benchmark).
import { serve as serveNode, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type CreateAppOptions } from './app.js';

export interface ServeOptions extends CreateAppOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1 (this machine only). */
  readonly host?: string;
}

export interface RunningServer {
  /** The address actually bound. */
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Stop accepting connections and close the open ones. The store stays open: its owner closes it. */
  close(): Promise<void>;
}

/**
 * Starts the API and the dashboard on host:port; resolves once the port is bound.
 *
 * @example
 * const server = await serve({ store, port: 8080 });
 * // server.url → 'http://127.0.0.1:8080'
 * await server.close();
 */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    const fail = (error: Error): void => reject(error);
    server = serveNode({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, (info: AddressInfo) => {
      server?.off('error', fail);
      const running: RunningServer = {
        host: info.address,
        port: info.port,
        url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
        close: () =>
          new Promise<void>((done, failClose) => {
            const s = server!;
            s.close((error) => (error ? failClose(error) : done()));
            if ('closeAllConnections' in s) s.closeAllConnections();
          }),
      };
      resolve(running);
    });
    server.once('error', fail);
  });
}
