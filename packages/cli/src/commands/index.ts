import type { Command } from 'commander';
import type { Context, GlobalOptions } from '../context.js';
import { TypedOptions } from './typed-options.js';
import { auditCommand } from './audit.js';
import { auditTrailHeadsCommand, auditTrailVerifyCommand } from './audit-trail.js';
import { backupCommand, restoreCommand } from './backup.js';
import { measuresCommand, revisionsCommand, seriesCommand, unitsCommand } from './browse.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './export.js';
import { generateCommand } from './generate.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import {
  auctionReplayCommand,
  auctionSimulateCommand,
  drawCommitCommand,
  drawRunCommand,
  drawVerifyCommand,
  landValueCommand,
} from './land.js';
import { marketCommand } from './market.js';
import {
  forecastCompareCommand,
  forecastRunCommand,
  linkageClassifyCommand,
  linkageIdleCommand,
  linkageSolveCommand,
  planAnnualCommand,
  planExportCommand,
  planLandCommand,
} from './planning.js';
import { planEvaluateCommand, planImportCommand, planListCommand, planShowCommand } from './plans.js';
import { linkageClassifyStoreCommand, planTrackCommand } from './linkage-store.js';
import { linkageImportParcelsCommand } from './linkage-parcels.js';
import { profileListCommand, profileShowCommand, profileValidateCommand } from './profile.js';
import { diffCommand, discardCommand, publishCommand } from './publish.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { userCommand } from './users.js';

/** One `anju` subcommand: its name, its options, and what it runs. Declared once, here. */
export interface CommandDef {
  readonly name: string;
  readonly description: string;
  configure(cmd: Command): void;
  run(ctx: Context, args: readonly string[], opts: Record<string, unknown>): Promise<number>;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const cityOption = <O>(c: TypedOptions<O>) =>
  c.option('--city <code>', '城市代码（数据库只有一个城市时可省略）/ city code');

/** A subcommand whose `run` receives the options its `configure` declared, typed (see typed-options.ts). */
interface TypedCommandDef<O> {
  readonly name: string;
  readonly description: string;
  configure(c: TypedOptions<GlobalOptions>): TypedOptions<O>;
  run(ctx: Context, args: readonly string[], opts: O): Promise<number>;
}

function command<O>(def: TypedCommandDef<O>): CommandDef {
  return {
    name: def.name,
    description: def.description,
    configure: (cmd) => void def.configure(new TypedOptions(cmd)),
    // main.ts hands over commander's opts(): the global options and exactly those `def.configure` declared.
    run: (ctx, args, opts) => def.run(ctx, args, opts as O),
  };
}

export const browseCommands: readonly CommandDef[] = [
  command({
    name: 'init',
    description: '建立数据库；加 --city 载入城市单元 / create the store; with --city, load the city’s units',
    configure: (c) =>
      c
        .option('--city <code>', '城市代码 / city code')
        .option('--units <file>', '单元文件（YAML/JSON 列表）/ units file'),
    run: (ctx, _a, o) => initCommand(ctx, o),
  }),
  command({
    name: 'import <file>',
    description: '导入 CSV / XLSX（全部校验通过才写入）/ import a CSV or XLSX file (all or nothing)',
    configure: (c) =>
      cityOption(c)
        .option('--mapping <file>', '映射文件 / mapping file (YAML)')
        .option('--measure <code>', '宽表：单元为行、期间为列时的指标 / wide table of units × periods for this measure')
        .option('--dimension <code>', '与 --measure 同用的细分 / breakdown for --measure')
        .option('--sheet <name>', '工作表名称或序号 / worksheet name or number')
        .option('--dry-run', '只校验并显示将新增或变更的数值 / validate and show what would change')
        .option('--publish', '导入后立即发布 / publish right away')
        .option('--reason <text>', '原因（记入修订）/ reason, recorded with the revision'),
    run: (ctx, a, o) => importCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'export <out>',
    description: '导出为 XLSX 或 CSV（中文表头）/ export to XLSX or CSV',
    configure: (c) =>
      cityOption(c)
        .option('--measure <code>', '指标（可重复）/ measure (repeatable)', collect)
        .option('--unit <code>', '单元（可重复）/ unit (repeatable)', collect)
        .option('--from <period>', '起始期间 / first period')
        .option('--to <period>', '截止期间 / last period')
        .option('--revision <id>', '导出某一修订而非已发布数据 / one revision instead of the published view'),
    run: (ctx, a, o) => exportCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'units',
    description: '列出城市的单元 / list the city’s units',
    configure: (c) => cityOption(c),
    run: (ctx, _a, o) => unitsCommand(ctx, o),
  }),
  command({
    name: 'measures',
    description: '列出指标目录 / list the measure catalogue',
    configure: (c) => c,
    run: (ctx) => Promise.resolve(measuresCommand(ctx)),
  }),
  command({
    name: 'series',
    description: '查看指标序列，可按季度/年度汇总 / show a series, rolled up on request',
    configure: (c) =>
      cityOption(c)
        .requiredOption('--measure <code>', '指标代码 / measure code')
        .option('--unit <code>', '单元（可重复）/ unit (repeatable)', collect)
        .option('--dimension <code>', '细分 / breakdown', '')
        .option('--from <period>', '起始期间 / first period')
        .option('--to <period>', '截止期间 / last period')
        .option('--grain <grain>', 'month | quarter | year')
        .option('--revision <id>', '读取某一修订 / read one revision'),
    run: (ctx, _a, o) => seriesCommand(ctx, o),
  }),
  command({
    name: 'revisions',
    description: '列出修订（草稿 / 已发布 / 已作废）/ list revisions',
    configure: (c) => cityOption(c),
    run: (ctx, _a, o) => revisionsCommand(ctx, o),
  }),
  command({
    name: 'diff <revision>',
    description: '修订与已发布数据的差异 / what a revision changes',
    configure: (c) => cityOption(c).option('--limit <n>', '示例行数 / sample rows', '20'),
    run: (ctx, a, o) => diffCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'publish <revision>',
    description: '发布草稿修订（须说明原因）/ publish a draft revision (reason required)',
    configure: (c) => cityOption(c).option('--reason <text>', '原因 / reason'),
    run: (ctx, a, o) => publishCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'discard <revision>',
    description: '作废草稿修订 / discard a draft revision',
    configure: (c) => cityOption(c).option('--reason <text>', '原因 / reason'),
    run: (ctx, a, o) => discardCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'profile <action> [target]',
    description: '政策配置：list | show ID | validate FILE / policy profiles',
    configure: (c) => c,
    run: async (ctx, a) => {
      const [action, target] = a;
      if (action === 'list') return profileListCommand(ctx);
      if (action === 'show' && target) return profileShowCommand(ctx, target);
      if (action === 'validate' && target) return profileValidateCommand(ctx, target);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju profile list | show ID | validate FILE'
          : 'usage: anju profile list | show ID | validate FILE',
      );
      return 2;
    },
  }),
  command({
    name: 'generate',
    description: '生成可复现的合成月度数据（标记为合成）/ generate reproducible synthetic monthly data',
    configure: (c) =>
      c
        .option('--units <n>', '单元数 / units', '10')
        .option('--months <n>', '月数 / months', '60')
        .option('--measures <n>', '指标数 / measures', '6')
        .option('--seed <seed>', '随机种子 / seed', 'anju')
        .option('--city <code>', '合成城市代码 / synthetic city code', '990100')
        .option('--out <file>', '只写出 CSV 文件，不入库 / write a CSV file instead of the store')
        .option('--publish', '生成后发布 / publish'),
    run: (ctx, _a, o) => generateCommand(ctx, o),
  }),
  command({
    name: 'serve',
    description: '启动接口与仪表盘（默认 http://127.0.0.1:8080）/ serve the API and the dashboard',
    configure: (c) =>
      c
        .option('--port <port>', '端口 / port', '8080')
        .option('--host <host>', '监听地址（默认只允许本机访问）/ address to listen on', '127.0.0.1')
        .option(
          '--auth <mode>',
          'local 本机单用户（仅 127.0.0.1）| accounts 账户登录（默认：本机地址为 local，其他为 accounts；或 ANJU_AUTH）/ local | accounts',
        )
        .option(
          '--trust-proxy [hops]',
          '位于 N 层反向代理之后（默认 1）：客户端地址取 X-Forwarded-For 自右数第 N 项，并采用 X-Forwarded-Proto / behind N reverse proxies (default 1): the client address is the Nth X-Forwarded-For entry from the right',
        )
        .option(
          '--sign-in-limit <n>',
          '同一客户端地址 15 分钟内最多的登录尝试次数（默认 10；整个办公室共用一个出口地址时调大）/ sign-in attempts per client address in 15 minutes (default 10; raise it when an office shares one address)',
        ),
    run: (ctx, _a, o) => serveCommand(ctx, o),
  }),
  command({
    name: 'user <action> [login]',
    description:
      '账户（账户登录模式）：list | add 用户名 --role 角色 | passwd 用户名 | disable 用户名 | enable 用户名 / accounts',
    configure: (c) =>
      c
        .option('--role <role>', 'administrator | city-analyst | district-editor | department-user | viewer | public')
        .option('--name <name>', '姓名或单位 / display name')
        .option('--city <code>', '所属城市 / city')
        .option('--district <code>', '区县填报员的区县单元代码 / district of a district editor')
        .option(
          '--department <dept>',
          '部门用户的部门 / department: statistics | housing | natural-resources | finance | provident-fund | public-security',
        )
        .option(
          '--password-env <name>',
          '从该环境变量读取密码（缺省则生成并显示一次）/ read the password from this variable',
        ),
    run: (ctx, a, o) => userCommand(ctx, a[0], a[1], o),
  }),
  command({
    name: 'market <action> [file]',
    description:
      '市场监测：cycles 去化周期 | warnings 预警 | age 库存库龄 | import-projects 文件 导入预售项目台账 | recompute 重算已存派生指标 / market monitoring: cycles | warnings | age | import-projects FILE | recompute',
    configure: (c) =>
      cityOption(c)
        .option('--period <period>', '期间 / period')
        .option('--unit <code>', '单元（可重复）/ unit (repeatable)', collect)
        .option('--grain <grain>', 'month | quarter | year（默认按数据）/ default from the data')
        .option('--profile <id>', '政策配置（默认本市）/ policy profile (default the city’s)')
        .option('--type <code>', "类型 residential | non-residential | ''（默认住宅）/ property type", 'residential')
        .option('--basis <basis>', 'area | units', 'area')
        .option('--level <level>', '预警等级 blue | yellow | orange | red / warning level')
        .option('--all', '含观察中的预警 / include pending warnings')
        .option('--as-of <date>', 'age：观察日 YYYY-MM-DD / age: the day seen')
        .option('--reason <text>', 'import-projects：原因（记入修订）/ reason, recorded with the revision')
        .option('--sheet <name>', 'import-projects：工作表名称或序号 / worksheet name or number')
        .option('--dry-run', 'import-projects：只校验 / validate only')
        .option('--publish', 'import-projects：导入后立即发布 / publish right away'),
    run: (ctx, a, o) => marketCommand(ctx, a[0]!, o, a[1]),
  }),
  command({
    name: 'report <kind>',
    description:
      '市场监测报告：monthly 月度统计 | quarterly 季度分析 | annual 年度评估，--out 为 .xlsx / .pdf / .html / market report',
    configure: (c) =>
      cityOption(c)
        .option('--period <period>', '期间：2025-12、2025Q4 或 2025（与报告类型相符）/ period of the kind’s grain')
        .option('--out <file>', '输出文件（.xlsx 表格、.pdf 打印版、.html 网页）/ output file')
        .option('--profile <id>', '政策配置（默认本市）/ policy profile (default the city’s)'),
    run: (ctx, a, o) => reportCommand(ctx, a[0]!, o),
  }),
  command({
    name: 'forecast <action> [files...]',
    description:
      '以人定房：run [情景文件]（无文件时复算 003 需求链）| compare 文件… / demand forecast: run [scenario] | compare files…',
    configure: (c) =>
      c
        .option('--profile <id>', '政策配置（默认 national-default）/ policy profile')
        .option('--sensitivity <unit>', '对比时给出该单元的敏感性 / sensitivity for this unit (compare)'),
    run: async (ctx, a, o) => {
      const [action, ...files] = a;
      if (action === 'run') return forecastRunCommand(ctx, files[0], o);
      if (action === 'compare') return forecastCompareCommand(ctx, files, o);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju forecast run [FILE] | compare FILE…'
          : 'usage: anju forecast run [FILE] | compare FILE…',
      );
      return 2;
    },
  }),
  command({
    name: 'linkage <action> [file]',
    description:
      '以房定地：classify [FILE]（无文件时按库中去化周期、人口与盘活用地）| solve FILE | idle [宗地文件] --as-of 日期（无文件时按库中已发布宗地台账）| import-parcels 宗地文件 导入供地台账 / land linkage: classify [FILE] (from the store without one) | solve FILE | idle [PARCELS] --as-of DATE (the stored parcels without one) | import-parcels FILE',
    configure: (c) =>
      c
        .option('--city <code>', '城市代码（classify 无文件时、idle、import-parcels）/ city code')
        .option('--period <period>', 'classify：期间（默认最近一期）/ period (default the latest)')
        .option('--as-of <date>', '闲置土地评估日期 YYYY-MM-DD（idle）/ assessment date for idle')
        .option(
          '--profile <id>',
          '政策配置（idle：有 --city 或无文件时默认本市，否则 national-default）/ policy profile for idle',
        )
        .option('--sheet <name>', '工作表名称或序号（idle）/ worksheet for idle')
        .option('--reason <text>', 'import-parcels：原因（记入修订）/ reason, recorded with the revision')
        .option('--dry-run', 'import-parcels：只校验 / validate only')
        .option('--publish', 'import-parcels：导入后立即发布 / publish right away'),
    run: async (ctx, a, o) => {
      const [action, file] = a;
      if (action === 'classify') {
        return file === undefined ? linkageClassifyStoreCommand(ctx, o) : linkageClassifyCommand(ctx, file);
      }
      if (action === 'solve') return linkageSolveCommand(ctx, file);
      if (action === 'idle') return linkageIdleCommand(ctx, file, o);
      if (action === 'import-parcels') return linkageImportParcelsCommand(ctx, file, o);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju linkage classify FILE | solve FILE | idle [FILE] --as-of DATE | import-parcels FILE'
          : 'usage: anju linkage classify FILE | solve FILE | idle [FILE] --as-of DATE | import-parcels FILE',
      );
      return 2;
    },
  }),
  command({
    name: 'plan <action> [file]',
    description:
      '年度计划：annual [FILE]（无文件时为 003 第六章）| land [FILE] | export --out FILE.xlsx | track 计划与实际；规划指标：list | show | import FILE | evaluate --plan P --year Y --out FILE / annual plans and plan indicators',
    configure: (c) =>
      c
        .option('--out <file>', '导出 003 第六章计划表的 XLSX 文件 / XLSX file for `export`')
        // plan list | show | import | evaluate (plans.ts)
        .option('--city <code>', '城市代码 / city code')
        .option('--plan <id>', '规划编号（如 zhangye-15th）/ plan id')
        .option('--year <year>', '评估年份 / evaluation year')
        .option('--version <n>', '规划版本（默认最新）/ plan version (default latest)')
        .option('--reason <text>', 'import：原因 / reason')
        .option('--profile <id>', '政策配置（默认规划所属城市）/ policy profile')
        .option('--explain <indicator>', 'show：解释某项指标的状态 / explain one indicator’s status'),
    run: async (ctx, a, o) => {
      const [action, file] = a;
      if (action === 'track') return planTrackCommand(ctx, o);
      if (action === 'list') return planListCommand(ctx, o);
      if (action === 'show') return planShowCommand(ctx, o);
      if (action === 'import') return planImportCommand(ctx, file, o);
      if (action === 'evaluate') return planEvaluateCommand(ctx, o);
      if (action === 'annual') return planAnnualCommand(ctx, file);
      if (action === 'land') return planLandCommand(ctx, file);
      if (action === 'export') return planExportCommand(ctx, o);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju plan annual [FILE] | land [FILE] | export --out FILE.xlsx | list | show --plan P | import FILE | evaluate --plan P --year Y --out FILE'
          : 'usage: anju plan annual [FILE] | land [FILE] | export --out FILE.xlsx | list | show --plan P | import FILE | evaluate --plan P --year Y --out FILE',
      );
      return 2;
    },
  }),
  command({
    name: 'audit <files...>',
    description:
      '规划表审核：核对印出的合计、占比、派生数与跨表同一数量 / audit printed plan tables: totals, shares, derived figures, cross-table agreement',
    configure: (c) =>
      c
        .option('--rules <file>', '审核规则（YAML：派生公式、别名）/ rules file (YAML: derived formulas, aliases)')
        .option('--sheet <name>', 'XLSX 工作表名称或序号 / worksheet name or number'),
    run: (ctx, a, o) => auditCommand(ctx, a, o),
  }),
  command({
    name: 'demo',
    description: '载入种子文件中的公开数据（示例数据库）/ load the seeds’ published figures',
    configure: (c) => c,
    run: (ctx) => demoCommand(ctx),
  }),
  command({
    name: 'land <action> [file]',
    description:
      '土地估价：value 文件（剩余法 / 产业用地自持修正 / 年度地价 5% 校核）/ land valuation: value FILE (residual, industrial, 5 % check)',
    configure: (c) => c,
    run: async (ctx, a) => {
      const [action, file] = a;
      if (action === 'value') return landValueCommand(ctx, file);
      ctx.err(ctx.lang === 'zh' ? '用法：anju land value FILE' : 'usage: anju land value FILE');
      return 2;
    },
  }),
  command({
    name: 'draw <action> [file]',
    description:
      '可复现抽取：commit 生成种子与承诺值 | run 请求文件 | verify 记录文件 / auditable draws: commit | run FILE | verify LOG',
    configure: (c) =>
      c
        .option('--seed <seed>', 'run：使用已承诺的种子 / run: the committed seed')
        .option('--out <file>', 'run：写出抽取记录 / run: write the record'),
    run: async (ctx, a, o) => {
      const [action, file] = a;
      if (action === 'commit') return drawCommitCommand(ctx);
      if (action === 'run') return drawRunCommand(ctx, file, o);
      if (action === 'verify') return drawVerifyCommand(ctx, file);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju draw commit | run FILE | verify LOG'
          : 'usage: anju draw commit | run FILE | verify LOG',
      );
      return 2;
    },
  }),
  command({
    name: 'auction <action> [file]',
    description:
      '土地竞买：replay 日志文件 复算竞得人 | simulate 规则文件 模拟竞买 / land auctions: replay LOG | simulate RULES',
    configure: (c) =>
      c
        .option('--seed <seed>', 'simulate：随机种子 / seed', 'anju')
        .option('--bidders <n>', 'simulate：模拟竞买人数 / generated bidders', '5')
        .option('--out <file>', 'simulate：写出可复算的日志 / write the replayable log'),
    run: async (ctx, a, o) => {
      const [action, file] = a;
      if (action === 'replay') return auctionReplayCommand(ctx, file);
      if (action === 'simulate') return auctionSimulateCommand(ctx, file, o);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju auction replay LOG | simulate RULES'
          : 'usage: anju auction replay LOG | simulate RULES',
      );
      return 2;
    },
  }),
  command({
    name: 'backup',
    description: '备份整个数据库到一个文件（含全部修订与审计记录）/ back up the whole store to one file',
    configure: (c) =>
      c
        .option('--out <file>', '备份文件（.tar.gz）/ backup file (.tar.gz)')
        .option('--force', '覆盖已有文件 / overwrite an existing file'),
    run: (ctx, _a, o) => backupCommand(ctx, o),
  }),
  command({
    name: 'audit-trail <action>',
    description:
      '审计链：verify 校验每条链并指出第一个断开处（断开时退出码 1）| heads 打印链头以便另行保存 / audit chains: verify (exit 1 when broken) | heads',
    configure: (c) =>
      c.option(
        '--heads <file>',
        'verify：同时核对另行保存的链头（heads --json 的输出或备份清单）/ verify: also check heads kept elsewhere',
      ),
    run: async (ctx, a, o) => {
      const [action] = a;
      if (action === 'verify') return auditTrailVerifyCommand(ctx, o);
      if (action === 'heads') return auditTrailHeadsCommand(ctx);
      ctx.err(
        ctx.lang === 'zh'
          ? '用法：anju audit-trail verify [--heads FILE] [--json] | heads [--json]'
          : 'usage: anju audit-trail verify [--heads FILE] [--json] | heads [--json]',
      );
      return 2;
    },
  }),
  command({
    name: 'restore <file>',
    description: '从备份文件恢复到空库（校验和全部核对，一个事务）/ restore a backup into an empty store',
    configure: (c) => c,
    run: (ctx, a) => restoreCommand(ctx, a[0]!),
  }),
];
