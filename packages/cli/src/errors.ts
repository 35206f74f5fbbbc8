// The CLI's one error boundary (issue 13). Every failure of a command ends here: a known one becomes one located
// sentence in the user's language and an exit code per class; anything else becomes one line with a reference, its
// stack appended to an error log (under the data directory, or the user's state directory with DATABASE_URL), and
// the stack reaches the terminal only with --debug.
import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AccountError, errorReference, PlanDocumentError } from '@anju/api';
import { issueText, type IssueCode } from '@anju/core';
import {
  EncodingError,
  SheetNotFoundError,
  UnitsFileError,
  UnsupportedTableFileError,
  XlsxReadError,
  XlsxRefusedError,
} from '@anju/intake';
import { BackupError, StoreError } from '@anju/store';
import type { Lang } from './context.js';

/** What kind of failure, and the exit code it ends with. */
export type FailureClass = 'usage' | 'data' | 'store-in-use' | 'internal';

/** usage 2 (how the command was called), data 1 (an input, the store's content or the machine refused), 3, 70. */
export const EXIT_CODES: Readonly<Record<FailureClass, number>> = {
  usage: 2,
  data: 1,
  'store-in-use': 3,
  internal: 70,
};

/** A problem the user can fix by calling the command differently (arguments, options); exit 2, no stack trace. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  readonly failure: 'usage' | 'data' = 'usage';
}

/** A problem with the content of an input file or of the store that the user can fix; exit 1, no stack trace. */
export class DataError extends UserError {
  override readonly name = 'DataError';
  override readonly failure = 'data' as const;
}

/** A failure put into words: its class and the sentence to print. */
export interface KnownFailure {
  readonly failure: Exclude<FailureClass, 'internal'>;
  readonly message: string;
}

/** The sentence and class of a failure we know, or undefined for one we do not (an internal error). */
export function explainFailure(error: unknown, lang: Lang): KnownFailure | undefined {
  const pick = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  const data = (message: string): KnownFailure => ({ failure: 'data', message });
  if (error instanceof UserError) return { failure: error.failure, message: error.message };
  if (error instanceof StoreError) {
    const message = pick(error.messageZh, error.messageEn);
    return error.code === 'store-in-use' ? { failure: 'store-in-use', message } : data(message);
  }
  if (error instanceof BackupError) return data(pick(error.messageZh, error.messageEn));
  if (error instanceof AccountError) return data(pick(error.zh, error.en));
  if (error instanceof PlanDocumentError) return data(error.message);
  if (error instanceof UnitsFileError) return data((lang === 'zh' ? error.linesZh : error.linesEn).join('\n'));
  if (error instanceof EncodingError) return data(issue(lang, 'encoding', {}, error.file));
  if (error instanceof XlsxRefusedError) return data(issue(lang, error.code, error.args));
  if (error instanceof XlsxReadError) {
    const where = pick(
      `工作表 ${error.sheet ?? '?'} 第 ${error.row} 行`,
      `sheet ${error.sheet ?? '?'} row ${error.row}`,
    );
    return data(issue(lang, 'xlsx-damaged', { reason: error.message }, where));
  }
  if (error instanceof SheetNotFoundError) {
    return data(issue(lang, 'sheet-missing', { got: String(error.wanted), expected: error.available.join('、') }));
  }
  if (error instanceof UnsupportedTableFileError) {
    return data(pick(`${error.file} 不是 CSV 或 XLSX 文件`, `${error.file} is not a CSV or XLSX file`));
  }
  const bilingual = bilingualMessage(error);
  if (bilingual !== undefined) return data(pick(bilingual.zh, bilingual.en));
  const system = systemFailure(error, lang);
  if (system !== undefined) return data(system);
  return undefined;
}

/**
 * Report a failure and return its exit code. Known failures print their sentence; unknown ones print a reference
 * and append the stack to the error log. With `debug` the stack is printed too.
 */
export function reportFailure(error: unknown, where: FailureContext): number {
  // The reader of our output went away (`anju … | head`): what it wanted it has; nothing failed.
  if (isBrokenPipe(error)) return 0;
  const known = explainFailure(error, where.lang);
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  if (known !== undefined) {
    where.err(known.message);
    if (where.debug) where.err(stack);
    return EXIT_CODES[known.failure];
  }
  const reference = failureReference(where.now());
  const logged = appendErrorLog(where, reference, stack);
  const zh = logged.path
    ? `内部错误，参考编号 ${reference}；详情已写入 ${logged.path}`
    : `内部错误，参考编号 ${reference}；详情未能写入日志（${logged.reason}），加 --debug 重新运行可显示详情`;
  const en = logged.path
    ? `internal error, reference ${reference}; details written to ${logged.path}`
    : `internal error, reference ${reference}; the details could not be logged (${logged.reason}): run again with --debug to see them`;
  where.err(where.lang === 'zh' ? zh : en);
  if (where.debug) where.err(stack);
  return EXIT_CODES.internal;
}

/** Where and how to report: the language, --debug, the store's location (for the log) and the output. */
export interface FailureContext {
  readonly lang: Lang;
  readonly debug: boolean;
  /** The embedded data directory the command used (absolute), or undefined with DATABASE_URL. */
  readonly dataDir: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly argv: readonly string[];
  now(): Date;
  err(text: string): void;
}

/** The failure context of a command line: --lang, --debug and --data-dir as the command's options give them. */
export function failureContext(
  opts: { lang?: unknown; debug?: unknown; dataDir?: unknown },
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): FailureContext {
  const dataDir = typeof opts.dataDir === 'string' ? opts.dataDir : (env['ANJU_DATA_DIR'] ?? 'anju-data');
  return {
    lang: opts.lang === 'en' ? 'en' : 'zh',
    debug: opts.debug === true,
    dataDir: env['DATABASE_URL'] ? undefined : resolve(dataDir),
    env,
    argv,
    now: () => new Date(),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** `E-20261208-ab12cd`: the day and six random hex digits, enough to find one entry in a log (the API's form). */
export const failureReference = errorReference;

/**
 * Appends an unexpected error of a long-running command (the server's requests) to the error log under `reference`
 * and returns the one line to print: the reference and where the details are, never the stack.
 */
export function logInternalError(where: FailureContext, reference: string, error: unknown, label: string): string {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const logged = appendErrorLog(where, reference, `${label}\n${stack}`);
  return where.lang === 'zh'
    ? `内部错误（${label}），参考编号 ${reference}；${logged.path ? `详情已写入 ${logged.path}` : `详情未能写入日志（${logged.reason}）`}`
    : `internal error (${label}), reference ${reference}; ${logged.path ? `details written to ${logged.path}` : `the details could not be logged (${logged.reason})`}`;
}

/**
 * The error log: `<dataDir>/logs/error.log` when the data directory exists; else (DATABASE_URL, or no data directory
 * yet) `$XDG_STATE_HOME/anju/error.log`, `~/.local/state/anju/error.log` without XDG_STATE_HOME.
 */
export function errorLogPaths(where: Pick<FailureContext, 'dataDir' | 'env'>): string[] {
  const stateHome = where.env['XDG_STATE_HOME'] || join(where.env['HOME'] || homedir(), '.local', 'state');
  const state = join(stateHome, 'anju', 'error.log');
  const dir = where.dataDir;
  return dir !== undefined && isDirectory(dir) ? [join(dir, 'logs', 'error.log'), state] : [state];
}

function appendErrorLog(
  where: FailureContext,
  reference: string,
  stack: string,
): { path: string; reason?: undefined } | { path?: undefined; reason: string } {
  const entry = `[${where.now().toISOString()}] ${reference} pid ${process.pid}: ${where.argv.slice(2).join(' ')}\n${stack}\n\n`;
  let reason = '';
  for (const path of errorLogPaths(where)) {
    try {
      mkdirSync(join(path, '..'), { recursive: true });
      appendFileSync(path, entry, { mode: 0o600 });
      return { path };
    } catch (e) {
      reason = (e as NodeJS.ErrnoException).code ?? String(e);
    }
  }
  return { reason };
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function issue(lang: Lang, code: IssueCode, args: Readonly<Record<string, string>>, where?: string): string {
  const text = issueText(code, args);
  const body = lang === 'zh' ? text.zh : text.en;
  return where === undefined ? body : `${where}：${body}`;
}

/** Errors of our packages that carry both languages (`messageZh` / `messageEn`: land, draw, forecast, plan input). */
function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

function bilingualMessage(error: unknown): { zh: string; en: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { messageZh, messageEn } = error as Error & { messageZh?: unknown; messageEn?: unknown };
  return typeof messageZh === 'string' && typeof messageEn === 'string' ? { zh: messageZh, en: messageEn } : undefined;
}

// Errors of the machine rather than of Anju, by errno code (node:fs, sockets) or PostgreSQL SQLSTATE.
const SYSTEM: Readonly<Record<string, (path: string) => { zh: string; en: string }>> = {
  ENOENT: (p) => ({ zh: `找不到文件或目录${p}`, en: `no such file or directory${p}` }),
  EACCES: (p) => ({ zh: `没有权限访问${p}`, en: `permission denied${p}` }),
  EPERM: (p) => ({ zh: `操作不被允许${p}`, en: `operation not permitted${p}` }),
  EISDIR: (p) => ({ zh: `应为文件，却是目录${p}`, en: `a directory where a file was expected${p}` }),
  EEXIST: (p) => ({
    zh: `已有同名的文件，无法建立目录${p}`,
    en: `a file of that name exists where a directory is needed${p}`,
  }),
  ENOTDIR: (p) => ({ zh: `路径中有一段不是目录${p}`, en: `a part of the path is not a directory${p}` }),
  EROFS: (p) => ({ zh: `文件系统只读，不能写入${p}`, en: `read-only file system${p}` }),
  ENOSPC: (p) => ({
    zh: `磁盘已满，写入失败${p}；请腾出空间后重试（未写完的输出不可用）`,
    en: `the disk is full; writing failed${p}. Free some space and try again (a partly written output is unusable)`,
  }),
  EDQUOT: (p) => ({
    zh: `磁盘配额已用完，写入失败${p}；请腾出空间后重试`,
    en: `the disk quota is exhausted; writing failed${p}. Free some space and try again`,
  }),
  EFBIG: (p) => ({
    zh: `文件超过了系统允许的大小，写入失败${p}（检查 ulimit -f 或磁盘空间）`,
    en: `the file exceeds the size the system allows; writing failed${p} (check ulimit -f and free space)`,
  }),
  EMFILE: () => ({ zh: '打开的文件过多，请稍后重试', en: 'too many open files; try again later' }),
  ECONNREFUSED: (p) => ({ zh: `无法连接数据库服务器${p}`, en: `cannot connect to the database server${p}` }),
  ENOTFOUND: (p) => ({ zh: `找不到数据库服务器${p}`, en: `the database server's host was not found${p}` }),
  // PostgreSQL: disk full, could not extend a file, wrong password, no such database.
  '53100': () => ({
    zh: '数据库所在磁盘已满，写入未完成（事务已回滚）；请腾出空间后重试',
    en: 'the disk holding the database is full; nothing was written (rolled back). Free some space and try again',
  }),
  '28P01': () => ({ zh: '数据库拒绝了用户名或密码', en: 'the database refused the user name or password' }),
  '3D000': () => ({ zh: '数据库不存在', en: 'the database does not exist' }),
};

function systemFailure(error: unknown, lang: Lang): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  let key = typeof code === 'string' ? code : undefined;
  // PGlite reports a full disk or a file size limit as PostgreSQL errors whose text carries the OS error.
  if (key === undefined || !(key in SYSTEM)) key = /No space left on device/i.test(error.message) ? 'ENOSPC' : key;
  if (key === undefined || !(key in SYSTEM)) key = /File too large/i.test(error.message) ? 'EFBIG' : key;
  const text = key === undefined ? undefined : SYSTEM[key];
  if (text === undefined) return undefined;
  const target = path ?? (address === undefined ? undefined : `${address}${port === undefined ? '' : `:${port}`}`);
  const words = text(target === undefined ? '' : lang === 'zh' ? `：${target}` : `: ${target}`);
  return lang === 'zh' ? words.zh : words.en;
}
