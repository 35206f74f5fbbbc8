// Runs `anju` from TypeScript sources in a real child process (node --import tsx, testing/anju-child.ts), for tests
// that need two processes at once or the process boundary (exit codes, stderr, signals).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./anju-child.ts', import.meta.url));

/** What a finished child printed and how it ended. */
export interface AnjuExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** A running `anju` child. */
export interface AnjuProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when stdout has printed a line matching `pattern` (rejects if the child ends first). */
  waitForOutput(pattern: RegExp): Promise<string>;
  readonly exited: Promise<AnjuExit>;
}

/**
 * The environment for a child: the test tsconfig (sources, not dist), no DATABASE_URL / ANJU_DATA_DIR unless given,
 * and `extra` on top.
 */
export function anjuEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.test.json') };
  delete env['DATABASE_URL'];
  delete env['ANJU_DATA_DIR'];
  return { ...env, ...extra };
}

/**
 * Start `anju …args` in a child process. `command` replaces the plain `node` that runs it, e.g.
 * `['prlimit', '--fsize=100000', process.execPath]` to run it under a file size limit.
 */
export function startAnju(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; command?: readonly string[] } = {},
): AnjuProcess {
  const [program, ...before] = options.command ?? [process.execPath];
  const child = spawn(program!, [...before, '--import', 'tsx', CHILD, ...args], {
    cwd: REPO_ROOT,
    env: options.env ?? anjuEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<AnjuExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`anju ${args.join(' ')} ended first: ${err}`));
      resolve({ code, signal, out, err });
    });
  });
  return {
    child,
    pid: child.pid!,
    exited,
    waitForOutput: (pattern) =>
      new Promise<string>((resolve, reject) => {
        const line = out.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) resolve(line);
        else waiters.push({ pattern, resolve, reject });
      }),
  };
}

/** Run `anju …args` in a child process to its end. */
export function runAnjuProcess(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; command?: readonly string[] } = {},
): Promise<AnjuExit> {
  return startAnju(args, options).exited;
}

/** Lines of a Node stack trace ("    at f (file:1:2)"). */
export const STACK_LINE = /^\s+at .+/m;
