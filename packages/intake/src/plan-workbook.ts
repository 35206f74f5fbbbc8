/**
 * The annual plan tables of 003 第六章 as an XLSX workbook: sheet 1 住房年度建设计划 (years × 新建商品住房 / 保障性住房 /
 * 城市危旧房改造 / 城镇老旧小区改造, each with its two printed figures), sheet 2 土地供应年度计划 (years × 商品住房用地 /
 * 保障性住房用地 / 合计, with the ≥ 20 % affordable-land check of 第七章). Both have a title row, two header rows
 * (merged group cells over their sub-columns), one row per year and a 合计 row whose cells are live SUM formulas with
 * their exact cached results; the printed five-year totals are compared with the sums and any mismatch is written as a
 * note under the table with both numbers.
 */
import ExcelJS from 'exceljs';
import { checkAffordableLandShare, compareDecimals, divideDecimals, sumDecimals } from '@anju/core';
import {
  ZHANGYE_BUILDING_PLAN,
  ZHANGYE_LAND_PLAN,
  ZHANGYE_OLD_COMMUNITY_COUNTS,
  ZHANGYE_PLAN_FIRST_YEAR,
} from '@anju/samples';

export interface PlanWorkbookOptions {
  readonly lang: 'zh' | 'en';
  /** Minimum affordable share of the annual residential land plan (the profile's value; 003 第七章: 0.2). */
  readonly minAffordableShare: string;
}

/** One data column of a plan sheet: its header under a group, the yearly values and the printed total. */
interface PlanColumn {
  readonly header: string;
  readonly values: readonly string[];
  readonly printedTotal?: string;
  readonly numFmt: string;
}
interface PlanGroup {
  readonly header: string;
  readonly columns: readonly PlanColumn[];
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };
const TITLE_ROW = 1;
const HEADER_ROWS = 2;
const FIRST_DATA_ROW = TITLE_ROW + HEADER_ROWS + 1;

const colName = (index: number): string => {
  let n = index;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

function line(housingType: string, measure: string, table = ZHANGYE_BUILDING_PLAN) {
  const l = table.find((x) => x.housingType === housingType && x.measure === measure);
  if (l === undefined) throw new Error(`003 plan line ${housingType}/${measure} missing`);
  return l;
}

/**
 * Lays out one plan sheet: title, two header rows (年份 merged down; each group merged across its columns), one row
 * per year, a 合计 row of SUM formulas, then notes. `extra` adds computed columns after the groups (e.g. shares).
 */
function addPlanSheet(
  wb: ExcelJS.Workbook,
  o: {
    name: string;
    title: string;
    yearHeader: string;
    totalLabel: string;
    years: readonly number[];
    groups: readonly PlanGroup[];
    notes: readonly string[];
    mismatchNote: (header: string, printed: string, sum: string) => string;
    /** Columns the title and notes span, when computed columns follow the groups. */
    span?: number;
  },
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(o.name, { views: [{ state: 'frozen', ySplit: TITLE_ROW + HEADER_ROWS }] });
  const columns = o.groups.flatMap((g) => g.columns);
  const lastCol = columns.length + 1;
  ws.getColumn(1).width = 10;
  for (let i = 2; i <= lastCol; i++) ws.getColumn(i).width = 16;

  const span = Math.max(o.span ?? lastCol, lastCol);
  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, span);
  const title = ws.getCell(TITLE_ROW, 1);
  title.value = o.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(TITLE_ROW).height = 24;

  const groupRow = TITLE_ROW + 1;
  const subRow = TITLE_ROW + 2;
  ws.mergeCells(groupRow, 1, subRow, 1);
  ws.getCell(groupRow, 1).value = o.yearHeader;
  let col = 2;
  for (const g of o.groups) {
    if (g.columns.length > 1) ws.mergeCells(groupRow, col, groupRow, col + g.columns.length - 1);
    ws.getCell(groupRow, col).value = g.header;
    for (const c of g.columns) ws.getCell(subRow, col++).value = c.header;
  }
  for (const r of [groupRow, subRow]) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }

  o.years.forEach((year, y) => {
    const row = ws.getRow(FIRST_DATA_ROW + y);
    row.getCell(1).value = year;
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      cell.value = Number(c.values[y]);
      cell.numFmt = c.numFmt;
    });
  });

  const lastDataRow = FIRST_DATA_ROW + o.years.length - 1;
  const totalRow = ws.getRow(lastDataRow + 1);
  totalRow.getCell(1).value = o.totalLabel;
  const mismatches: string[] = [];
  columns.forEach((c, i) => {
    const letter = colName(i + 2);
    const sum = sumDecimals(c.values);
    const cell = totalRow.getCell(i + 2);
    cell.value = { formula: `SUM(${letter}${FIRST_DATA_ROW}:${letter}${lastDataRow})`, result: Number(sum) };
    cell.numFmt = c.numFmt;
    if (c.printedTotal !== undefined && compareDecimals(c.printedTotal, sum) !== 0) {
      mismatches.push(o.mismatchNote(c.header, c.printedTotal, sum));
    }
  });
  totalRow.font = { bold: true };
  for (let r = FIRST_DATA_ROW; r <= lastDataRow + 1; r++) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.border = BORDER;
      if (c === 1) cell.alignment = { horizontal: 'center' };
    }
  }

  let noteRow = lastDataRow + 3;
  for (const n of [...mismatches, ...o.notes]) {
    ws.mergeCells(noteRow, 1, noteRow, span);
    const cell = ws.getCell(noteRow, 1);
    cell.value = n;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.font = { size: 9, color: { argb: 'FF555555' } };
    ws.getRow(noteRow).height = 30;
    noteRow++;
  }
  return ws;
}

/** Sheet names (and so the layout) of the workbook, by language. */
export const PLAN_WORKBOOK_SHEETS = {
  zh: { building: '住房年度建设计划', land: '土地供应年度计划' },
  en: { building: 'Annual building plan', land: 'Annual land plan' },
} as const;

/** Builds the two 003 第六章 sheets in memory. */
export function buildZhangyePlanWorkbook(opts: PlanWorkbookOptions): ExcelJS.Workbook {
  const zh = opts.lang === 'zh';
  const tr = (a: string, b: string): string => (zh ? a : b);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anju';
  const years = [0, 1, 2, 3, 4].map((i) => ZHANGYE_PLAN_FIRST_YEAR + i);
  const lastYear = years[years.length - 1]!;
  const units = tr('套数（套）', 'Units');
  const area = tr('面积（万平方米）', 'Area (10k m²)');
  const col = (housingType: string, measure: string, header: string): PlanColumn => {
    const l = line(housingType, measure);
    return { header, values: l.values, printedTotal: l.total, numFmt: l.places === 0 ? '0' : '0.00' };
  };
  const source = tr(
    `资料来源：《张掖市“十五五”城镇住房发展规划》第六章；合计为各年之和（公式），与规划期总量（第三、四章）核对。`,
    `Source: Zhangye 15th Five-Year urban housing plan (003), chapter 6; totals are SUM formulas checked against the printed five-year totals.`,
  );
  const mismatchNote = (header: string, printed: string, sum: string): string =>
    tr(
      `注意：${header} 各年合计 ${sum} 与原文规划期总量 ${printed} 不一致。`,
      `Note: ${header} years sum to ${sum} but the printed five-year total is ${printed}.`,
    );

  addPlanSheet(wb, {
    name: PLAN_WORKBOOK_SHEETS[opts.lang].building,
    title: tr(
      `张掖市住房年度建设计划（${years[0]}—${lastYear}年）`,
      `Zhangye annual housing construction plan ${years[0]}–${lastYear}`,
    ),
    yearHeader: tr('年份', 'Year'),
    totalLabel: tr('合计', 'Total'),
    years,
    groups: [
      {
        header: tr('新建商品住房', 'New commercial housing'),
        columns: [col('commercial', 'units', units), col('commercial', 'area-wan-sqm', area)],
      },
      {
        header: tr('保障性住房', 'Affordable housing'),
        columns: [col('affordable', 'units', units), col('affordable', 'area-wan-sqm', area)],
      },
      {
        header: tr('城市危旧房改造', 'Dilapidated housing renovation'),
        columns: [col('dilapidated-renovation', 'units', units), col('dilapidated-renovation', 'area-wan-sqm', area)],
      },
      {
        header: tr('城镇老旧小区改造', 'Old residential community renovation'),
        columns: [
          {
            header: tr('小区（个）', 'Communities'),
            values: ZHANGYE_OLD_COMMUNITY_COUNTS.values,
            printedTotal: ZHANGYE_OLD_COMMUNITY_COUNTS.total,
            numFmt: '0',
          },
          col('old-community-renovation', 'units', tr('住房（套）', 'Dwellings')),
        ],
      },
    ],
    notes: [source],
    mismatchNote,
  });

  const commercial = line('commercial', 'land-ha', ZHANGYE_LAND_PLAN);
  const affordable = line('affordable', 'land-ha', ZHANGYE_LAND_PLAN);
  const residential = commercial.values.map((c, i) => sumDecimals([c, affordable.values[i]!]));
  const land = addPlanSheet(wb, {
    name: PLAN_WORKBOOK_SHEETS[opts.lang].land,
    title: tr(
      `张掖市住房用地供应年度计划（${years[0]}—${lastYear}年）`,
      `Zhangye annual housing land supply plan ${years[0]}–${lastYear}`,
    ),
    yearHeader: tr('年份', 'Year'),
    totalLabel: tr('合计', 'Total'),
    years,
    groups: [
      {
        header: tr('住房用地供应（公顷）', 'Housing land supply (ha)'),
        columns: [
          {
            header: tr('商品住房', 'Commercial'),
            values: commercial.values,
            printedTotal: commercial.total,
            numFmt: '0.00',
          },
          {
            header: tr('保障性住房', 'Affordable'),
            values: affordable.values,
            printedTotal: affordable.total,
            numFmt: '0.00',
          },
          {
            header: tr('合计', 'Total'),
            values: residential,
            printedTotal: '99.06',
            numFmt: '0.00',
          },
        ],
      },
    ],
    notes: [
      tr(
        `保障性住房用地占比 = 保障性住房用地 ÷ 住房用地合计；第七章要求年度住宅用地供应计划中不低于 ${pct(opts.minAffordableShare)}。`,
        `Affordable share = affordable land ÷ total housing land; chapter 7 requires at least ${pct(opts.minAffordableShare)} of each year's residential land plan.`,
      ),
      source,
    ],
    mismatchNote,
    span: 6,
  });
  // The 20 % check of 第七章 beside the land plan: the share as a live formula, and whether it meets the minimum.
  const shareCol = 5;
  const okCol = 6;
  land.mergeCells(TITLE_ROW + 1, shareCol, TITLE_ROW + 1, okCol);
  land.getCell(TITLE_ROW + 1, shareCol).value = tr(
    '保障性住房用地占比校核（第七章）',
    'Affordable share check (ch. 7)',
  );
  land.getCell(TITLE_ROW + 2, shareCol).value = tr('占比', 'Share');
  land.getCell(TITLE_ROW + 2, okCol).value = tr(
    `不低于${pct(opts.minAffordableShare)}`,
    `≥ ${pct(opts.minAffordableShare)}`,
  );
  for (const r of [TITLE_ROW + 1, TITLE_ROW + 2]) {
    for (const c of [shareCol, okCol]) {
      const cell = land.getCell(r, c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  land.getColumn(shareCol).width = 16;
  land.getColumn(okCol).width = 12;
  const rows = [
    ...years.map((_, i) => ({ c: commercial.values[i]!, a: affordable.values[i]! })),
    {
      c: commercial.total,
      a: affordable.total,
    },
  ];
  rows.forEach((r, i) => {
    const rowNo = FIRST_DATA_ROW + i;
    const check = checkAffordableLandShare({
      commercialLandHa: r.c,
      affordableLandHa: r.a,
      minShare: opts.minAffordableShare,
    });
    const shareCell = land.getCell(rowNo, shareCol);
    shareCell.value = {
      formula: `IF(D${rowNo}=0,"",C${rowNo}/D${rowNo})`,
      result: check.share.value === null ? '' : Number(divideDecimals(r.a, sumDecimals([r.a, r.c]), 15)),
    };
    shareCell.numFmt = '0.0%';
    const okCell = land.getCell(rowNo, okCol);
    okCell.value = check.ok ? tr('是', 'yes') : tr('否', 'no');
    okCell.alignment = { horizontal: 'center' };
    if (!check.ok) okCell.font = { bold: true, color: { argb: 'FFC0392B' } };
    for (const c of [shareCol, okCol]) land.getCell(rowNo, c).border = BORDER;
    if (i === rows.length - 1) shareCell.font = { bold: true };
  });
  return wb;
}

function pct(share: string): string {
  const n = Number(share) * 100;
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/** The workbook as XLSX bytes (for an HTTP download). */
export async function zhangyePlanWorkbookBuffer(opts: PlanWorkbookOptions): Promise<Buffer> {
  const data = await buildZhangyePlanWorkbook(opts).xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** Writes the workbook to `file`. */
export async function writeZhangyePlanWorkbook(file: string, opts: PlanWorkbookOptions): Promise<void> {
  await buildZhangyePlanWorkbook(opts).xlsx.writeFile(file);
}
