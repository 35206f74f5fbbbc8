// Presale-project files (预售项目台账, CSV or XLSX) into the store: one revision (kind 'import') holding every project of
// the file, all or nothing — any located error and nothing is written. Rows are read with the same readers as the
// element import; the rules of a row are core's (`PresaleInterpreter`).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  buildUnitTree,
  PresaleInterpreter,
  type PresaleIssue,
  type PresaleProject,
  type SpatialUnit,
  type UnitLevel,
} from '@anju/core';
import { createRevision, listUnits, publishRevision, writePresaleProjects, type Store } from '@anju/store';
import { EncodingError, readCsv } from './read-csv.js';
import { readXlsx, SheetNotFoundError } from './read-xlsx.js';

export interface PresaleImportOptions {
  readonly cityCode: string;
  readonly createdBy: string;
  readonly reason: string;
  /** The clock reading to record (time is an input). */
  readonly now: Date;
  /** Name the file is reported under (default: its base name). */
  readonly fileLabel?: string;
  /** Worksheet name or 1-based position (XLSX); the first by default. */
  readonly sheet?: string | number;
  /** Validate only, write nothing. */
  readonly dryRun?: boolean;
  /** Publish the revision right away (with `reason`). */
  readonly publish?: boolean;
  /** Made-up figures (a bundled synthetic sample): the revision is flagged synthetic. Default false. */
  readonly synthetic?: boolean;
  /** The revision's kind: 'import' (default) or 'demo' (bundled sample data loaded by `anju demo`). */
  readonly kind?: 'import' | 'demo';
}

export interface PresaleImportResult {
  readonly ok: boolean;
  readonly file: string;
  readonly sheet?: string;
  readonly cityCode: string;
  readonly errors: readonly PresaleIssue[];
  readonly projects: readonly PresaleProject[];
  readonly dryRun: boolean;
  readonly revisionId?: string;
  readonly published?: boolean;
}

function fileIssue(file: string, zh: string, en: string): PresaleIssue {
  return { severity: 'error', code: 'no-rows', file, messageZh: zh, messageEn: en };
}

/**
 * Imports a presale-project file for a city as a new revision (all or nothing).
 *
 * @example
 * await importPresaleProjects(store, 'projects.csv', { cityCode: '620700', createdBy: 'li', reason: '2025年12月台账', now });
 * // → { ok: true, projects: [...], revisionId: '7', … }
 */
export async function importPresaleProjects(
  store: Store,
  path: string,
  options: PresaleImportOptions,
): Promise<PresaleImportResult> {
  const file = options.fileLabel ?? basename(path);
  const base = { file, cityCode: options.cityCode, dryRun: options.dryRun === true, projects: [] };
  const fail = (zh: string, en: string): PresaleImportResult => ({
    ...base,
    ok: false,
    errors: [fileIssue(file, zh, en)],
  });
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx')
    return fail(
      `不支持的文件类型“${ext}”，应为 .csv 或 .xlsx`,
      `unsupported file type "${ext}": expected .csv or .xlsx`,
    );
  try {
    if ((await stat(path)).size === 0) return fail('文件为空', 'the file is empty');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    return fail(`无法读取文件：${reason}`, `cannot read the file: ${reason}`);
  }
  const unitRows = await listUnits(store, options.cityCode);
  const tree = buildUnitTree(
    unitRows.map((u): SpatialUnit => ({
      code: u.unitCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      level: u.level as UnitLevel,
      parentCode: u.parentCode,
      aliases: u.aliases,
      attributes: {},
      sortOrder: u.sortOrder,
    })),
  );
  if (!tree.ok)
    return fail(
      `城市 ${options.cityCode} 尚未建立单元，请先运行 anju init --city ${options.cityCode}`,
      `city ${options.cityCode} has no units yet: run anju init --city ${options.cityCode} first`,
    );
  const units = tree.tree;

  const xlsx = ext === '.xlsx' ? readXlsx(path, options.sheet) : undefined;
  const rows = xlsx?.rows ?? readCsv(path, file).rows;
  let interpreter: PresaleInterpreter | undefined;
  const sourceRows = new Map<string, number>();
  try {
    for await (const row of rows) {
      interpreter ??= new PresaleInterpreter({
        file,
        sheet: xlsx?.sheetName(),
        resolveUnit: (label) => units.resolve(label)?.code,
      });
      const before = interpreter.projects.length;
      interpreter.push(row);
      if (interpreter.projects.length > before) sourceRows.set(interpreter.projects.at(-1)!.projectId, row.rowNumber);
    }
  } catch (e) {
    if (e instanceof EncodingError)
      return fail('文件编码无法识别，请另存为 UTF-8 的 CSV', 'unrecognised text encoding: save the CSV as UTF-8');
    if (e instanceof SheetNotFoundError)
      return fail(
        `找不到工作表“${String(e.wanted)}”，文件中的工作表为：${e.available.join('、')}`,
        `no sheet "${String(e.wanted)}"; the workbook has: ${e.available.join(', ')}`,
      );
    const reason = e instanceof Error ? e.message : String(e);
    return fail(`无法读取文件：${reason}`, `cannot read the file: ${reason}`);
  }
  const it = interpreter ?? new PresaleInterpreter({ file, resolveUnit: () => undefined });
  it.finish();
  const sheet = xlsx?.sheetName();
  const result = { ...base, ...(sheet === undefined ? {} : { sheet }), projects: it.projects };
  if (it.issues.length > 0) return { ...result, ok: false, errors: it.issues, projects: [] };
  if (options.dryRun) return { ...result, ok: true, errors: [] };

  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  const revisionId = await store.transaction(async (tx) => {
    const id = await createRevision(tx, {
      cityCode: options.cityCode,
      kind: options.kind ?? 'import',
      createdBy: options.createdBy,
      createdAt: options.now,
      reason: options.reason,
      sourceFile: file,
      sourceSha256: sha256,
      mapping: { kind: 'presale-projects' },
      synthetic: options.synthetic === true,
      simulated: false,
    });
    await writePresaleProjects(
      tx,
      id,
      options.cityCode,
      it.projects.map((p) => ({ ...p, status: p.status, sourceRow: sourceRows.get(p.projectId) ?? null })),
    );
    return id;
  });
  if (options.publish) {
    await publishRevision(store, {
      cityCode: options.cityCode,
      revisionId,
      publishedBy: options.createdBy,
      at: options.now,
      reason: options.reason,
    });
  }
  return { ...result, ok: true, errors: [], revisionId, published: options.publish === true };
}
