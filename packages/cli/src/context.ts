import { resolve } from 'node:path';
import { keepMarketDerivedFresh } from '@anju/api';
import { openStore, type Store } from '@anju/store';

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
  return {
    lang,
    json: opts.json === true,
    user: env.ANJU_USER ?? env.USER ?? 'local',
    now: () => new Date(),
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    async withStore(fn) {
      const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
      // Derived market indicators follow every publish (incrementally); a failure is reported, the publish stands.
      keepMarketDerivedFresh(store, {
        now: () => new Date(),
        onError: (e) =>
          void process.stderr.write(`派生指标未能更新 / derived indicators not refreshed: ${String(e)}\n`),
      });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
    storeLabel: () => (databaseUrl ? redactUrl(databaseUrl) : dataDir),
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Picks the Chinese or English text. */
export function t(ctx: { lang: Lang }, zh: string, en: string): string {
  return ctx.lang === 'zh' ? zh : en;
}
