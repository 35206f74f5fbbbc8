import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  buildUnitTree,
  endDate,
  issueText,
  SheetInterpreter,
  startDate,
  type IntakeIssue,
  type IssueCode,
  type Mapping,
  type RawRow,
  type SheetDetection,
  type SpatialUnit,
  type UnitLevel,
} from '@anju/core';
import {
  createRevision,
  diffRevision,
  listUnits,
  notifyPublished,
  publishDraft,
  writeObservations,
  type ObservationRow,
  type DiffCounts,
  type RevisionDiff,
  type AuditContext,
  type RevisionKind,
  type Store,
  type WriteScope,
} from '@anju/store';
import { EncodingError, readCsv, type CsvEncoding } from './read-csv.js';
import { readXlsx, SheetNotFoundError, XlsxReadError } from './read-xlsx.js';
import { XlsxRefusedError } from './xlsx-guard.js';

export interface ImportRequest {
  /** Path of the CSV or XLSX file. */
  readonly path: string;
  /** How the file maps to observations; without one, a long layout is detected from the header. */
  readonly mapping: Mapping;
  /** Name the file is reported under (default: its base name). */
  readonly fileLabel?: string;
  readonly createdBy: string;
  readonly reason: string;
  /** The clock reading to record (time is an input). */
  readonly now: Date;
  /** Validate and compute what would change, then roll back. */
  readonly dryRun?: boolean;
  /** Publish the revision in the same call (with `reason` as the publishing reason). */
  readonly publish?: boolean;
  readonly kind?: RevisionKind;
  readonly synthetic?: boolean;
  readonly simulated?: boolean;
  /** Called every few thousand rows and at the end. */
  readonly onProgress?: (p: ImportProgress) => void;
  /** What the importing account may write (district, measures); the store refuses the whole file outside it. */
  readonly scope?: WriteScope;
  /** Role and client address recorded in the audit trail with the revision (and its publication). */
  readonly audit?: AuditContext;
  /** Test hook: called after each row is handed to the store; throwing aborts the import mid-way. */
  readonly afterRow?: (rowNumber: number) => void;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly observations: number;
}

export interface ImportResult {
  readonly ok: boolean;
  readonly file: string;
  readonly sheet?: string;
  readonly encoding?: CsvEncoding;
  readonly cityCode: string;
  readonly detection?: SheetDetection;
  readonly errors: readonly IntakeIssue[];
  readonly warnings: readonly IntakeIssue[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly rows: number;
  readonly observations: number;
  readonly dryRun: boolean;
  /** The revision written (absent for a dry run or a file with errors). */
  readonly revisionId?: string;
  readonly published?: boolean;
  /** What the file adds or changes against the published view. */
  readonly diff?: RevisionDiff;
}

/** Thrown inside the transaction to roll it back on purpose (errors found, or a dry run). */
class Rollback extends Error {}

/**
 * Imports one CSV or XLSX file as a new revision, all or nothing: every row is checked while it streams into the
 * store inside one transaction, and the transaction is rolled back if any error was found (or for a dry run).
 */
export async function importFile(store: Store, req: ImportRequest): Promise<ImportResult> {
  const file = req.fileLabel ?? basename(req.path);
  const cityCode = req.mapping.city;
  const base = { file, cityCode, dryRun: req.dryRun === true, rows: 0, observations: 0 };
  const fail = (code: IssueCode, args: Record<string, string>, extra: Partial<IntakeIssue> = {}): ImportResult => {
    const t = issueText(code, args);
    const issue: IntakeIssue = { severity: 'error', code, file, messageZh: t.zh, messageEn: t.en, ...extra };
    return { ...base, ok: false, errors: [issue], warnings: [], errorCount: 1, warningCount: 0 };
  };

  const ext = extname(req.path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') return fail('file-type', { got: ext || basename(req.path) });
  let totalBytes: number;
  try {
    totalBytes = (await stat(req.path)).size;
  } catch (e) {
    return fail('file-unreadable', { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  if (totalBytes === 0) return fail('file-empty', {});

  const unitRows = await listUnits(store, cityCode);
  const tree = buildUnitTree(
    unitRows.map((u): SpatialUnit => ({
      code: u.unitCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      level: u.level as UnitLevel,
      parentCode: u.parentCode,
      aliases: u.aliases,
      attributes: Object.fromEntries(Object.entries(u.attributes).map(([k, v]) => [k, String(v)])),
      sortOrder: u.sortOrder,
    })),
  );
  if (!tree.ok)
    return fail('city-not-initialised', { got: cityCode, detail: tree.errors.map((e) => e.messageZh).join('；') });
  const units = tree.tree;

  const sha256 = await fileSha256(req.path);
  let bytesRead = 0;
  const csv = ext === '.csv' ? readCsv(req.path, file, (n) => (bytesRead += n)) : undefined;
  const xlsx = ext === '.xlsx' ? readXlsx(req.path, req.mapping.sheet) : undefined;
  const rows: AsyncIterable<RawRow> = csv?.rows ?? xlsx!.rows;
  const sheetName = (): string | undefined => xlsx?.sheetName();
  let interpreter: SheetInterpreter | undefined;
  let rowCount = 0;
  let observationCount = 0;
  const progress = (): void =>
    req.onProgress?.({
      bytesRead: csv ? bytesRead : Math.round((rowCount > 0 ? 1 : 0) * totalBytes),
      totalBytes,
      rows: rowCount,
      observations: observationCount,
    });

  async function* observations(): AsyncGenerator<ObservationRow> {
    for await (const row of rows) {
      interpreter ??= new SheetInterpreter({ file, sheet: sheetName(), mapping: req.mapping, units });
      rowCount++;
      const found = interpreter.push(row);
      if (interpreter.errorCount === 0) {
        for (const o of found) {
          observationCount++;
          yield {
            unitCode: o.unitCode,
            measureCode: o.measureCode,
            dimension: o.dimension,
            period: o.period.code,
            periodGrain: o.period.grain,
            periodStart: startDate(o.period),
            periodEnd: endDate(o.period),
            value: o.value,
            uom: o.uom,
            sourceRef: o.sourceRef,
          };
        }
      }
      req.afterRow?.(row.rowNumber);
      if (rowCount % 20000 === 0) progress();
    }
    interpreter ??= new SheetInterpreter({ file, sheet: sheetName(), mapping: req.mapping, units });
    interpreter.finish();
  }

  let revisionId: string | undefined;
  let diff: RevisionDiff | undefined;
  let publishCounts: DiffCounts | undefined;
  try {
    await store.transaction(async (tx) => {
      revisionId = await createRevision(tx, {
        cityCode,
        kind: req.kind ?? 'import',
        createdBy: req.createdBy,
        createdAt: req.now,
        reason: req.reason,
        sourceFile: file,
        sourceSha256: sha256,
        mapping: req.mapping,
        synthetic: req.synthetic ?? false,
        simulated: req.simulated ?? false,
        ...(req.audit === undefined ? {} : { audit: req.audit }),
        // A dry run always rolls back: it takes no revision number.
        ...(req.dryRun === true ? { provisional: true } : {}),
      });
      await writeObservations(tx, revisionId, cityCode, observations(), req.scope);
      if ((interpreter?.errorCount ?? 0) > 0) throw new Rollback();
      diff = await diffRevision(tx, { cityCode, revisionId, limit: 20 });
      if (req.dryRun) throw new Rollback();
      // Published in the same transaction: a crash or kill leaves the file either not imported or imported and
      // published, never imported but unpublished.
      if (req.publish) {
        publishCounts = await publishDraft(tx, {
          cityCode,
          revisionId,
          publishedBy: req.createdBy,
          at: req.now,
          reason: req.reason,
          ...(req.scope === undefined ? {} : { scope: req.scope }),
          ...(req.audit === undefined ? {} : { audit: req.audit }),
        });
      }
    });
  } catch (e) {
    if (e instanceof EncodingError) return fail('encoding', {});
    if (e instanceof XlsxRefusedError) return fail(e.code, e.args);
    if (e instanceof XlsxReadError) {
      return fail('xlsx-damaged', { reason: e.message }, { ...(e.sheet ? { sheet: e.sheet } : {}), row: e.row });
    }
    if (e instanceof SheetNotFoundError) {
      return fail('sheet-missing', { got: String(e.wanted), expected: e.available.join('、') || '（无）' });
    }
    if (!(e instanceof Rollback)) {
      if (interpreter === undefined && isReadError(e)) return fail('file-unreadable', { reason: (e as Error).message });
      throw e;
    }
  }
  progress();
  const it = interpreter!;
  const ok = it.errorCount === 0;
  const committed = ok && !req.dryRun;
  let published = false;
  if (committed && req.publish && publishCounts !== undefined) {
    await notifyPublished(store, { cityCode, revisionId: revisionId!, counts: publishCounts });
    published = true;
  }
  return {
    ...base,
    ok,
    sheet: sheetName(),
    encoding: csv?.encoding(),
    detection: it.detection,
    errors: it.issues.filter((i) => i.severity === 'error'),
    warnings: it.issues.filter((i) => i.severity === 'warning'),
    errorCount: it.errorCount,
    warningCount: it.warningCount,
    rows: rowCount,
    observations: it.observationCount,
    ...(committed ? { revisionId, published } : {}),
    ...(ok && diff ? { diff } : {}),
  };
}

function isReadError(e: unknown): boolean {
  return e instanceof Error && !/relation|syntax|violates|duplicate key|connection/i.test(e.message);
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
