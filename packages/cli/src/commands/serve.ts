import { ensureAdministrator, errorReference, isLoopbackHost, serve, type AuthOptions } from '@anju/api';
import { t, type Context, type GlobalOptions } from '../context.js';
import { failureContext, logInternalError, UserError } from '../errors.js';

export interface ServeOptions extends GlobalOptions {
  /** `--debug`: the stacks of failed requests on the terminal too. */
  readonly debug?: boolean;
  readonly port?: string;
  readonly host?: string;
  /** 'local' | 'accounts'; default ANJU_AUTH, else local on a loopback host and accounts elsewhere. */
  readonly auth?: string;
  /** `--trust-proxy [hops]`: true (no value) = 1 proxy, else the number of proxies in front of the server. */
  readonly trustProxy?: boolean | string;
  /** `--sign-in-limit N`: sign-in attempts allowed per client address in the rate window (default 10). */
  readonly signInLimit?: string;
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
  const env = process.env;
  const mode = opts.auth ?? env['ANJU_AUTH'] ?? (isLoopbackHost(host) ? 'local' : 'accounts');
  if (mode !== 'local' && mode !== 'accounts') {
    throw new UserError(t(ctx, `--auth 应为 local 或 accounts：${mode}`, `--auth must be local or accounts: ${mode}`));
  }
  if (mode === 'local' && !isLoopbackHost(host)) {
    throw new UserError(
      t(
        ctx,
        `本机模式没有登录，只能监听 127.0.0.1；在 ${host} 上提供服务请使用 --auth accounts`,
        `local mode has no sign-in and listens on 127.0.0.1 only; to serve on ${host} use --auth accounts`,
      ),
    );
  }
  const trustProxy = proxyHops(ctx, opts.trustProxy);
  const limit = signInLimit(ctx, opts.signInLimit);
  const auth: AuthOptions =
    mode === 'local'
      ? { mode: 'local' }
      : { mode: 'accounts', trustProxy, ...(limit === undefined ? {} : { maxFailuresPerAddress: limit }) };
  const failures = failureContext(opts, process.argv, process.env);
  return ctx.withStore(async (store) => {
    if (mode === 'accounts') {
      const first = await ensureAdministrator(store, ctx.now(), {
        ANJU_ADMIN_LOGIN: env['ANJU_ADMIN_LOGIN'],
        ANJU_ADMIN_PASSWORD: env['ANJU_ADMIN_PASSWORD'],
      });
      if (first !== undefined) {
        ctx.out(
          first.password === null
            ? t(
                ctx,
                `首次启动：已创建系统管理员 ${first.login}（密码取自 ANJU_ADMIN_PASSWORD）`,
                `first start: created the administrator ${first.login} (password from ANJU_ADMIN_PASSWORD)`,
              )
            : t(
                ctx,
                `首次启动：已创建系统管理员 ${first.login}，密码（只显示这一次，请登录后立即修改）：${first.password}`,
                `first start: created the administrator ${first.login}; password (shown this once, change it after signing in): ${first.password}`,
              ),
        );
      }
    }
    let server;
    try {
      server = await serve({
        store,
        port,
        host,
        user: ctx.user,
        now: () => ctx.now(),
        auth,
        // A request that fails unexpectedly: the user gets a problem with the reference, the stack goes to the error
        // log under the data directory (the terminal shows one line; the stack too with --debug).
        logError: (error, where, reference) => {
          ctx.err(logInternalError(failures, reference ?? errorReference(ctx.now()), error, where));
          if (failures.debug) ctx.err(error instanceof Error ? (error.stack ?? String(error)) : String(error));
        },
      });
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
        `安居已启动：${server.url}（数据：${ctx.storeLabel()}，${store.engine}）；按 Ctrl+C 停止${mode === 'local' ? '' : '（账户登录模式）'}`,
        `Anju is running at ${server.url} (data: ${ctx.storeLabel()}, ${store.engine}); press Ctrl+C to stop${mode === 'local' ? '' : ' (accounts mode)'}`,
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

/** `--sign-in-limit` → attempts per address per window, or undefined for the default. */
function signInLimit(ctx: Context, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new UserError(
      t(
        ctx,
        `--sign-in-limit 应为 1—10000 之间的整数（同一地址 15 分钟内的登录尝试次数）：${value}`,
        `--sign-in-limit must be an integer 1–10000 (sign-in attempts per address in 15 minutes): ${value}`,
      ),
    );
  }
  return n;
}

/** `--trust-proxy` → the number of trusted proxy hops (0 when absent). */
function proxyHops(ctx: Context, value: boolean | string | undefined): number {
  if (value === undefined || value === false) return 0;
  if (value === true) return 1;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 1 || hops > 10) {
    throw new UserError(
      t(
        ctx,
        `--trust-proxy 应为 1—10 之间的整数（反向代理的层数）：${value}`,
        `--trust-proxy must be an integer 1–10 (the number of reverse proxies): ${value}`,
      ),
    );
  }
  return hops;
}
