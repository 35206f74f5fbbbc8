// One writer per embedded data directory (issue 12). PGlite ignores postmaster.pid, so two processes opening one
// directory both write to it and corrupt it. Every process that opens the directory first creates `anju.lock` in it
// exclusively (open with 'wx'), holding who holds it; a second opener is refused with the holder's PID, command and
// start time. The file is removed on close and when the process exits; a lock whose process is gone (killed, power
// cut) is taken over, and the caller is told so.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { StoreError, storeMessages } from './errors.js';

/** The name of the lock file inside the data directory. */
export const LOCK_FILE = 'anju.lock';
const GUARD_FILE = 'anju.lock.takeover';

/** Who holds a data directory: the JSON content of the lock file. */
export interface LockHolder {
  readonly pid: number;
  /** The holder's command line, shortened for people (`anju serve --port 8080`). */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  readonly hostname: string;
  /** Random, so a process releases only the lock it created. */
  readonly token: string;
}

/** Something the caller should tell the user: a lock left by a process that no longer runs was taken over. */
export interface LockNotice {
  readonly kind: 'stale-lock-taken-over';
  readonly dataDir: string;
  readonly previous: LockHolder;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** A held lock; `release` removes the file (only if it is still ours) and may be called more than once. */
export interface DataDirLock {
  readonly holder: LockHolder;
  readonly notices: readonly LockNotice[];
  release(): void;
}

// Directories this process holds, by real path: a second open in the same process is refused like another process.
const heldHere = new Map<string, { path: string; holder: LockHolder }>();
let exitHookInstalled = false;

/**
 * Take the lock of `dataDir` (which must exist) or throw StoreError `store-in-use` naming the holder.
 *
 * @example
 * const lock = await acquireDataDirLock('./anju-data');
 * try { … } finally { lock.release(); }
 */
export async function acquireDataDirLock(dataDir: string, now: Date = new Date()): Promise<DataDirLock> {
  const dir = await realpath(dataDir);
  const path = join(dir, LOCK_FILE);
  const here = heldHere.get(dir);
  if (here !== undefined) throw inUse(dataDir, here.holder, true);
  const holder: LockHolder = {
    pid: process.pid,
    command: describeCommand(process.argv),
    startedAt: now.toISOString(),
    hostname: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  const notices: LockNotice[] = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt > 200) throw inUse(dataDir, undefined, false);
    if (createExclusive(path, holder)) break;
    const found = await readHolder(path);
    if (found === 'missing') continue; // released between our create and read: try again
    if (found === 'unreadable') {
      // Being written by a process that has just created it, or left empty by one killed in between.
      if (attempt < 50) {
        await pause(20);
        continue;
      }
      if (!(await olderThan(path, 10_000))) throw inUse(dataDir, undefined, false);
      await takeOver(dir, path, undefined);
      continue;
    }
    if (found.pid === process.pid && found.hostname === hostname()) {
      // Ours but not in `heldHere`: a handle of this process that was never released. Nothing else can hold it.
      await takeOver(dir, path, found);
      continue;
    }
    if (isAlive(found)) throw inUse(dataDir, found, false);
    if (await takeOver(dir, path, found)) notices.push(staleNotice(dataDir, found));
  }
  heldHere.set(dir, { path, holder });
  installExitHook();
  let released = false;
  return {
    holder,
    notices,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      removeIfOurs(path, holder.token);
    },
  };
}

function createExclusive(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return 'unreadable';
    return {
      pid: value.pid,
      command: String(value.command ?? ''),
      startedAt: String(value.startedAt ?? ''),
      hostname: String(value.hostname ?? ''),
      token: value.token,
    };
  } catch {
    return 'unreadable';
  }
}

/**
 * Remove a stale lock, guarded so that two processes taking over the same stale lock cannot remove each other's new
 * one: under the guard the file is read again and removed only if it is still the stale one. Returns whether it
 * removed the stale lock (false: someone else did; the caller tries to create again).
 */
async function takeOver(dir: string, path: string, stale: LockHolder | undefined): Promise<boolean> {
  const guardPath = join(dir, GUARD_FILE);
  const guard: LockHolder = {
    pid: process.pid,
    command: '',
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  if (!createExclusive(guardPath, guard)) {
    const other = await readHolder(guardPath);
    // A guard left by a process killed inside this short section is removed; a live one is waited for.
    if (other === 'missing' || (other !== 'unreadable' && !isAlive(other)) || (await olderThan(guardPath, 10_000))) {
      removeIfOurs(guardPath, other === 'missing' || other === 'unreadable' ? undefined : other.token);
    }
    await pause(20);
    return false;
  }
  try {
    const now = await readHolder(path);
    const same = now === 'unreadable' ? stale === undefined : now !== 'missing' && now.token === stale?.token;
    if (!same) return false;
    unlinkSync(path);
    return true;
  } finally {
    removeIfOurs(guardPath, guard.token);
  }
}

function removeIfOurs(path: string, token: string | undefined): void {
  try {
    if (token !== undefined) {
      const value = JSON.parse(readFileSync(path, 'utf8')) as { token?: unknown };
      if (value.token !== token) return;
    }
    unlinkSync(path);
  } catch {
    // Already gone, or unreadable: never remove a lock we cannot prove is ours.
  }
}

/**
 * Is the holder's process still running? A lock from another host cannot be checked, so it counts as alive. A
 * process with the holder's PID that started after the lock was taken is another process (the PID was reused, e.g.
 * after a reboot), so the lock is stale.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== '' && holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, owned by another user
  }
  const started = processStartMs(holder.pid);
  const locked = Date.parse(holder.startedAt);
  return started === undefined || Number.isNaN(locked) || started <= locked + 2000;
}

/** When a process started (ms since the epoch), from Linux's /proc; undefined elsewhere or when unreadable. */
function processStartMs(pid: number): number | undefined {
  try {
    // Field 22 of /proc/PID/stat (after the parenthesised name, which may hold spaces) is the start in clock ticks
    // after boot; USER_HZ is 100 on every Linux architecture Node runs on.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return btime * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return true;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that ends without closing its store (process.exit, an uncaught error) still removes its locks.
  process.on('exit', () => {
    for (const { path, holder } of heldHere.values()) removeIfOurs(path, holder.token);
    heldHere.clear();
  });
}

/** `node …/bin/anju.js serve --port 0` → `anju serve --port 0`; other programs keep their script's base name. */
export function describeCommand(argv: readonly string[]): string {
  const [exec = 'node', script, ...args] = argv;
  const name = script === undefined ? basename(exec) : basename(script).replace(/\.(c|m)?[jt]s$/, '');
  const program = name === 'anju' || name === 'anju-child' ? 'anju' : name;
  const text = [program, ...args].join(' ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function inUse(dataDir: string, holder: LockHolder | undefined, sameProcess: boolean): StoreError {
  const who = holder && {
    pid: holder.pid,
    command: holder.command,
    startedAt: holder.startedAt,
    hostname: holder.hostname,
  };
  return new StoreError('store-in-use', storeMessages.storeInUse(dataDir, who, sameProcess), who);
}

function staleNotice(dataDir: string, previous: LockHolder): LockNotice {
  return { kind: 'stale-lock-taken-over', dataDir, previous, ...notice(storeMessages.staleLock(dataDir, previous)) };
}

function notice(text: { zh: string; en: string }): { messageZh: string; messageEn: string } {
  return { messageZh: text.zh, messageEn: text.en };
}

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
