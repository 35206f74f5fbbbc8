import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { keepMarketDerivedFresh } from '@anju/api';
import { openStore, withAuditContext, type AuditContext, type Store } from '@anju/store';

/** Options every command accepts. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly dataDir?: string;
  readonly lang?: string;
}

export type Lang = 'zh' | 'en';

/** What a command needs from the outside world: the store, the clock, the user and where to print. */
export interface Context {
  readonly lang: Lang;
  readonly json: boolean;
  /**
   * Who runs the command: the operating-system account (never ANJU_USER, which anyone can set). CLI writes run with
   * city-wide scope — whoever runs `anju` on the store's machine holds the data directory or the database URL anyway.
   */
  readonly user: string;
  now(): Date;
  out(text: string): void;
  err(text: string): void;
  /** Opens the store chosen by DATABASE_URL or --data-dir (default ./anju-data); always closed after `fn`. */
  withStore<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Where the store lives, for messages. */
  storeLabel(): string;
}

/** Builds the context from the global options and the environment. */
export function makeContext(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  const lang: Lang = opts.lang === 'en' ? 'en' : 'zh';
  const databaseUrl = env.DATABASE_URL;
  const dataDir = resolve(opts.dataDir ?? env.ANJU_DATA_DIR ?? 'anju-data');
  const identity = cliIdentity(env);
  const auditKeyFile = env.ANJU_AUDIT_KEY_FILE || undefined;
  return {
    lang,
    json: opts.json === true,
    user: identity.osUser ?? 'local',
    now: () => new Date(),
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    async withStore(fn) {
      const location = databaseUrl ? { databaseUrl } : { dataDir };
      const store = await openStore(auditKeyFile === undefined ? location : { ...location, auditKeyFile });
      // Derived market indicators follow every publish (incrementally); a failure is reported, the publish stands.
      keepMarketDerivedFresh(store, {
        now: () => new Date(),
        onError: (e) =>
          void process.stderr.write(`派生指标未能更新 / derived indicators not refreshed: ${String(e)}\n`),
      });
      try {
        // Every audit event of this command records the channel, the OS user and host, and ANJU_USER as claimed.
        return await withAuditContext(identity, () => fn(store));
      } finally {
        await store.close();
      }
    },
    storeLabel: () => (databaseUrl ? redactUrl(databaseUrl) : dataDir),
  };
}

/**
 * The identity a CLI write records: channel `cli`, the OS account and host as the system reports them, and
 * ANJU_USER only as a claimed name (`claimedActor`) — it is never the actor and never widens or narrows scope.
 */
export function cliIdentity(env: NodeJS.ProcessEnv = process.env): AuditContext & { readonly osUser: string | null } {
  let osUser: string | null;
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): fall back to what the environment says.
    osUser = env.USER || env.USERNAME || null;
  }
  const claimed = env.ANJU_USER?.trim();
  return { channel: 'cli', osUser, host: hostname(), claimedActor: claimed ? claimed : null };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Picks the Chinese or English text. */
export function t(ctx: { lang: Lang }, zh: string, en: string): string {
  return ctx.lang === 'zh' ? zh : en;
}
