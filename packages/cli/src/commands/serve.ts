import { serve } from '@anju/api';
import { t, type Context } from '../context.js';
import { UserError } from './init.js';

export interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
}

/**
 * `anju serve`: the HTTP API and the dashboard on host:port over the store chosen by DATABASE_URL / --data-dir.
 * Runs until SIGINT or SIGTERM, then closes the server and the store.
 */
export async function serveCommand(
  ctx: Context,
  opts: ServeOptions,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const port = Number(opts.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      t(ctx, `端口应为 0—65535 之间的整数：${opts.port}`, `the port must be an integer 0–65535: ${opts.port}`),
    );
  }
  const host = opts.host ?? '127.0.0.1';
  return ctx.withStore(async (store) => {
    let server;
    try {
      server = await serve({ store, port, host, user: ctx.user, now: () => ctx.now() });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new UserError(
          t(ctx, `无法在 ${host}:${port} 上启动服务（${code}）`, `cannot listen on ${host}:${port} (${code})`),
        );
      }
      throw e;
    }
    ctx.out(
      t(
        ctx,
        `安居已启动：${server.url}（数据：${ctx.storeLabel()}，${store.engine}）；按 Ctrl+C 停止`,
        `Anju is running at ${server.url} (data: ${ctx.storeLabel()}, ${store.engine}); press Ctrl+C to stop`,
      ),
    );
    // withStore closes the store when this function resolves, so wait here until we are told to stop.
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        signals.off('SIGINT', stop);
        signals.off('SIGTERM', stop);
        resolve();
      };
      signals.on('SIGINT', stop);
      signals.on('SIGTERM', stop);
    });
    await server.close();
    ctx.out(t(ctx, '服务已停止', 'server stopped'));
    return 0;
  });
}
