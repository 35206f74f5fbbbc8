// One process per embedded data directory (issue 12): the lock file, refusal of a second opener (another process or
// this one), release on close and at exit, and the takeover of a lock whose process is gone. The data directory is
// PGlite's whatever engine the suite runs on: PostgreSQL serialises writers itself and takes no lock file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCommand, LOCK_FILE, type LockNotice } from './data-dir-lock.js';
import { StoreError } from './errors.js';
import { openStore } from './open-store.js';

let dir: string;
let dataDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-lock-'));
  dataDir = join(dir, 'data');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('the data directory lock', () => {
  it('is held while the store is open, names this process, and is removed on close', async () => {
    const store = await openStore({ dataDir });
    const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(String(lock['startedAt'])))).toBe(false);
    expect(typeof lock['command']).toBe('string');
    // the same directory a second time in this process is refused, also by another spelling of its path
    const again = await refusal(openStore({ dataDir: join(dataDir, '..', 'data') }));
    expect(again.code).toBe('store-in-use');
    expect(again.messageZh).toContain('已在本进程中打开');
    await store.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // and once closed it opens again
    await (await openStore({ dataDir })).close();
  });

  it('refuses a directory whose lock names a live process, and leaves that lock in place', async () => {
    await mkdir(dataDir, { recursive: true });
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      // taken by that process after it started (a lock older than its process would be a reused PID)
      const startedAt = new Date(Date.now() + 1000).toISOString();
      const holder = {
        pid: other.pid,
        command: 'anju serve --port 8080',
        startedAt,
        hostname: hostname(),
        token: 'live',
      };
      await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(holder));
      const error = await refusal(openStore({ dataDir }));
      expect(error.code).toBe('store-in-use');
      expect(error.holder).toEqual({
        pid: other.pid,
        command: 'anju serve --port 8080',
        startedAt,
        hostname: hostname(),
      });
      expect(error.messageZh).toMatch(
        new RegExp(
          `^数据目录 ${dataDir} 正被进程 ${other.pid}（anju serve --port 8080，启动于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d）使用`,
        ),
      );
      expect(error.messageEn).toContain(`is in use by process ${other.pid} (anju serve --port 8080, started `);
      expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toEqual(holder);

      // The same PID in a lock taken long before that process started: the PID was reused, the lock is stale.
      const before = { ...holder, startedAt: '2020-01-01T00:00:00.000Z', token: 'reused' };
      await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(before));
      const notices: LockNotice[] = [];
      const store = await openStore({ dataDir, onNotice: (n) => notices.push(n) });
      await store.close();
      expect(notices.map((n) => n.previous.token)).toEqual(['reused']);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process no longer runs, and says so', async () => {
    await mkdir(dataDir, { recursive: true });
    const gone = spawnSync('true');
    expect(gone.status).toBe(0);
    const stale = {
      pid: gone.pid,
      command: 'anju import a.csv --publish',
      startedAt: '2026-12-08T01:00:00.000Z',
      hostname: hostname(),
      token: 'stale',
    };
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(stale));
    const notices: LockNotice[] = [];
    const store = await openStore({ dataDir, onNotice: (n) => notices.push(n) });
    try {
      expect(notices).toHaveLength(1);
      expect(notices[0]!.previous.pid).toBe(gone.pid);
      expect(notices[0]!.messageZh).toContain(`已不在运行的进程 ${gone.pid}（anju import a.csv --publish`);
      const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(process.pid);
    } finally {
      await store.close();
    }
  });

  it('removes its lock when the process exits without closing the store', async () => {
    // A child opens the store and calls process.exit with the store still open.
    const script = `
      const { openStore } = await import(${JSON.stringify(new URL('./open-store.ts', import.meta.url).href)});
      await openStore({ dataDir: ${JSON.stringify(dataDir)} });
      process.stdout.write('open\\n');
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('open\n');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('describes the holder’s command the way it was typed', () => {
    expect(describeCommand(['/usr/bin/node', '/opt/anju/packages/cli/bin/anju.js', 'serve', '--port', '0'])).toBe(
      'anju serve --port 0',
    );
    expect(describeCommand(['/usr/bin/node', '/x/bench/run.js'])).toBe('run');
  });
});
