// The CLI's one error boundary (issue 13). Each known failure driven through the real CLI in a child process ends
// in one sentence and its class's exit code, with no stack trace; an unknown failure prints a reference and writes
// the stack to the error log; and every command registered in the program, run with bad arguments against a data
// directory another process holds, prints no stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, openStore } from '@anju/store';
import { buildProgram } from './main.js';
import { anjuEnv, REPO_ROOT, runAnjuProcess, STACK_LINE, type AnjuExit } from './testing/anju-process.js';
import { runAnju } from './testing/run-anju.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-errors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One sentence on stderr, nothing that looks like a stack trace anywhere. */
function expectSentence(run: AnjuExit, code: number, text: string | RegExp): void {
  expect(run.code, run.err).toBe(code);
  if (typeof text === 'string') expect(run.err).toContain(text);
  else expect(run.err).toMatch(text);
  expect(run.err).not.toMatch(STACK_LINE);
  expect(run.out).not.toMatch(STACK_LINE);
}

describe('known failures through the real CLI', () => {
  it('a data directory another process holds: exit 3, naming the holder', async () => {
    const dataDir = join(dir, 'held');
    const store = await openStore({ dataDir }); // this test process holds it
    try {
      const run = await runAnjuProcess(['init', '--data-dir', dataDir]);
      expectSentence(run, 3, `数据目录 ${dataDir} 正被进程 ${process.pid}（`);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a weak ANJU_ADMIN_PASSWORD for `serve --auth accounts`: exit 1 with the rule, in either language', async () => {
    const dataDir = join(dir, 'weak');
    const env = anjuEnv({ ANJU_ADMIN_PASSWORD: '123' });
    const args = ['serve', '--auth', 'accounts', '--port', '0', '--data-dir', dataDir];
    expectSentence(await runAnjuProcess(args, { env }), 1, /^密码至少 \d+ 个字符，且不能包含用户名\n$/);
    expectSentence(await runAnjuProcess([...args, '--lang', 'en'], { env }), 1, /^the password needs at least \d+/);
  }, 120_000);

  it('output to a reader that went away (`anju measures | true`): exit 0, no error printed', async () => {
    // `true` exits without reading, so by the time the CLI prints, its stdout is a pipe nobody reads: EPIPE.
    const child = spawn(
      'bash',
      [
        '-c',
        `"${process.execPath}" --import tsx "${join(REPO_ROOT, 'packages/cli/src/testing/anju-child.ts')}" measures | true; echo "status \${PIPESTATUS[0]}"`,
      ],
      { cwd: REPO_ROOT, env: anjuEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise((done) => child.once('exit', done));
    expect(out).toBe('status 0\n');
    expect(err).toBe('');
  }, 120_000);

  it('an input file that cannot be read: exit 1 naming it', async () => {
    const missing = join(dir, 'missing.yaml');
    expectSentence(await runAnjuProcess(['land', 'value', missing]), 1, missing);
    const directory = join(dir, 'a-directory.yaml');
    await mkdir(directory);
    expectSentence(await runAnjuProcess(['forecast', 'run', directory]), 1, directory);
  }, 120_000);

  it('a full disk (/dev/full) and a file size limit (prlimit --fsize): exit 1, the output not usable', async () => {
    const full = join(dir, 'full.csv');
    await symlink('/dev/full', full);
    const generate = ['generate', '--units', '20', '--months', '24', '--data-dir', join(dir, 'unused')];
    expectSentence(await runAnjuProcess([...generate, '--out', full]), 1, '磁盘已满，写入失败');
    const limited = await runAnjuProcess([...generate, '--out', join(dir, 'big.csv'), '--lang', 'en'], {
      command: ['prlimit', '--fsize=20000', process.execPath],
    });
    expectSentence(limited, 1, 'the file exceeds the size the system allows');
  }, 120_000);

  it('an unknown failure: exit 70, one line with a reference, the stack in <dataDir>/logs/error.log', async () => {
    // A data directory that is not a database PGlite can open.
    const dataDir = join(dir, 'broken');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'PG_VERSION'), '99\n');
    const run = await runAnjuProcess(['revisions', '--data-dir', dataDir]);
    const log = join(dataDir, 'logs', 'error.log');
    expectSentence(run, 70, new RegExp(`^内部错误，参考编号 E-\\d{8}-[0-9a-f]{6}；详情已写入 ${log}\\n$`));
    const reference = /E-\d{8}-[0-9a-f]{6}/.exec(run.err)![0];
    const entry = await readFile(log, 'utf8');
    expect(entry).toContain(`${reference} pid `);
    expect(entry).toContain('revisions --data-dir');
    expect(entry).toMatch(STACK_LINE);
    // --debug prints the stack as well; the log gets a second entry
    const debug = await runAnjuProcess(['revisions', '--data-dir', dataDir, '--debug', '--lang', 'en']);
    expect(debug.code).toBe(70);
    expect(debug.err).toMatch(/^internal error, reference E-\d{8}-[0-9a-f]{6}; details written to /);
    expect(debug.err).toMatch(STACK_LINE);
    expect((await readFile(log, 'utf8')).split(/^\[/m).filter(Boolean)).toHaveLength(2);
  }, 120_000);

  it('with DATABASE_URL the error log is under $XDG_STATE_HOME/anju', async () => {
    const state = join(dir, 'state');
    const env = anjuEnv({ DATABASE_URL: 'postgres://u:p@[unclosed', XDG_STATE_HOME: state });
    const run = await runAnjuProcess(['revisions'], { env });
    const log = join(state, 'anju', 'error.log');
    expectSentence(run, 70, `详情已写入 ${log}`);
    expect(await readFile(log, 'utf8')).toMatch(STACK_LINE);
  }, 120_000);

  it('a commander refusal (unknown option, missing argument) is a usage error: exit 2', async () => {
    const unknown = await runAnjuProcess(['import', 'x.csv', '--no-such-option']);
    expectSentence(unknown, 2, "unknown option '--no-such-option'");
    const none = await runAnjuProcess(['publish']);
    expectSentence(none, 2, "missing required argument 'revision'");
  }, 120_000);
});

/** The action words of the commands that take one (`anju plan evaluate`, `anju market recompute`, …). */
const ACTIONS = [
  ...['list', 'show', 'validate', 'run', 'compare', 'classify', 'solve', 'idle', 'import-parcels', 'annual', 'land'],
  ...['export', 'track', 'import', 'evaluate', 'cycles', 'warnings', 'age', 'import-projects', 'recompute'],
  ...['add', 'passwd', 'disable', 'enable', 'value', 'commit', 'verify', 'replay', 'simulate', 'monthly', 'quarterly'],
];

/** The options of `values` that `command` declares, as arguments. */
function declared(command: Command, values: Readonly<Record<string, string>>): string[] {
  return Object.entries(values).flatMap(([flag, value]) =>
    command.options.some((o) => o.long === flag) ? [flag, value] : [],
  );
}

describe('every command registered in the program', () => {
  let held: string;
  let holder: ChildProcess;

  let stateHome: string | undefined;

  beforeAll(async () => {
    // Unknown failures of in-process runs would be logged under the state directory: keep it in the test's own.
    stateHome = process.env['XDG_STATE_HOME'];
    process.env['XDG_STATE_HOME'] = join(dir, 'state-in-process');
    // A data directory held by another live process: every command that opens the store must say so (exit 3).
    held = join(dir, 'every-command');
    await mkdir(held, { recursive: true });
    holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    const lock = { pid: holder.pid, command: 'anju serve', startedAt: new Date().toISOString() };
    await writeFile(join(held, LOCK_FILE), JSON.stringify({ ...lock, hostname: hostname(), token: 'held' }));
  });
  afterAll(() => {
    holder.kill('SIGKILL');
    if (stateHome === undefined) delete process.env['XDG_STATE_HOME'];
    else process.env['XDG_STATE_HOME'] = stateHome;
  });

  it('prints no stack trace with bad arguments or an unusable store, and never fails internally', async () => {
    const program = buildProgram(() => undefined);
    const commands: readonly Command[] = program.commands;
    expect(commands.length).toBeGreaterThan(20);
    // inside a directory that does not exist, so no command can create it
    const missing = join(dir, 'no-such-directory', 'no-such-file.csv');
    const failures: string[] = [];
    const codes = new Map<string, Set<number>>();
    // a data directory path that is a file: no store can be opened there
    const file = join(dir, 'a-file-not-a-directory');
    await writeFile(file, 'x');
    for (const [store, command] of [held, file].flatMap((d) => commands.map((c) => [d, c] as const))) {
      const name = command.name();
      // positional arguments filled with a file that does not exist ('x' for an action)
      const positional = command.registeredArguments.map((a) => (/action|kind/.test(a.name()) ? 'x' : missing));
      const options = declared(command, { '--city': '999999', '--period': 'bogus', '--out': missing });
      const attempts = [
        [name, '--no-such-option'],
        [name],
        [name, ...positional],
        [name, ...positional, ...options],
        // every action word any command knows, in the action position, with a missing file after it
        ...(command.registeredArguments[0]?.name().match(/action|kind/)
          ? ACTIONS.map((action) => [name, action, ...positional.slice(1), ...options])
          : []),
      ];
      for (const args of attempts) {
        const run = await runAnju(store, ...args);
        const printed = `${run.out}\n${run.err}`;
        const what = `anju ${args.join(' ')} --data-dir ${store} → ${run.code}`;
        if (STACK_LINE.test(printed) || run.code === 70) failures.push(`${what}\n${printed}`);
        if (run.code !== 0 && run.err.trim() === '') failures.push(`${what} said nothing`);
        if (store === held) codes.set(name, (codes.get(name) ?? new Set()).add(run.code));
      }
    }
    expect(failures).toEqual([]);
    // the held store was reached and refused with exit 3 by the commands that open it
    for (const name of [
      'init',
      'units',
      'revisions',
      'demo',
      'generate',
      'serve',
      'backup',
      'market',
      'plan',
      'user',
    ]) {
      expect(codes.get(name), name).toContain(3);
    }
  }, 600_000);
});
