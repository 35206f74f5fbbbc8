// `anju plan list | show | import | evaluate` end to end: the seeds' plans are listed before any import; importing
// and re-importing makes versions; Zhangye is evaluated for 2027 on the demo data plus two test years of actuals
// (hypothetical figures typed here for the test, not from a seed); Wenzhou's 十三五 end-term evaluation comes out of
// its own printed table. Both evaluations are read back from the XLSX; Zhangye's also as a PDF drawn without a
// browser, read back with pdftotext.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pdfText, pdfTextCompact } from '../../../api/src/testing/pdf-text.js';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;
const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-plans-'));
  const init = await anju('init', '--city', '620700');
  if (init.code !== 0) throw new Error(init.err);
  const units = await anju(
    'init',
    '--city',
    '620700',
    '--units',
    join(import.meta.dirname, '../../../samples/data/zhangye/units.yaml'),
  );
  if (units.code !== 0) throw new Error(units.err);
  // Test actuals for 2026–2027 (not seed figures): destocking cycle 19.5 → 19 months; affordable rental dwellings.
  const cycle = join(dir, 'cycle.csv');
  await writeFile(cycle, '单元,2025,2026,2027\n张掖市,20,19.5,19\n', 'utf8');
  const rental = join(dir, 'rental.csv');
  await writeFile(rental, '单元,2026,2027\n张掖市,430,400\n甘州区,120,80\n临泽县,10,20\n山丹县,300,300\n', 'utf8');
  for (const [file, measure, dimension] of [
    [cycle, 'housing.destocking-cycle-reported', 'residential'],
    [rental, 'housing.affordable-raised', 'affordable-rental'],
  ] as const) {
    const r = await anju(
      'import',
      file,
      '--city',
      '620700',
      '--measure',
      measure,
      '--dimension',
      dimension,
      '--publish',
      '--reason',
      '测试数据',
    );
    if (r.code !== 0) throw new Error(r.err + r.out);
  }
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sheetRows(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('anju plan', () => {
  it('list shows the bundled plans of the store’s city and of the seeds', async () => {
    const r = await anju('plan', 'list', '--city', '620700', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      expect.objectContaining({ cityCode: '620700', planId: 'zhangye-15th', origin: 'bundled', version: null }),
    ]);
  });

  it('import makes version 1, a second import version 2; show lists the table', async () => {
    const first = await anju('plan', 'import', 'zhangye-15th', '--reason', '导入 003 指标体系表');
    expect(first.code).toBe(0);
    expect(first.out).toContain('已保存 zhangye-15th 第 1 版：37 项指标');
    const second = await anju('plan', 'import', 'zhangye-15th');
    expect(second.out).toContain('第 2 版');
    const list = await anju('plan', 'list', '--city', '620700', '--json');
    expect(JSON.parse(list.out)[0]).toMatchObject({ planId: 'zhangye-15th', origin: 'store', version: 2 });
    const show = await anju('plan', 'show', '--plan', 'zhangye-15th');
    expect(show.out).toContain('住房保障轮候时间');
    expect(show.out).toContain('[164（42938户）]'.slice(1, -1));
  });

  it('show --year --explain: the destocking cycle 20 → 19 months is on track (R = 1.2143)', async () => {
    const r = await anju('plan', 'show', '--plan', 'zhangye-15th', '--year', '2027', '--explain', 'destocking-cycle');
    expect(r.code).toBe(0);
    expect(r.out).toContain('商品住房去化周期：进展正常 = 1.2143');
    expect(r.out).toContain('规则分支：on-track: R ≥ 0.95');
    expect(r.out).toContain(
      '商品住房去化周期2027年为19个月，较基期2025年的20个月，年均下降2.53%，按期不高于18个月需年均下降2.09%，进度比 R=1.21，进展正常。',
    );
  });

  it('evaluate Zhangye 2027 → XLSX: status, R and county ranking from the store', async () => {
    const out = join(dir, '张掖评估.xlsx');
    const r = await anju('plan', 'evaluate', '--plan', 'zhangye-15th', '--year', '2027', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('已写出');
    expect(r.out).toContain(
      '张掖市“十五五”城镇住房发展规划年度评估报告（2027年），37 项指标（进展正常 1，有进展但需加快 1，无数据 35）',
    );
    const rows = await sheetRows(out, '指标完成情况');
    expect(rows[0]).toEqual(['张掖市“十五五”城镇住房发展规划年度评估报告（2027年）']);
    const byName = new Map(rows.map((row) => [row[1], row]));
    expect(byName.get('商品住房去化周期')?.slice(2, 9)).toEqual(['个月', '18', '19', 2027, '—', '进展正常', 1.2143]);
    // 830 of 2446 where 978.4 is due by 2027: R = 0.8483
    expect(byName.get('保障性租赁住房套数')?.slice(3, 9)).toEqual([
      '[2446]',
      '[830]',
      2027,
      '—',
      '有进展但需加快',
      0.8483,
    ]);
    expect(byName.get('住房保障轮候时间')?.[7]).toBe('无数据');
    const ranking = (await sheetRows(out, '分区域排名')).filter((row) => row[0] === '保障性租赁住房套数');
    expect(ranking.map((row) => [row[1], row[2], row[4], row[6]])).toEqual([
      [1, '甘州区', 200, '已完成'],
      [2, '山丹县', 600, '进展正常'],
      [3, '临泽县', 30, '进展有限'],
      // no data: by unit code
      ['—', '肃南县', '—', '无数据'],
      ['—', '民乐县', '—', '无数据'],
      ['—', '高台县', '—', '无数据'],
    ]);
  });

  it('evaluate Zhangye 2027 → PDF without a browser (ANJU_CHROMIUM=none): the evaluation’s Chinese text', async () => {
    vi.stubEnv('ANJU_CHROMIUM', 'none');
    try {
      const out = join(dir, '张掖评估.pdf');
      const r = await anju('plan', 'evaluate', '--plan', 'zhangye-15th', '--year', '2027', '--out', out);
      expect(r.code).toBe(0);
      expect(r.out).toContain('PDF 由内置渲染器生成（未使用浏览器）');
      const pdf = await readFile(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfTextCompact(pdf);
      expect(text).toContain('张掖市“十五五”城镇住房发展规划年度评估报告（2027年）');
      expect(text).toContain('商品住房去化周期进展正常·R=1.2143');
      // the county ranking of 保障性租赁住房套数 as drawn beside its chart
      expect(pdfText(pdf, { layout: true })).toMatch(/\b1\s+甘州区\s+200\s+200\s+\S+\s+已完成/);
      expect(text).toContain('三、评估方法');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('evaluate Wenzhou 十三五 2020 → XLSX: the seed’s table with every binding indicator passed', async () => {
    const out = join(dir, 'wenzhou.xlsx');
    const r = await anju('plan', 'evaluate', '--plan', 'wenzhou-13th', '--year', '2020', '--out', out);
    expect(r.code).toBe(0);
    const rows = await sheetRows(out, '指标完成情况');
    expect(rows[0]).toEqual(['温州市住房发展“十三五”规划终期评估报告（2020年）']);
    expect(rows.slice(2, 8).map((row) => [row[1], row[3], row[4], row[6], row[7], row[9]])).toEqual([
      ['城镇人均住房建筑面积', '44 m²', '50.7 m²', '预期性', '已完成', ''],
      ['城市新建商品住房总量', '690 万m²', '[4092.44]', '预期性', '已完成', ''],
      ['新增商品住房住宅用地', '345 公顷', '[1774]', '预期性', '已完成', ''],
      ['保障性住房覆盖面', '23%', '23.5%', '约束性', '已完成', '达标'],
      ['竣工工程质量验收一次验收合格率', '80%', '100%', '约束性', '已完成', '达标'],
      ['新建住宅小区物业管理覆盖率', '100%', '100%', '预期性', '已完成', ''],
    ]);
    expect(String(rows[2]?.[10])).toBe(
      '城镇人均住房建筑面积2020年为50.7平方米/人，已达到规划目标（2020年不低于44平方米/人），完成率115.23%，已完成。',
    );
  });

  it('refuses an unknown plan and a bad --out', async () => {
    const unknown = await anju(
      'plan',
      'evaluate',
      '--city',
      '620700',
      '--plan',
      'nope',
      '--year',
      '2027',
      '--out',
      'x.xlsx',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('城市 620700 没有规划 nope');
    const ext = await anju('plan', 'evaluate', '--plan', 'zhangye-15th', '--year', '2027', '--out', 'x.docx');
    expect(ext.err).toContain('--out 应以 .xlsx、.pdf 或 .html 结尾');
  });
});
