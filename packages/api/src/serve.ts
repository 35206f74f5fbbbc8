// Serving the app over HTTP with @hono/node-server (used by `anju serve` and the HTTP benchmark).
import { serve as serveNode, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type CreateAppOptions } from './app.js';
import { isLoopbackHost } from './auth/auth-options.js';

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
  const host = options.host ?? '127.0.0.1';
  // Local mode has no sign-in: it may only listen where nobody else can reach it.
  if ((options.auth?.mode ?? 'local') === 'local' && !isLoopbackHost(host)) {
    return Promise.reject(new LocalModeError(host));
  }
  const app = createApp(options);
  // Requests still being handled: close() waits for them, so the store is not closed under a running query.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  // The node-server bindings ({ incoming, outgoing }) go on to the app: the client address is read from the socket.
  const fetch = async (request: Request, env: unknown): Promise<Response> => {
    inFlight++;
    try {
      return await app.fetch(request, env);
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    const server: ServerType = serveNode({ fetch, port: options.port ?? 8080, hostname: host }, (info: AddressInfo) => {
      server.off('error', fail);
      resolve({
        host: info.address,
        port: info.port,
        url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          if ('closeIdleConnections' in server) server.closeIdleConnections();
          if (inFlight > 0) {
            await new Promise<void>((done) => {
              const timer = setTimeout(done, CLOSE_GRACE_MS);
              drained = () => {
                clearTimeout(timer);
                done();
              };
            });
          }
          if ('closeAllConnections' in server) server.closeAllConnections();
          await closed;
        },
      });
    });
    server.once('error', fail);
  });
}

/** Local mode (no sign-in) was asked to listen on an address other machines can reach. */
export class LocalModeError extends Error {
  override readonly name = 'LocalModeError';
  constructor(readonly host: string) {
    super(`local mode (no sign-in) listens on 127.0.0.1 only, not on ${host}; use accounts mode`);
  }
}

/** How long close() waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 10_000;
