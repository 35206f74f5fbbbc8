import { Command, CommanderError, Option } from 'commander';
import { makeContext, type GlobalOptions } from './context.js';
import { browseCommands } from './commands/index.js';
import { EXIT_CODES, failureContext, reportFailure } from './errors.js';

/**
 * Builds the `anju` program. Every command accepts --json, --data-dir, --lang and --debug. A command's failure goes
 * through the one error boundary (errors.ts) and ends with its class's exit code; `run` receives the code.
 */
export function buildProgram(
  run: (code: number) => void,
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): Command {
  const program = new Command('anju')
    .description(
      '安居 Anju — 城市住房发展规划“人房地钱”要素联动平台 / city housing planning on people-housing-land-money linkage',
    )
    .showHelpAfterError()
    // Commander's own refusals (unknown option, missing argument) throw instead of exiting: usage, exit 2.
    .exitOverride();
  const withGlobals = (cmd: Command): Command =>
    cmd
      .option('--json', '输出机器可读的 JSON / machine-readable JSON output')
      .option(
        '--data-dir <dir>',
        '嵌入式数据目录（默认 ./anju-data；设置 DATABASE_URL 时改用 PostgreSQL）/ embedded data directory',
      )
      .addOption(new Option('--lang <lang>', '界面语言 / language').choices(['zh', 'en']).default('zh'))
      .option('--debug', '出错时显示完整的调用栈 / print the stack trace of a failure');
  for (const def of browseCommands) {
    const cmd = withGlobals(program.command(def.name).description(def.description));
    def.configure(cmd);
    cmd.action(async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const opts = command.opts<GlobalOptions & Record<string, unknown>>();
      try {
        run(await def.run(makeContext(opts), command.args, opts));
      } catch (e) {
        run(reportFailure(e, failureContext(opts, argv, env)));
      }
    });
  }
  return program;
}

/** Runs `anju` with the given argv; resolves to the exit code. Never throws: every failure is reported. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c), env, argv);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    // Help and version end with 0; commander has printed its refusal and the help already.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_CODES.usage;
    return reportFailure(e, failureContext(globalsOf(argv), argv, env));
  }
  return code;
}

/**
 * The process's last line of defence (bin/anju.js): an error thrown outside a command's promise (an event handler,
 * a stream) is reported like any other failure instead of Node's stack trace.
 */
export function installProcessBoundary(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const last = (e: unknown): void => {
    process.exitCode = reportFailure(e, failureContext(globalsOf(argv), argv, env));
    process.exit();
  };
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
  // Ctrl+C or SIGTERM ends the process through process.exit, so the data directory's lock is removed (store exit
  // hook) and the next command does not find a stale one. A command that stops itself (serve) has its own listener.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }
}

/** --lang, --debug and --data-dir read from argv, for failures outside a command's options. */
function globalsOf(argv: readonly string[]): { lang?: string; debug?: boolean; dataDir?: string } {
  const valueOf = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const lang = valueOf('--lang');
  const dataDir = valueOf('--data-dir');
  return {
    debug: argv.includes('--debug'),
    ...(lang === undefined ? {} : { lang }),
    ...(dataDir === undefined ? {} : { dataDir }),
  };
}
