// Good input (SPEC §3.1): the encodings, delimiters and number spellings Chinese offices produce, XLSX formulas and
// merged headers, dry runs, revisions with history, the export round trip, and an import that fails half-way.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mapping } from '@anju/core';
import {
  getPublishedValue,
  getValueHistory,
  listAuditEvents,
  listRevisions,
  publishRevision,
  type Store,
} from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { exportTable } from './export-table.js';
import { loadCity } from './load-units.js';
import {
  csvText,
  fingerprint,
  gb18030Bytes,
  ZHANGYE_UNITS,
  importWith,
  loadFixtureCities,
  makeTempDir,
  mapping,
  writeXlsx,
  type TempDir,
} from './testing/fixtures.js';

const LONG: Mapping = mapping({ layout: 'long' });
const HEADER = ['单元', '期间', '指标', '类型', '数值'];
const AT = new Date('2026-01-15T08:00:00Z');

let store: Store;
let tmp: TempDir;

async function open(): Promise<void> {
  store = await openTestStore();
  await loadFixtureCities(store);
  tmp = await makeTempDir();
}

async function close(): Promise<void> {
  await store.close();
  await tmp.remove();
}

/** Reading tests share one store (each checks the values it has just published); revision tests start empty. */
function sharedStore(): void {
  beforeAll(open);
  afterAll(close);
}

function freshStorePerTest(): void {
  beforeEach(open);
  afterEach(close);
}

/** The published value of a Zhangye key, or undefined. */
async function published(
  unitCode: string,
  measureCode: string,
  period: string,
  dimension = '',
): Promise<string | undefined> {
  return (await getPublishedValue(store, { cityCode: '620700', unitCode, measureCode, dimension, period }))?.value;
}

describe('encodings and delimiters', () => {
  sharedStore();
  const rows = [
    HEADER,
    ['甘州区', '2025年12月', '销售面积', '住宅', '12.5'],
    ['肃南县', '2025年12月', '销售面积', '住宅', '3.25'],
  ];

  it('reads a GB18030 CSV without a BOM (as Chinese Excel saves it)', async () => {
    const bytes = gb18030Bytes(csvText(rows));
    // the bytes are not UTF-8, so detection has to fall back to GB18030
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = await importWith(store, await tmp.write('gb.csv', bytes), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.encoding).toBe('gb18030');
    expect(r.observations).toBe(2);
    expect(await published('620702', 'housing.sales-area', '2025-12', 'residential')).toBe('12.5');
    expect(await published('620721', 'housing.sales-area', '2025-12', 'residential')).toBe('3.25');
  });

  it('reads UTF-8 with a BOM (the BOM is not part of the first header)', async () => {
    const r = await importWith(store, await tmp.write('bom.csv', '\ufeff' + csvText(rows)), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.detection?.columns.map((c) => `${c.column}:${c.role}`)).toEqual([
      'A:unit',
      'B:period',
      'C:measure',
      'D:dimension',
      'E:value',
    ]);
    expect(await published('620702', 'housing.sales-area', '2025-12', 'residential')).toBe('12.5');
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(rows, '\t'), 'utf16le')]);
    const r = await importWith(store, await tmp.write('u16.csv', bytes), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.encoding).toBe('utf-16le');
    expect(await published('620721', 'housing.sales-area', '2025-12', 'residential')).toBe('3.25');
  });

  it('reads a tab-delimited file whose values contain commas', async () => {
    const text = csvText([HEADER, ['甘州区', '2025年12月', '销售面积', '住宅', '1,234.5']], '\t');
    expect(text).toContain('\t1,234.5\r\n');
    const r = await importWith(store, await tmp.write('tab.csv', text), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(await published('620702', 'housing.sales-area', '2025-12', 'residential')).toBe('1234.5');
  });
});

describe('number and period spellings', () => {
  sharedStore();
  it('reads full-width digits and punctuation, thousands separators and trailing %', async () => {
    const text = csvText([
      HEADER,
      ['甘州区', '２０２５年１２月', '销售面积', '住宅', '１２３．５'],
      ['肃南县', '2025年12月', '销售面积', '住宅', '１，２３４．５０'],
      ['民乐县', '2025年12月', '销售套数', '住宅', '12,345,678'],
      ['甘州区', '2025年', '城镇化率', '', '56.29%'],
      ['甘州区', '2025年第四季度', '销售面积', '', ' 1 234 '],
    ]);
    const r = await importWith(store, await tmp.write('fullwidth.csv', text), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.observations).toBe(5);
    expect(await published('620702', 'housing.sales-area', '2025-12', 'residential')).toBe('123.5');
    expect(await published('620721', 'housing.sales-area', '2025-12', 'residential')).toBe('1234.5');
    expect(await published('620722', 'housing.sales-units', '2025-12', 'residential')).toBe('12345678');
    expect(await published('620702', 'people.urbanization-rate', '2025')).toBe('56.29');
    expect(await published('620702', 'housing.sales-area', '2025Q4')).toBe('1234');
  });

  it('"-", "—", "/" and "" mean no value: no row is written for them', async () => {
    const text = csvText([
      HEADER,
      ['甘州区', '2025-09', '销售面积', '', '4.5'],
      ['甘州区', '2025-10', '销售面积', '', '-'],
      ['甘州区', '2025-11', '销售面积', '', '—'],
      ['甘州区', '2025-12', '销售面积', '', '/'],
      ['肃南县', '2025-12', '销售面积', '', ''],
    ]);
    const r = await importWith(store, await tmp.write('blanks.csv', text), LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.rows).toBe(6);
    expect(r.observations).toBe(1);
    const revision = (await listRevisions(store, '620700')).find((v) => v.revisionId === r.revisionId);
    expect(revision?.rowCount).toBe(1);
    expect(await published('620702', 'housing.sales-area', '2025-09')).toBe('4.5');
    for (const period of ['2025-10', '2025-11', '2025-12']) {
      expect(await published('620702', 'housing.sales-area', period)).toBeUndefined();
    }
    expect(await published('620721', 'housing.sales-area', '2025-12')).toBeUndefined();
  });

  it('converts a header unit of measure exactly (㎡ → 万㎡, 万元 → 亿元)', async () => {
    const text = csvText([
      ['区县', '销售面积（㎡）', '销售额（万元）'],
      ['甘州区', '123456.7', '98765'],
    ]);
    const m = mapping({
      layout: 'wide',
      rows: { key: 'unit' },
      columns: [
        { header: '销售面积（㎡）', measure: 'housing.sales-area', period: '2025' },
        { header: '销售额（万元）', measure: 'housing.sales-amount', period: '2025' },
      ],
    });
    const r = await importWith(store, await tmp.write('uom.csv', text), m, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(await published('620702', 'housing.sales-area', '2025')).toBe('12.34567');
    expect(await published('620702', 'housing.sales-amount', '2025')).toBe('9.8765');
  });
});

describe('XLSX', () => {
  sharedStore();
  it('uses the cached result of formula cells, including 0 and a float sum', async () => {
    const path = await writeXlsx(tmp.path('formulas.xlsx'), [
      {
        name: '数据',
        rows: [
          ['单元', '期间', '指标', '数值'],
          ['甘州区', '2025-12', '销售面积', { formula: '0.1+0.2', result: 0.1 + 0.2 }],
          ['肃南县', '2025-12', '销售面积', { formula: 'D2-D2', result: 0 }],
          ['民乐县', new Date(Date.UTC(2025, 11, 1)), '销售面积', { formula: 'SUM(D2:D3)*10', result: 3 }],
        ],
      },
    ]);
    const r = await importWith(store, path, LONG, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.sheet).toBe('数据');
    expect(r.observations).toBe(3);
    expect(await published('620702', 'housing.sales-area', '2025-12')).toBe('0.3');
    // a formula evaluating to 0 is a value, not a blank
    expect(await published('620721', 'housing.sales-area', '2025-12')).toBe('0');
    // a date cell in the period column is read as its month
    expect(await published('620722', 'housing.sales-area', '2025-12')).toBe('3');
    const history = await getValueHistory(store, {
      cityCode: '620700',
      unitCode: '620721',
      measureCode: 'housing.sales-area',
      period: '2025-12',
    });
    expect(history.map((h) => h.sourceRef)).toEqual(['formulas.xlsx!数据!D3']);
  });

  it('reads a merged two-row header with a 合计 row and a 合计 column, warning with exact numbers', async () => {
    const path = await writeXlsx(tmp.path('merged.xlsx'), [
      {
        name: '县区',
        rows: [
          ['区县', '商品房销售面积（万㎡）', null, '合计'],
          [null, '2024年', '2025年', null],
          ['甘州区', 10.5, 12.25, 22.75],
          ['肃南县', 1.2, 1.3, 2.8],
          ['合计', 11.7, 13.55, 25.25],
          ['注：数据来源于测试。'],
        ],
        merges: ['A1:A2', 'B1:C1', 'D1:D2'],
      },
    ]);
    const m = mapping({
      layout: 'wide',
      header: { firstRow: 1, rows: 2 },
      rows: { key: 'unit' },
      periodsFromHeader: true,
      fixed: { measure: 'housing.sales-area' },
    });
    const r = await importWith(store, path, m, { publish: true });
    expect(r.ok).toBe(true);
    expect(r.detection?.columns.map((c) => `${c.column}:${c.header}:${c.role}`)).toEqual([
      'A:区县:unit-label',
      'B:商品房销售面积(万m2)/2024年:period',
      'C:商品房销售面积(万m2)/2025年:period',
      'D:合计:total',
    ]);
    expect(r.detection?.totalRows).toEqual([5]);
    // 肃南县 prints 2.8 for 1.2 + 1.3 = 2.5 (beyond the ±0.15 its precision allows), so the 合计 column no longer
    // adds up either: 22.75 + 2.8 = 25.55, while the 合计 row is consistent across (11.7 + 13.55 = 25.25); the
    // printed values are imported all the same
    expect(r.warnings.map((w) => [w.code, w.row, w.column, w.messageZh])).toEqual([
      ['uom-assumed', 3, 'D', '未标明计量单位，按指标默认单位“万平方米”读取'],
      ['total-mismatch', 4, 'D', '“肃南县”印的合计为 2.8，但各分项之和为 2.5（差 0.3）；已按原值导入，请核对'],
      ['total-mismatch', 5, 'D', '“合计”印的合计为 25.25，但各分项之和为 25.55（差 -0.3）；已按原值导入，请核对'],
      ['note-ignored', 6, 'A', '表后注释未导入：注：数据来源于测试。'],
    ]);
    expect(r.observations).toBe(9);
    expect(await published('620702', 'housing.sales-area', '2025')).toBe('12.25');
    expect(await published('620721', 'housing.sales-area', '2024-2025')).toBe('2.8');
    expect(await published('620700', 'housing.sales-area', '2024')).toBe('11.7');
    expect(await published('620700', 'housing.sales-area', '2024-2025')).toBe('25.25');
  });
});

describe('revisions', () => {
  freshStorePerTest();
  const v1 = csvText([
    HEADER,
    ['甘州区', '2025-12', '销售面积', '', '12.5'],
    ['肃南县', '2025-12', '销售面积', '', '3'],
  ]);
  const v2 = csvText([
    HEADER,
    ['甘州区', '2025-12', '销售面积', '', '12.75'],
    ['肃南县', '2025-12', '销售面积', '', '3.00'],
    ['民乐县', '2025-12', '销售面积', '', '6'],
  ]);
  const key = { cityCode: '620700', unitCode: '620702', measureCode: 'housing.sales-area', period: '2025-12' };

  it('a dry run writes nothing but reports what would be added and changed', async () => {
    const first = await importWith(store, await tmp.write('v1.csv', v1), LONG, { publish: true });
    expect(first.ok).toBe(true);
    const before = await fingerprint(store);
    const r = await importWith(store, await tmp.write('v2.csv', v2), LONG, { dryRun: true });
    expect(r.ok).toBe(true);
    expect(r.dryRun).toBe(true);
    expect(r.revisionId).toBeUndefined();
    expect({ added: r.diff?.added, changed: r.diff?.changed, unchanged: r.diff?.unchanged }).toEqual({
      added: 1,
      changed: 1,
      unchanged: 1,
    });
    expect(r.diff?.changedRows.map((d) => [d.unitCode, d.oldValue, d.newValue])).toEqual([['620702', '12.5', '12.75']]);
    expect(r.diff?.addedRows.map((d) => [d.unitCode, d.oldValue, d.newValue])).toEqual([['620722', null, '6']]);
    expect(await fingerprint(store)).toEqual(before);
  });

  it('dry runs draw no revision number; dry runs and refused files no audit event id', async () => {
    const first = await importWith(store, await tmp.write('v1.csv', v1), LONG, { publish: true });
    const bad = csvText([HEADER, ['甘州区', '2025-12', '销售面积', '', 'x']]);
    expect((await importWith(store, await tmp.write('bad.csv', bad), LONG, { dryRun: true })).ok).toBe(false);
    for (let i = 0; i < 3; i++) {
      expect((await importWith(store, await tmp.write('v2.csv', v2), LONG, { dryRun: true })).ok).toBe(true);
    }
    const second = await importWith(store, await tmp.write('v2.csv', v2), LONG, { publish: true });
    // A file refused for its errors was streamed under a real number (rolled back): the next one moves on, but
    // its audit event was never appended.
    expect((await importWith(store, await tmp.write('bad.csv', bad), LONG)).ok).toBe(false);
    expect(Number(second.revisionId)).toBe(Number(first.revisionId) + 1);
    expect((await listRevisions(store, '620700')).map((v) => v.revisionId)).toEqual([
      first.revisionId,
      second.revisionId,
    ]);
    // create + publish per real import: four events with consecutive ids and chain numbers.
    const events = (await listAuditEvents(store, { cityCode: '620700' })).reverse();
    const base = Number(events[0]!.eventId);
    expect(events.map((e) => [Number(e.eventId) - base, e.chainSeq, e.action])).toEqual([
      [0, '1', 'revision.create'],
      [1, '2', 'revision.publish'],
      [2, '3', 'revision.create'],
      [3, '4', 'revision.publish'],
    ]);
  });

  it('re-importing a changed file adds a draft revision; publishing it keeps the history', async () => {
    const first = await importWith(store, await tmp.write('v1.csv', v1), LONG, { publish: true });
    const second = await importWith(store, await tmp.write('v2.csv', v2), LONG, { reason: '12月数据更正' });
    expect(second.ok).toBe(true);
    expect(second.published).toBe(false);
    expect({ added: second.diff?.added, changed: second.diff?.changed }).toEqual({ added: 1, changed: 1 });
    // the draft is invisible in the published view
    expect(await published('620702', 'housing.sales-area', '2025-12')).toBe('12.5');
    expect(await published('620722', 'housing.sales-area', '2025-12')).toBeUndefined();
    expect(
      (await listRevisions(store, '620700')).map((v) => [v.revisionId, v.status, v.rowCount, v.sourceFile]),
    ).toEqual([
      [first.revisionId, 'published', 2, 'v1.csv'],
      [second.revisionId, 'draft', 3, 'v2.csv'],
    ]);

    await publishRevision(store, {
      cityCode: '620700',
      revisionId: second.revisionId!,
      publishedBy: 'reviewer',
      at: AT,
      reason: '核对无误',
    });
    expect(await published('620702', 'housing.sales-area', '2025-12')).toBe('12.75');
    expect(await published('620722', 'housing.sales-area', '2025-12')).toBe('6');
    const history = await getValueHistory(store, key);
    expect(history.map((h) => [h.revisionId, h.value, h.status, h.current, h.reason, h.sourceRef])).toEqual([
      [first.revisionId, '12.5', 'published', false, 'intake test', 'v1.csv!E2'],
      [second.revisionId, '12.75', 'published', true, '12月数据更正', 'v2.csv!E2'],
    ]);
  });
});

describe('export round trip', () => {
  freshStorePerTest();
  it('exports to CSV and XLSX, and the CSV export re-imports as an unchanged revision', async () => {
    const source = csvText([
      HEADER,
      ['甘州区', '2025年12月', '销售面积', '住宅', '12.5'],
      ['肃南县', '2025年第四季度', '销售套数', '', '1,204'],
      ['民乐县', '2025年', '均价', '住宅', '5210.5'],
      ['甘州区', '“十四五”', '新开工面积', '', '310'],
    ]);
    const first = await importWith(store, await tmp.write('source.csv', source), LONG, { publish: true });
    expect(first.ok).toBe(true);
    const rev = first.revisionId!;

    const csvOut = tmp.path('export.csv');
    expect(await exportTable(store, { cityCode: '620700', out: csvOut, format: 'csv', lang: 'zh' })).toBe(4);
    const text = await readFile(csvOut, 'utf8');
    expect(text.split('\r\n')).toEqual([
      '\ufeff单元代码,单元,指标代码,指标,分类,期间,数值,计量单位,修订号,来源',
      `620702,甘州区,housing.new-starts-area,新开工面积,合计,“十四五”（2021—2025年）,310,万平方米,${rev},source.csv!E5`,
      `620702,甘州区,housing.sales-area,新建商品房销售面积,住宅,2025年12月,12.5,万平方米,${rev},source.csv!E2`,
      `620721,肃南裕固族自治县,housing.sales-units,新建商品房销售套数,合计,2025年第四季度,1204,套,${rev},source.csv!E3`,
      `620722,民乐县,housing.price-new,新建商品住房均价,住宅,2025年,5210.5,元/平方米,${rev},source.csv!E4`,
      '',
    ]);

    const xlsxOut = tmp.path('export.xlsx');
    expect(await exportTable(store, { cityCode: '620700', out: xlsxOut, format: 'xlsx', lang: 'en' })).toBe(4);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxOut);
    const ws = wb.getWorksheet('data')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
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
    ]);
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '620702',
      'Ganzhou',
      'housing.sales-area',
      'new commodity housing sold (floor area)',
      'residential',
      'Dec 2025',
      12.5,
      '10k m²',
      rev,
      'source.csv!E2',
    ]);
    expect(ws.rowCount).toBe(5);

    // The export names both a code and a name column for units and measures; detection takes the code columns,
    // so Anju's own export imports again without a mapping and changes nothing.
    const again = await importWith(store, csvOut, LONG);
    expect(again.detection?.columns.map((c) => [c.column, c.role])).toEqual([
      ['A', 'unit'],
      ['C', 'measure'],
      ['E', 'dimension'],
      ['F', 'period'],
      ['G', 'value'],
      ['H', 'uom'],
    ]);
    expect(again.ok).toBe(true);
    expect(again.errors).toEqual([]);
    expect(again.warnings).toEqual([]);
    expect({ added: again.diff?.added, changed: again.diff?.changed, unchanged: again.diff?.unchanged }).toEqual({
      added: 0,
      changed: 0,
      unchanged: 4,
    });
  });
});

describe('export of hostile text (OWASP CSV injection)', () => {
  freshStorePerTest();
  it('prefixes formula-like unit names and source files with an apostrophe, and keeps negative values numbers', async () => {
    // A district whose English name is a formula, and an upload named like one.
    await loadCity(store, '620700', [
      ...ZHANGYE_UNITS.filter((u) => u.code !== '620722'),
      { ...ZHANGYE_UNITS.find((u) => u.code === '620722')!, nameEn: '=HYPERLINK("http://evil.example","x")' },
    ]);
    const source = csvText([HEADER, ['民乐县', '2025年', '人口净流入', '', '-0.35']]);
    const imported = await importWith(store, await tmp.write('=1+2.csv', source), LONG, { publish: true });
    expect(imported.errors).toEqual([]);
    const rev = imported.revisionId!;

    const csvOut = tmp.path('hostile.csv');
    await exportTable(store, { cityCode: '620700', out: csvOut, format: 'csv', lang: 'en' });
    const lines = (await readFile(csvOut, 'utf8')).split('\r\n');
    expect(lines[1]).toBe(
      `620722,"'=HYPERLINK(""http://evil.example"",""x"")",people.net-inflow,net population inflow,total,2025,-0.35,` +
        `10k persons,${rev},'=1+2.csv!E2`,
    );

    const xlsxOut = tmp.path('hostile.xlsx');
    await exportTable(store, { cityCode: '620700', out: xlsxOut, format: 'xlsx', lang: 'en' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxOut);
    const row = wb.getWorksheet('data')!.getRow(2);
    expect(row.getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(row.getCell(7).value).toBe(-0.35);
    expect(row.getCell(10).value).toBe("'=1+2.csv!E2");
  });
});

describe('a failure in the middle of a large import', () => {
  freshStorePerTest();
  it('leaves the store exactly as it was (50,000 rows, aborted at row 25,000)', async () => {
    const baseline = await importWith(
      store,
      await tmp.write('base.csv', csvText([HEADER, ['甘州区', '2025-12', '销售面积', '', '12.5']])),
      LONG,
      {
        publish: true,
      },
    );
    expect(baseline.ok).toBe(true);
    const before = await fingerprint(store);

    const units = ['甘州区', '肃南县', '民乐县'];
    const lines: string[] = [HEADER.join(',')];
    const measures = ['销售面积', '销售套数', '新开工面积', '竣工面积', '批准预售面积'];
    const types = ['', '住宅', '非住宅', '商业', '办公'];
    for (let i = 0; i < 50_000; i++) {
      // 3 units × 5 measures × 5 breakdowns × months from 1950: every key unique
      const month = Math.floor(i / 75);
      const period = `${1950 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      lines.push(
        `${units[i % 3]},${period},${measures[Math.floor(i / 3) % 5]},${types[Math.floor(i / 15) % 5]},${i % 1000}`,
      );
    }
    const path = await tmp.write('large.csv', lines.join('\n') + '\n');
    let seen = 0;
    await expect(
      importWith(store, path, LONG, {
        afterRow: (rowNumber) => {
          seen = rowNumber;
          if (rowNumber === 25_000) throw new Error('injected failure at row 25000');
        },
      }),
    ).rejects.toThrow('injected failure at row 25000');
    expect(seen).toBe(25_000);
    const after = await fingerprint(store);
    expect(after).toEqual(before);
    expect(after.revisions.map((v) => v.status)).toEqual(['published']);
    expect(after.observations.count).toBe('1');

    // the store is still usable: the same file imports in full without the failure
    const r = await importWith(store, path, LONG);
    expect(r.ok).toBe(true);
    expect(r.observations).toBe(50_000);
    expect((await listRevisions(store, '620700')).map((v) => [v.status, v.rowCount])).toEqual([
      ['published', 1],
      ['draft', 50_000],
    ]);
  });
});
