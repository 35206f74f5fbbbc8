// Every error the store raises on purpose, with its Chinese and English wording kept in one place.
import { hostname } from 'node:os';

export type StoreErrorCode =
  | 'revision-not-found'
  | 'revision-not-draft'
  | 'unknown-units'
  | 'bad-identifier'
  | 'bad-period'
  | 'bad-roll-up'
  | 'transaction-closed'
  | 'store-in-transaction'
  | 'transaction-aborted'
  | 'out-of-scope'
  | 'audit-append-only'
  | 'store-in-use'
  | 'audit-key'
  | 'provisional-revision';

/** Who holds an embedded data directory (see data-dir-lock.ts). */
export interface StoreHolder {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
  readonly hostname: string;
}

/** A refusal by the store. `message` carries both languages; `messageZh` / `messageEn` carry one each. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  /** For `store-in-use`: the process that holds the data directory, when its lock file could be read. */
  readonly holder: StoreHolder | undefined;

  constructor(code: StoreErrorCode, text: { zh: string; en: string }, holder?: StoreHolder) {
    super(`${text.zh} (${text.en})`);
    this.code = code;
    this.messageZh = text.zh;
    this.messageEn = text.en;
    this.holder = holder;
  }
}

export const storeMessages = {
  revisionNotFound: (cityCode: string, revisionId: string) => ({
    zh: `城市 ${cityCode} 没有编号为 ${revisionId} 的修订版本`,
    en: `city ${cityCode} has no revision ${revisionId}`,
  }),
  revisionNotDraft: (revisionId: string, status: string, action: 'publish' | 'discard' | 'write') => ({
    zh: `修订版本 ${revisionId} 的状态是“${statusZh(status)}”，只有草稿可以${actionZh[action]}`,
    en: `revision ${revisionId} is ${status}; only a draft can be ${actionEn[action]}`,
  }),
  unknownUnits: (cityCode: string, unitCodes: readonly string[]) => ({
    zh: `城市 ${cityCode} 中没有这些单元：${unitCodes.join('、')}`,
    en: `city ${cityCode} has no units ${unitCodes.join(', ')}`,
  }),
  badIdentifier: (name: string) => ({
    zh: `不是合法的表名或列名：${name}`,
    en: `not a valid table or column name: ${name}`,
  }),
  badPeriod: (period: string) => ({
    zh: `无法识别的期间代码：${period}（应为 2025-12、2025Q4、2025 或 2021-2025）`,
    en: `unrecognised period code: ${period} (expected 2025-12, 2025Q4, 2025 or 2021-2025)`,
  }),
  badRollUp: (grain: string) => ({
    zh: `不能汇总到“${grain}”粒度`,
    en: `cannot roll up to grain "${grain}"`,
  }),
  storeInTransaction: () => ({
    zh: '事务内部请使用 tx.db；不能使用 store.db 或再开启一个事务',
    en: 'inside a transaction use tx.db; store.db and nested transactions are not allowed there',
  }),
  transactionAborted: () => ({
    zh: '事务中有语句失败，整个事务已回滚，没有写入任何数据',
    en: 'a statement inside the transaction failed, so it was rolled back and nothing was written',
  }),
  outOfDistrict: (districtCode: string, unitCodes: readonly string[]) => ({
    zh: `无权修改本区县（${districtCode}）以外单元的数据：${unitCodes.join('、')}；整个文件未写入`,
    en: `you may not change units outside district ${districtCode}: ${unitCodes.join(', ')}; nothing was written`,
  }),
  outOfDepartment: (measureCodes: readonly string[]) => ({
    zh: `无权修改本部门以外的指标：${measureCodes.join('、')}；整个文件未写入`,
    en: `you may not change measures of another department: ${measureCodes.join(', ')}; nothing was written`,
  }),
  auditAppendOnly: () => ({
    zh: '审计记录只能追加，不能修改或删除',
    en: 'the audit trail is append-only: events cannot be changed or deleted',
  }),
  storeInUse: (dataDir: string, holder: StoreHolder | undefined, sameProcess: boolean) =>
    holder === undefined
      ? {
          zh: `数据目录 ${dataDir} 正被另一个进程使用（锁文件 anju.lock 正在写入）；请稍后再试`,
          en: `data directory ${dataDir} is in use by another process (its lock file anju.lock is being written); try again shortly`,
        }
      : sameProcess
        ? {
            zh: `数据目录 ${dataDir} 已在本进程中打开（进程 ${holder.pid}）；同一目录只能打开一次`,
            en: `data directory ${dataDir} is already open in this process (${holder.pid}); a directory can be opened once`,
          }
        : {
            zh: `数据目录 ${dataDir} 正被进程 ${holder.pid}（${holder.command}，启动于 ${localTime(holder.startedAt)}${otherHost(holder, 'zh')}）使用；请先停止该进程，或改用其他 --data-dir。同一数据目录同时只能由一个进程打开`,
            en: `data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}, started ${localTime(holder.startedAt)}${otherHost(holder, 'en')}); stop it first or use another --data-dir. One data directory can be opened by one process at a time`,
          },
  staleLock: (dataDir: string, previous: StoreHolder) => ({
    zh: `注意：数据目录 ${dataDir} 的锁属于已不在运行的进程 ${previous.pid}（${previous.command}，启动于 ${localTime(previous.startedAt)}），已接管；该进程可能被中止，未提交的写入不会保留`,
    en: `note: the lock of data directory ${dataDir} belonged to process ${previous.pid} (${previous.command}, started ${localTime(previous.startedAt)}), which no longer runs; taken over. That process may have been killed; its uncommitted writes were not kept`,
  }),
  auditKeyMissing: (path: string) => ({
    zh: `审计链密钥文件 ${path} 不存在，而数据库中已有审计链：请把原密钥文件放回该位置，或用 ANJU_AUDIT_KEY_FILE 指向它（新建密钥会让全部既有记录无法校验）`,
    en: `the audit-chain key file ${path} is missing but the database already holds audit chains: put the original key file back there or point ANJU_AUDIT_KEY_FILE at it (a new key would make every existing event fail verification)`,
  }),
  auditKeyOpen: (path: string) => ({
    zh: `审计链密钥文件 ${path} 可被其他用户读取，请执行 chmod 600 ${path}`,
    en: `the audit-chain key file ${path} is readable by other users: run chmod 600 ${path}`,
  }),
  auditKeyBad: (path: string) => ({
    zh: `审计链密钥文件 ${path} 的内容不是 64 位十六进制密钥`,
    en: `the audit-chain key file ${path} does not hold a 64-digit hex key`,
  }),
  auditKeyMismatch: (chain: string, stored: string, ours: string) => ({
    zh: `审计链“${chain}”由另一把密钥签链（密钥标识 ${stored}，当前 ${ours}），拒绝追加：请用 ANJU_AUDIT_KEY_FILE 指向原密钥文件`,
    en: `audit chain "${chain}" was linked with another key (key id ${stored}, this one ${ours}); refusing to append: point ANJU_AUDIT_KEY_FILE at the original key file`,
  }),
  provisionalRevision: () => ({
    zh: '试运行的临时修订不能提交（试运行总是回滚）',
    en: 'a dry run’s provisional revision cannot be committed (dry runs always roll back)',
  }),
  transactionClosed: () => ({
    zh: '事务已经结束，不能再使用',
    en: 'the transaction has ended and can no longer be used',
  }),
} as const;

/** `2026-12-08T01:20:00.000Z` → `2026-12-08 01:20:00` in the machine's time zone (what the operator's clock shows). */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function otherHost(holder: StoreHolder, lang: 'zh' | 'en'): string {
  if (holder.hostname === '' || holder.hostname === hostname()) return '';
  return lang === 'zh' ? `，主机 ${holder.hostname}` : `, host ${holder.hostname}`;
}

const actionZh = { publish: '发布', discard: '作废', write: '写入数据' } as const;
const actionEn = { publish: 'published', discard: 'discarded', write: 'written to' } as const;

function statusZh(status: string): string {
  switch (status) {
    case 'draft':
      return '草稿';
    case 'published':
      return '已发布';
    case 'discarded':
      return '已作废';
    default:
      return status;
  }
}
