/**
 * A plan's indicator system as an XLSX workbook in the seeds' table layout (002's 主要指标表: 指标分类, 指标名称,
 * 指标单位, 期末值/五年累计值 with [ ] for five-year totals, 指标属性), with the columns Anju adds (方向, 基期值,
 * 基期年份, 责任单位, 关联指标, 编号). A hidden sheet `_anju` keeps the whole plan document, so a round trip loses
 * nothing (citations, county shares, yearly shapes); on import the visible table wins for what it shows, so a planner
 * can edit targets in Excel. A workbook without `_anju` (a table typed by hand) is read from the table alone.
 */
import ExcelJS from 'exceljs';
import { neutraliseWorkbookText, restoreNeutralisedText } from './spreadsheet-safety.js';
import {
  attributeZh,
  parsePlanDocument,
  targetText,
  type PlanDocument,
  type PlanDocumentInput,
  type PlanIssue,
} from '@anju/core';

const HEADERS = [
  '指标分类',
  '指标名称',
  '指标单位',
  '期末值/五年累计值',
  '指标属性',
  '方向',
  '基期值',
  '基期年份',
  '责任单位',
  '关联指标',
  '编号',
] as const;

const DIRECTION_ZH = { 'at-least': '≥', 'at-most': '≤', range: '区间', exact: '=' } as const;
const DIRECTION_OF: Readonly<Record<string, PlanDocument['indicators'][number]['direction']>> = {
  '≥': 'at-least',
  '>=': 'at-least',
  不低于: 'at-least',
  '≤': 'at-most',
  '<=': 'at-most',
  不高于: 'at-most',
  区间: 'range',
  '=': 'exact',
};

const META_SHEET = '_anju';

/** Writes the plan's indicator table (and the hidden full document) as XLSX bytes. */
export async function writePlanIndicatorsXlsx(plan: PlanDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anju 安居';
  wb.title = plan.nameZh;
  const ws = wb.addWorksheet('指标体系');
  ws.columns = [
    { width: 20 },
    { width: 36 },
    { width: 14 },
    { width: 18 },
    { width: 10 },
    { width: 8 },
    { width: 12 },
    { width: 10 },
    { width: 16 },
    { width: 32 },
    { width: 28 },
  ];
  ws.addRow([`${plan.nameZh}主要指标`]).font = { bold: true, size: 14 };
  ws.addRow([
    `规划期 ${plan.startYear}—${plan.endYear}年；基期 ${plan.baseYear}年；城市 ${plan.cityCode}；规划编号 ${plan.id}`,
  ]);
  ws.addRow([...HEADERS]).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  for (const i of plan.indicators) {
    ws.addRow([
      i.categoryZh,
      i.nameZh,
      i.uomPrinted ?? i.uom,
      targetText(i),
      attributeZh(i.attribute),
      DIRECTION_ZH[i.direction],
      i.base?.value ?? '',
      i.base?.year ?? '',
      i.ownerUnit ?? '',
      i.measure === undefined ? '' : `${i.measure.code}${i.measure.dimension === '' ? '' : `/${i.measure.dimension}`}`,
      i.id,
    ]);
  }
  ws.addRow([]);
  ws.addRow(['注：[ ] 中为五年累计值，其余为期末值。']);
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const json = JSON.stringify(plan);
  // Excel holds at most 32767 characters in a cell: the document is split over rows.
  for (let i = 0; i < json.length; i += 30000) meta.addRow([json.slice(i, i + 30000)]);
  neutraliseWorkbookText(wb, [META_SHEET]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
};

type IndicatorInput = PlanDocumentInput['indicators'][number];

function parseTarget(text: string, cite: { seed: 'user'; section: string }) {
  const t = text.replace(/\s+/g, '');
  const cumulative = /^\[.*\]$/.test(t);
  const inner = cumulative ? t.slice(1, -1) : t;
  const range = /^(-?\d+(?:\.\d+)?)[-—~～](-?\d+(?:\.\d+)?)$/.exec(inner);
  const kind = cumulative ? ('cumulative' as const) : ('end-of-period' as const);
  if (range !== null) return { kind, min: range[1]!, max: range[2]!, printed: text, source: cite };
  return { kind, value: inner, ...(cumulative ? { printed: text } : {}), source: cite };
}

/**
 * Reads a plan from an XLSX workbook written by `writePlanIndicatorsXlsx` (or typed in its layout). The visible
 * table's values override the hidden document's for each indicator id; rows without an id are new indicators.
 */
export async function readPlanIndicatorsXlsx(
  bytes: Buffer | ArrayBuffer | Uint8Array,
  fileName = 'plan.xlsx',
): Promise<{ ok: true; plan: PlanDocument } | { ok: false; issues: PlanIssue[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  const ws = wb.getWorksheet('指标体系') ?? wb.worksheets[0];
  if (ws === undefined) return { ok: false, issues: [{ path: fileName, message: '工作簿为空 / empty workbook' }] };
  const meta = wb.getWorksheet(META_SHEET);
  let base: Record<string, unknown> = {};
  if (meta !== undefined) {
    let json = '';
    meta.eachRow((row) => (json += cellText(row.getCell(1).value)));
    base = JSON.parse(json) as Record<string, unknown>;
  }
  const line2 = cellText(ws.getRow(2).getCell(1).value);
  const period = /规划期\s*(\d{4})[—-](\d{4})年/.exec(line2);
  const baseYear = /基期\s*(\d{4})年/.exec(line2);
  const city = /城市\s*(\d{6})/.exec(line2);
  const id = /规划编号\s*([a-z0-9-]+)/.exec(line2);
  const title = cellText(ws.getRow(1).getCell(1).value).replace(/主要指标$/, '');
  const oldIndicators = new Map(
    ((base['indicators'] as IndicatorInput[] | undefined) ?? []).map((i) => [i.id, i] as const),
  );
  const headerRow = 3;
  const cols = new Map<string, number>();
  ws.getRow(headerRow).eachCell((cell, col) => cols.set(cellText(cell.value), col));
  const get = (row: ExcelJS.Row, h: (typeof HEADERS)[number]): string => {
    const c = cols.get(h);
    return c === undefined ? '' : restoreNeutralisedText(cellText(row.getCell(c).value));
  };
  const indicators: IndicatorInput[] = [];
  let category = '';
  for (let r = headerRow + 1; r <= ws.rowCount; r += 1) {
    const row = ws.getRow(r);
    const name = get(row, '指标名称');
    if (name === '') continue;
    category = get(row, '指标分类') || category;
    const rowId = get(row, '编号') || `indicator-${indicators.length + 1}`;
    const old = oldIndicators.get(rowId);
    const cite = { seed: 'user' as const, section: `${fileName} 第 ${r} 行` };
    const targetCell = get(row, '期末值/五年累计值');
    const parsedTarget = targetCell === '' || targetCell === '—' ? undefined : parseTarget(targetCell, cite);
    const sameTarget = old?.target !== undefined && parsedTarget !== undefined && targetCellOf(old) === targetCell;
    const attr = get(row, '指标属性');
    const dir =
      DIRECTION_OF[get(row, '方向')] ?? (parsedTarget !== undefined && 'min' in parsedTarget ? 'range' : 'at-least');
    const baseValue = get(row, '基期值');
    const baseYearCell = get(row, '基期年份');
    const sameBase =
      old?.base !== undefined && String(old.base.value) === baseValue && String(old.base.year) === baseYearCell;
    const uomCell = get(row, '指标单位');
    const link = get(row, '关联指标');
    const [measureCode, dimension = ''] = link.split('/');
    indicators.push({
      ...(old ?? {}),
      id: rowId,
      categoryZh: category,
      nameZh: name,
      nameEn: old?.nameEn ?? name,
      uom: old !== undefined && (old.uomPrinted ?? old.uom) === uomCell ? old.uom : uomCell,
      ...(old?.uomPrinted !== undefined && old.uomPrinted !== uomCell ? { uomPrinted: undefined } : {}),
      attribute: attr === '约束性' ? 'binding' : attr === '预期性' ? 'expected' : null,
      direction: dir,
      ...(baseValue === ''
        ? { base: undefined }
        : { base: sameBase ? old!.base : { value: baseValue, year: Number(baseYearCell), source: cite } }),
      ...(parsedTarget === undefined
        ? { target: undefined }
        : {
            target: sameTarget
              ? old!.target
              : { ...parsedTarget, ...(old?.target?.shape === undefined ? {} : { shape: old.target.shape }) },
          }),
      ...(get(row, '责任单位') === '' ? {} : { ownerUnit: get(row, '责任单位') }),
      ...(link === ''
        ? { measure: undefined }
        : {
            measure: {
              code: measureCode!,
              dimension,
              ...(old?.measure?.unitCode === undefined ? {} : { unitCode: old.measure.unitCode }),
            },
          }),
    });
  }
  const doc = {
    ...base,
    id: id?.[1] ?? base['id'],
    cityCode: city?.[1] ?? base['cityCode'],
    nameZh: title || base['nameZh'],
    nameEn: base['nameEn'] ?? title,
    startYear: period === null ? base['startYear'] : Number(period[1]),
    endYear: period === null ? base['endYear'] : Number(period[2]),
    baseYear: baseYear === null ? base['baseYear'] : Number(baseYear[1]),
    source: base['source'] ?? { seed: 'user', titleZh: title },
    indicators,
  };
  return parsePlanDocument(JSON.parse(JSON.stringify(doc)));
}

function targetCellOf(i: IndicatorInput): string {
  const t = i.target;
  if (t === undefined) return '';
  if (t.printed !== undefined) return t.printed;
  const v = t.value ?? `${t.min}-${t.max}`;
  return t.kind === 'cumulative' ? `[${v}]` : String(v);
}
