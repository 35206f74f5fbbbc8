// The report's tables as an XLSX workbook: one sheet per table, Chinese headers, and a 来源 column naming the
// revisions each row was read from.
import ExcelJS from 'exceljs';
import { sourceText, type ReportModel } from '@anju/core';
import { neutraliseWorkbookText } from '@anju/intake';

/** Sheet names: Excel allows 31 characters and no []:*?/\ — the table titles without their numbering. */
function sheetName(title: string): string {
  return title
    .replace(/^[一二三四五六七八九十]+、/, '')
    .replace(/[[\]:*?/\\]/g, '')
    .slice(0, 31);
}

/** Writes the report model as an XLSX workbook and returns its bytes. */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anju 安居';
  wb.created = new Date(model.generatedAt);
  wb.title = model.titleZh;

  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 16 }, { width: 80 }];
  about.addRow(['报告', model.titleZh]).font = { bold: true };
  about.addRow(['城市', `${model.cityNameZh}（${model.cityCode}）`]);
  about.addRow(['期间', model.periodZh]);
  about.addRow(['政策配置', `${model.profile.id}@${model.profile.version}`]);
  about.addRow(['生成时间', model.generatedAt]);
  about.addRow(['来源', sourceText(model.revisionIds)]);

  for (const t of model.tables) {
    const ws = wb.addWorksheet(sheetName(t.titleZh));
    ws.columns = [
      ...t.columns.map((c) => ({
        header: c.labelZh,
        key: c.key,
        width: Math.max(10, c.labelZh.length * 2 + 4),
        style: { alignment: { horizontal: c.align } },
      })),
      { header: '来源', key: '__source', width: 18 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of t.rows) {
      const cells: Record<string, string | number> = { __source: sourceText(row.revisionIds) };
      // plain numbers in right-aligned columns are written as numbers so they can be summed; "—" and "4.00%" stay text
      for (const c of t.columns) {
        const text = row.cells[c.key] ?? '';
        cells[c.key] = c.align === 'right' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      }
      ws.addRow(cells);
    }
    ws.addRow([]);
    ws.addRow([t.noteZh]);
    ws.addRow([`本表来源：${sourceText(t.revisionIds)}`]);
  }
  neutraliseWorkbookText(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
