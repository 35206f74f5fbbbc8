// Builds the sample XLSX files with real merged header cells, the way county offices lay these tables out.
// Run from the repository root (exceljs is installed for packages/intake and resolves from there):
//
//   node packages/samples/scripts/build-xlsx.mjs
//
// Every value is typed from the seed text (see the comment above each table); numbers are stored as numbers.
// Workbook dates and zip entry dates are fixed, so rebuilding gives byte-identical files.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// exceljs zips with JSZip, stamping each entry with the current time; re-zip with fixed dates (the same JSZip
// exceljs itself uses, resolved from exceljs's own location).
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip');

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const dataPath = (rel) => fileURLToPath(new URL(`../data/${rel}`, import.meta.url));

const thin = { style: 'thin' };
const border = { top: thin, left: thin, bottom: thin, right: thin };

async function save(wb, rel) {
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const fixed = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    fixed.file(name, await entry.async('uint8array'), { date: FIXED_DATE, createFolders: false });
  }
  const bytes = await fixed.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
  writeFileSync(dataPath(rel), bytes);
}

function newBook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anju samples';
  wb.lastModifiedBy = 'Anju samples';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

/** Writes rows (arrays, `null` for an empty cell) starting at row `first`, with borders. */
function putRows(ws, first, rows) {
  rows.forEach((values, i) => {
    const row = ws.getRow(first + i);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      if (v !== null) cell.value = v;
      cell.border = border;
    });
  });
}

function headerStyle(ws, fromRow, toRow, width) {
  for (let r = fromRow; r <= toRow; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getRow(r).getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
}

// ── Seed 003 第一章第一节（一）1：张掖市城镇现有住房情况汇总表 ──
async function housingStock() {
  const wb = newBook();
  const ws = wb.addWorksheet('现有住房');
  ws.columns = [{ width: 12 }, { width: 16 }, { width: 14 }, { width: 16 }];
  ws.getCell('A1').value = '张掖市城镇现有住房情况汇总表';
  ws.mergeCells('A1:D1');
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  putRows(ws, 2, [
    ['辖区', '2025年底城镇现有成套住房', null, '2025年底非成套住房'],
    [null, '面积（万㎡）', '套数（套）', '面积（万㎡）'],
  ]);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:C2');
  headerStyle(ws, 2, 3, 4);
  putRows(ws, 4, [
    ['甘州区', 1777.349, 158247, 9.91],
    ['临泽县', 254.36, 23124, 0.12],
    ['高台县', 362.53, 37560, 6.079],
    ['山丹县', 400.07, 39356, 100.92],
    ['民乐县', 655.04, 49407, 0],
    ['肃南县', 62.01, 6664, 0.25],
    ['全市', 3511.359, 314358, 117.279],
  ]);
  await save(wb, 'zhangye/003-housing-stock.xlsx');
}

// ── Seed 003 第三章第四节：2026—2030年分区域指标（新建商品住房 合计 printed 16600, rows sum to 17610) ──
// The seed prints 老旧小区改造 as one "个 / 套" cell ("90/17105"); here it is two columns under a merged header.
async function planByCounty() {
  const wb = newBook();
  const ws = wb.addWorksheet('分区域指标');
  ws.columns = [10, 12, 12, 12, 10, 8, 10, 10, 10, 10, 12].map((width) => ({ width }));
  putRows(ws, 1, [
    [
      '区域',
      '新建商品住房（套）',
      '配售型保障房（套）',
      '保障性租赁住房（套）',
      '公租房（套）',
      '老旧小区改造（个 / 套）',
      null,
      '城中村改造（户）',
      '危旧房改造（套）',
      '完整社区示范点（个）',
      '数字家庭 / 智慧小区（个）',
    ],
    [null, null, null, null, null, '个', '套', null, null, null, null],
  ]);
  for (const col of ['A', 'B', 'C', 'D', 'E', 'H', 'I', 'J', 'K']) ws.mergeCells(`${col}1:${col}2`);
  ws.mergeCells('F1:G1');
  headerStyle(ws, 1, 2, 11);
  putRows(ws, 3, [
    ['甘州区', 10840, 0, 200, 0, 90, 17105, 0, 220, 10, 25],
    ['临泽县', 840, 0, 150, 0, 0, 0, 0, 177, 2, 5],
    ['高台县', 1670, 0, 483, 200, 39, 13500, 0, 200, 2, 4],
    ['山丹县', 2100, 0, 1200, 1000, 30, 11536, 0, 3322, 3, 6],
    ['民乐县', 1080, 0, 361, 0, 0, 0, 0, 0, 1, 3],
    ['肃南县', 1080, 0, 52, 0, 5, 797, 0, 0, 1, 2],
    ['合计', 16600, 0, 2446, 1200, 164, 42938, 0, 3919, 19, 45],
  ]);
  await save(wb, 'zhangye/003-plan-by-county.xlsx');
}

// ── Seed 002 附件1：温州市城镇老旧小区改造五年（2021-2025）行动计划表 ──
// County names are merged over their two rows (综合整治 / 拆改结合), as in the printed table; blanks stay blank.
async function oldCommunityPlan() {
  const wb = newBook();
  const ws = wb.addWorksheet('附件1');
  ws.columns = [14, 10, 10, 10, 10, 10, 10, 14].map((width) => ({ width }));
  ws.getCell('A1').value = '温州市城镇老旧小区改造五年（2021-2025）行动计划表';
  ws.mergeCells('A1:H1');
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  putRows(ws, 2, [
    [
      '所在县 (市、 区)',
      '改造方式',
      '2021 年计 划改造',
      '2022 年计 划改造',
      '2023 年计 划改造',
      '2024 年计 划改造',
      '2025 年计 划改造',
      '2021-2025 年计 划改造小计',
    ],
    [null, null, '小区个数', '小区个数', '小区个数', '小区个数', '小区个数', '小区个数'],
  ]);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  headerStyle(ws, 2, 3, 8);
  const _ = null;
  const counties = [
    ['鹿城区', [52, 36, 52, 65, 60, 265], [11, 15, 10, 7, 9, 52]],
    ['龙湾区', [11, 6, 7, 9, 9, 42], [_, 2, _, _, 2, 4]],
    ['瓯海区', [13, 8, 12, _, _, 33], [_, _, _, _, _, 0]],
    ['洞头区', [2, 1, 1, 1, 1, 6], [_, _, _, _, _, 0]],
    ['乐清市', [5, 1, 1, 0, 0, 7], [_, _, _, _, _, 0]],
    ['瑞安市', [9, 11, 11, 10, 10, 51], [1, _, _, _, _, 1]],
    ['永嘉县', [4, 1, 1, 3, 3, 12], [_, _, _, 3, 2, 5]],
    ['平阳县', [4, 1, 1, 1, 0, 7], [_, _, _, _, _, 0]],
    ['文成县', [2, 1, 1, _, _, 4], [1, _, _, _, _, 1]],
    ['苍南县', [2, _, 3, 1, 1, 7], [_, 1, _, _, _, 1]],
    ['泰顺县', [1, _, 1, 1, _, 3], [1, _, _, _, _, 1]],
    ['龙港市', [3, 3, 3, 3, 4, 16], [1, _, _, 1, _, 2]],
    ['合计', [108, 69, 94, 94, 88, 453], [15, 18, 10, 11, 13, 67]],
  ];
  let r = 4;
  for (const [name, retrofit, rebuild] of counties) {
    putRows(ws, r, [
      [name, '综合整治', ...retrofit],
      [null, '拆改结合', ...rebuild],
    ]);
    ws.mergeCells(`A${r}:A${r + 1}`);
    ws.getCell(`A${r}`).alignment = { vertical: 'middle' };
    r += 2;
  }
  putRows(ws, r, [['总计', null, 123, 87, 104, 105, 101, 520]]);
  ws.mergeCells(`A${r}:B${r}`);
  await save(wb, 'wenzhou/002-old-community-plan.xlsx');
}

await housingStock();
await planByCounty();
await oldCommunityPlan();
console.log('wrote 3 XLSX files under packages/samples/data/');
