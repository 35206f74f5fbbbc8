import { Command, Option } from 'commander';
import { makeContext, type GlobalOptions } from './context.js';
import { browseCommands } from './commands/index.js';
import { UserError } from './commands/init.js';

/** Builds the `anju` program. Every command accepts --json, --data-dir and --lang. */
export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('anju')
    .description(
      '安居 Anju — 城市住房发展规划“人房地钱”要素联动平台 / city housing planning on people-housing-land-money linkage',
    )
    .showHelpAfterError();
  const withGlobals = (cmd: Command): Command =>
    cmd
      .option('--json', '输出机器可读的 JSON / machine-readable JSON output')
      .option(
        '--data-dir <dir>',
        '嵌入式数据目录（默认 ./anju-data；设置 DATABASE_URL 时改用 PostgreSQL）/ embedded data directory',
      )
      .addOption(new Option('--lang <lang>', '界面语言 / language').choices(['zh', 'en']).default('zh'));
  for (const def of browseCommands) {
    const cmd = withGlobals(program.command(def.name).description(def.description));
    def.configure(cmd);
    cmd.action(async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const opts = command.opts<GlobalOptions & Record<string, unknown>>();
      const ctx = makeContext(opts);
      try {
        run(await def.run(ctx, command.args, opts));
      } catch (e) {
        if (e instanceof UserError) {
          ctx.err(e.message);
          run(2);
        } else throw e;
      }
    });
  }
  return program;
}

/** Runs `anju` with the given argv; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  await program.parseAsync([...argv]);
  return code;
}
