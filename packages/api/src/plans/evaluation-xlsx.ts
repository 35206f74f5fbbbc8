// A plan evaluation as an XLSX workbook: sheet 指标完成情况 in the 002 十三五 table layout (指标分类, 指标名称, 单位,
// 规划目标, 完成情况, 指标属性) plus 进展状态, 进度比 R, 约束性达标, 评估说明 and 来源; sheet 分区域排名 for decomposed
// indicators; sheet 年度数据 with each indicator's yearly actuals.
import ExcelJS from 'exceljs';
import { describeSource, STATUS_LABELS, type PlanEvaluation } from '@anju/core';
import { neutraliseWorkbookText } from '@anju/intake';

const argb = (hex: string): string => `FF${hex.replace('#', '').toUpperCase()}`;

/** Writes the evaluation as an XLSX workbook and returns its bytes. */
export async function renderEvaluationXlsx(
  e: PlanEvaluation,
  meta: { readonly version: number | null; readonly generatedAt: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anju 安居';
  wb.created = new Date(meta.generatedAt);
  wb.title = e.titleZh;

  const ws = wb.addWorksheet('指标完成情况');
  ws.columns = [
    { key: 'cat', width: 18 },
    { key: 'name', width: 34 },
    { key: 'uom', width: 12 },
    { key: 'target', width: 14 },
    { key: 'achieved', width: 14 },
    { key: 'year', width: 8 },
    { key: 'attr', width: 9 },
    { key: 'status', width: 16 },
    { key: 'r', width: 10 },
    { key: 'pass', width: 10 },
    { key: 'narr', width: 90 },
    { key: 'src', width: 50 },
  ];
  ws.addRow([e.titleZh]).font = { bold: true, size: 14 };
  ws.addRow([
    '指标分类',
    '指标名称',
    '单位',
    '规划目标',
    '完成情况',
    '数据年份',
    '指标属性',
    '进展状态',
    '进度比 R',
    '约束性达标',
    '评估说明',
    '来源',
  ]).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  for (const r of e.rows) {
    const row = ws.addRow([
      r.categoryZh,
      r.nameZh,
      r.uomZh,
      r.targetText,
      r.achievedText,
      r.achievedYear ?? '',
      r.attributeZh,
      r.statusZh,
      r.status.status.value === null ? '' : Number(r.status.status.value),
      r.status.pass === null ? '' : r.status.pass ? '达标' : '未达标',
      r.narrativeZh,
      r.sources.map((s) => describeSource(s, 'zh')).join('；'),
    ]);
    row.getCell(8).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(STATUS_LABELS[r.kind].colour) } };
    row.getCell(8).font = { color: { argb: 'FFFFFFFF' }, bold: true };
  }
  ws.addRow([]);
  ws.addRow([
    `规划期 ${e.periodZh}；评估年份 ${e.year}；规划版本 ${meta.version === null ? '随附种子版' : `v${meta.version}`}`,
  ]);
  ws.addRow(['规划目标中 [ ] 为五年累计值，其余为期末值；完成情况中 [ ] 为规划期内累计完成。']);

  const rank = wb.addWorksheet('分区域排名');
  rank.columns = [
    { width: 30 },
    { width: 8 },
    { width: 18 },
    { width: 12 },
    { width: 12 },
    { width: 10 },
    { width: 16 },
  ];
  rank.addRow(['指标', '排名', '区县', '分解目标', '累计完成', '进度比 R', '状态']).font = { bold: true };
  for (const r of e.rows) {
    for (const u of r.ranking) {
      rank.addRow([
        r.nameZh,
        u.rank ?? '—',
        u.nameZh,
        Number(u.target),
        u.status.latest?.value === undefined || u.status.latest.value === null ? '—' : Number(u.status.latest.value),
        u.status.status.value === null ? '' : Number(u.status.status.value),
        STATUS_LABELS[u.status.kind].zh,
      ]);
    }
  }

  const years = [...new Set(e.rows.flatMap((r) => r.trend.years))].sort((a, b) => a - b);
  const data = wb.addWorksheet('年度数据');
  data.columns = [{ width: 34 }, { width: 12 }, ...years.map(() => ({ width: 10 }))];
  data.addRow(['指标', '口径', ...years.map(String)]).font = { bold: true };
  for (const r of e.rows) {
    const byYear = new Map(r.trend.years.map((y, i) => [y, r.trend.actual[i] ?? null]));
    data.addRow([
      r.nameZh,
      r.trend.cumulative ? '累计' : '当年',
      ...years.map((y) => {
        const v = byYear.get(y) ?? null;
        return v === null ? '' : Number(v);
      }),
    ]);
  }
  neutraliseWorkbookText(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
