// A throwaway PostgreSQL 15 cluster for the store's test suite and the benchmark: initdb into a temporary
// directory, start `postgres` on a free port, stop and remove everything afterwards. As root (containers, CI) the
// server binaries run as the `postgres` OS user, because initdb refuses to run as root.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresClusterOptions {
  /** Directory of initdb / postgres / pg_ctl. Default: $ANJU_PG_BIN or /usr/lib/postgresql/15/bin. */
  readonly binDir?: string;
  /** Keep fsync and full-page writes on (for benchmarks that should measure a durable server). Default false. */
  readonly durable?: boolean;
  /** How long to wait for the server to accept connections. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database, e.g. postgres://postgres@127.0.0.1:54012/postgres. */
  readonly url: string;
  /** Stop the server (pg_ctl stop -m fast) and remove its directory. */
  stop(): Promise<void>;
}

/**
 * Start a fresh PostgreSQL cluster. Fails with a clear message when the server binaries are missing.
 *
 * @example
 * const cluster = await startPostgresCluster();
 * const store = await openStore({ databaseUrl: cluster.url });
 * await store.close(); await cluster.stop();
 */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? process.env['ANJU_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
  for (const tool of ['initdb', 'postgres', 'pg_ctl']) {
    try {
      await access(join(binDir, tool), constants.X_OK);
    } catch {
      throw new Error(
        `PostgreSQL server binary ${join(binDir, tool)} not found. Install PostgreSQL 15 ` +
          `(apt-get install postgresql-15) or set ANJU_PG_BIN to the directory holding initdb, postgres and pg_ctl.`,
      );
    }
  }
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'anju-pg-'));
  const dataDir = join(dir, 'data');
  try {
    if (asRoot) await chown(dir, ...(await postgresUser()));
    const command = (tool: string, args: readonly string[]): [string, string[]] =>
      asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), [...args]];

    const durability = options.durable ? [] : ['--no-sync'];
    await run(
      ...command('initdb', [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-locale',
        ...durability,
      ]),
    );

    const settings = options.durable
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    // A port found free can be taken before the server binds it; try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const [file, args] = command('postgres', [
        '-D',
        dataDir,
        '-k',
        dir,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        ...settings,
      ]);
      const server = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const log = captureLog(server);
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      try {
        await waitReady(url, server, log, options.readyTimeoutMs ?? 30_000);
      } catch (error) {
        lastError = error;
        server.kill('SIGINT');
        continue;
      }
      const stopOnExit = (): void => {
        server.kill('SIGINT');
      };
      process.once('exit', stopOnExit);
      return {
        url,
        async stop() {
          process.off('exit', stopOnExit);
          const exited = new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) resolve();
            else server.once('exit', () => resolve());
          });
          await run(...command('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']));
          await exited;
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** uid and gid of the `postgres` OS user, creating a system user when there is none. */
async function postgresUser(): Promise<[number, number]> {
  try {
    await run('id', ['postgres']);
  } catch {
    await run('useradd', ['--system', 'postgres']);
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return [uid, gid];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Keep the server's last output for error messages (and keep its pipes drained). */
function captureLog(server: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-8000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  return () => text;
}

async function waitReady(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`PostgreSQL exited before accepting connections:\n${log()}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${String(error)}\n${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
