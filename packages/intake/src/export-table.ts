import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { formatPeriod, getDimension, getMeasure, getUnitOfMeasure, neutraliseFormula, periodOf } from '@anju/core';
import { listUnits, type Store } from '@anju/store';

export interface ExportSelection {
  readonly cityCode: string;
  readonly measureCodes?: readonly string[];
  readonly unitCodes?: readonly string[];
  /** Inclusive bounds compared on period start dates, as period codes ('2021', '2025-12'). */
  readonly fromPeriod?: string;
  readonly toPeriod?: string;
  /** Read one revision's rows instead of the published view. */
  readonly revisionId?: string;
}

export interface ExportRequest extends ExportSelection {
  readonly out: string;
  readonly format: 'xlsx' | 'csv';
  readonly lang: 'zh' | 'en';
}

const HEADERS = {
  zh: ['单元代码', '单元', '指标代码', '指标', '分类', '期间', '数值', '计量单位', '修订号', '来源'],
  en: [
    'unit code',
    'unit',
    'measure code',
    'measure',
    'breakdown',
    'period',
    'value',
    'unit of measure',
    'revision',
    'source',
  ],
};

/** The column holding the value: a number, never neutralised (a negative value stays a number). */
const VALUE_COLUMN = 6;

/**
 * Writes a selection of the published view (or of one revision) to XLSX or CSV in long layout with Chinese
 * (or English) headers; values are written as exact decimal text in CSV and as numbers in XLSX. Text cells that a
 * spreadsheet would run as a formula (a unit named "=HYPERLINK(…)", a source file "=1+2.csv") are written with an
 * apostrophe before them (`neutraliseFormula`). Returns the row count.
 */
export async function exportTable(store: Store, req: ExportRequest): Promise<number> {
  const units = new Map((await listUnits(store, req.cityCode)).map((u) => [u.unitCode, u]));
  const rows = await selectRows(store, req);
  const lines = rows.map((r) => {
    const measure = getMeasure(r.measure_code);
    const dim = getDimension(r.dimension);
    const uom = safeUom(r.uom);
    const unit = units.get(r.unit_code);
    return [
      r.unit_code,
      (req.lang === 'zh' ? unit?.nameZh : unit?.nameEn) ?? r.unit_code,
      r.measure_code,
      (req.lang === 'zh' ? measure?.nameZh : measure?.nameEn) ?? r.measure_code,
      (req.lang === 'zh' ? dim?.nameZh : dim?.nameEn) ?? r.dimension,
      formatPeriod(periodOf(r.period), req.lang),
      r.value,
      (req.lang === 'zh' ? uom?.labelZh : uom?.labelEn) ?? r.uom,
      r.revision_id,
      r.source_ref ?? '',
    ].map((cell, i) => (i === VALUE_COLUMN ? cell : neutraliseFormula(cell)));
  });
  if (req.format === 'csv') {
    const out = createWriteStream(req.out);
    out.write('\ufeff' + [HEADERS[req.lang], ...lines].map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n');
    out.end();
    await once(out, 'finish');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: req.out, useStyles: true });
    const ws = wb.addWorksheet(req.lang === 'zh' ? '数据' : 'data');
    ws.columns = HEADERS[req.lang].map((h, i) => ({ header: h, width: i === 9 ? 40 : 14 }));
    for (const l of lines) ws.addRow(l.map((v, i) => (i === VALUE_COLUMN ? Number(v) : v))).commit();
    ws.commit();
    await wb.commit();
  }
  return lines.length;
}

interface ExportRow {
  unit_code: string;
  measure_code: string;
  dimension: string;
  period: string;
  value: string;
  uom: string;
  revision_id: string;
  source_ref: string | null;
}

async function selectRows(store: Store, sel: ExportSelection): Promise<ExportRow[]> {
  const from = sel.fromPeriod !== undefined ? periodOf(sel.fromPeriod) : undefined;
  const to = sel.toPeriod !== undefined ? periodOf(sel.toPeriod) : undefined;
  if (sel.revisionId !== undefined) {
    let q = store.db
      .selectFrom('observation')
      .select(['unit_code', 'measure_code', 'dimension', 'period', 'value', 'uom', 'revision_id', 'source_ref'])
      .where('city_code', '=', sel.cityCode)
      .where('revision_id', '=', sel.revisionId);
    if (sel.measureCodes?.length) q = q.where('measure_code', 'in', [...sel.measureCodes]);
    if (sel.unitCodes?.length) q = q.where('unit_code', 'in', [...sel.unitCodes]);
    if (from) q = q.where('period_start', '>=', isoStart(from));
    if (to) q = q.where('period_start', '<=', isoStart(to));
    return (await q
      .orderBy('unit_code')
      .orderBy('measure_code')
      .orderBy('dimension')
      .orderBy('period_start')
      .orderBy('period_end')
      .execute()) as ExportRow[];
  }
  let q = store.db
    .selectFrom('published_value as p')
    .leftJoin('observation as o', (j) =>
      j
        .onRef('o.city_code', '=', 'p.city_code')
        .onRef('o.revision_id', '=', 'p.revision_id')
        .onRef('o.unit_code', '=', 'p.unit_code')
        .onRef('o.measure_code', '=', 'p.measure_code')
        .onRef('o.dimension', '=', 'p.dimension')
        .onRef('o.period', '=', 'p.period'),
    )
    .select([
      'p.unit_code',
      'p.measure_code',
      'p.dimension',
      'p.period',
      'p.value',
      'p.uom',
      'p.revision_id',
      'o.source_ref',
    ])
    .where('p.city_code', '=', sel.cityCode);
  if (sel.measureCodes?.length) q = q.where('p.measure_code', 'in', [...sel.measureCodes]);
  if (sel.unitCodes?.length) q = q.where('p.unit_code', 'in', [...sel.unitCodes]);
  if (from) q = q.where('p.period_start', '>=', isoStart(from));
  if (to) q = q.where('p.period_start', '<=', isoStart(to));
  return (await q
    .orderBy('p.unit_code')
    .orderBy('p.measure_code')
    .orderBy('p.dimension')
    .orderBy('p.period_start')
    .orderBy('p.period_end')
    .execute()) as ExportRow[];
}

function isoStart(p: { startYear: number; startMonth: number }): string {
  return `${p.startYear}-${String(p.startMonth).padStart(2, '0')}-01`;
}

function safeUom(code: string): { labelZh: string; labelEn: string } | undefined {
  try {
    return getUnitOfMeasure(code);
  } catch {
    return undefined;
  }
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
