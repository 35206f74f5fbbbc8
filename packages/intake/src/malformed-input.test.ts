// Bad input (SPEC §3.1, §6 "Bad input"): every malformed file is refused with an error naming the file, sheet,
// row and column in plain Chinese (and English), and the store is left exactly as it was — same revisions, same
// published values, same history rows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IssueCode, Mapping } from '@anju/core';
import type { Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import type { ImportResult } from './import-file.js';
import {
  csvText,
  fingerprint,
  importWith,
  loadFixtureCities,
  makeTempDir,
  mapping,
  writeXlsx,
  type SheetSpec,
  type StoreFingerprint,
  type TempDir,
} from './testing/fixtures.js';

const LONG_HEADER = ['单元', '期间', '指标', '类型', '数值'];
const GOOD_ROW = ['甘州区', '2025年12月', '销售面积', '住宅', '12.5'];
const LONG: Mapping = mapping({ layout: 'long' });
const WIDE_UNITS: Mapping = mapping({
  layout: 'wide',
  rows: { key: 'unit' },
  periodsFromHeader: true,
  fixed: { measure: 'housing.sales-area' },
});

let store: Store;
let tmp: TempDir;
let before: StoreFingerprint;

beforeAll(async () => {
  store = await openTestStore();
  await loadFixtureCities(store);
  tmp = await makeTempDir();
  // A published revision and a draft, so "unchanged" compares a store that has something in it.
  const base = await tmp.write(
    'baseline.csv',
    csvText([
      LONG_HEADER,
      GOOD_ROW,
      ['肃南县', '2025年12月', '销售面积', '住宅', '3.25'],
      ['民乐县', '2025年12月', '均价', '住宅', '5210'],
    ]),
  );
  const published = await importWith(store, base, LONG, { publish: true });
  expect(published.ok).toBe(true);
  const draft = await tmp.write(
    'draft.csv',
    csvText([LONG_HEADER, ['甘州区', '2025年12月', '销售面积', '住宅', '13']]),
  );
  expect((await importWith(store, draft, LONG)).ok).toBe(true);
});

afterAll(async () => {
  await store?.close();
  await tmp?.remove();
});

beforeEach(async () => {
  before = await fingerprint(store);
});

/** The store must be exactly as before the failed import. */
async function expectStoreUnchanged(r: ImportResult): Promise<void> {
  expect(r.revisionId).toBeUndefined();
  const after = await fingerprint(store);
  expect(after).toEqual(before);
  // the baseline: one published and one draft revision, three published values, four history rows
  expect(after.revisions.map((v) => v.status)).toEqual(['published', 'draft']);
  expect(after.published.count).toBe('3');
  expect(after.observations.count).toBe('4');
}

interface Expected {
  readonly code: IssueCode;
  readonly file: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  /** A fragment of the Chinese message. */
  readonly zh: string;
  /** A fragment of the English message. */
  readonly en?: string;
  /** Errors counted in all (default 1). */
  readonly count?: number;
}

function expectError(r: ImportResult, e: Expected): void {
  expect(r.ok).toBe(false);
  expect(r.errorCount).toBe(e.count ?? 1);
  // one mistake, one message: no follow-on errors and no "too many errors" line
  expect(r.errors).toHaveLength(1);
  const err = r.errors[0];
  expect(err).toBeDefined();
  expect({ code: err!.code, file: err!.file, sheet: err!.sheet, row: err!.row, column: err!.column }).toEqual({
    code: e.code,
    file: e.file,
    sheet: e.sheet,
    row: e.row,
    column: e.column,
  });
  expect(err!.severity).toBe('error');
  expect(err!.messageZh).toContain(e.zh);
  if (e.en !== undefined) expect(err!.messageEn).toContain(e.en);
}

/** A long-layout CSV: the header, one good row, then the given rows (the first bad row is sheet row 3). */
function longCsv(...rows: (readonly string[])[]): string {
  return csvText([LONG_HEADER, GOOD_ROW, ...rows]);
}

interface CsvCase extends Expected {
  readonly name: string;
  readonly text: string;
  readonly mapping?: Mapping;
}

const csvCases: CsvCase[] = [
  {
    name: 'unknown unit',
    file: 'unknown-unit.csv',
    text: longCsv(['火星区', '2025-11', '销售面积', '', '3']),
    code: 'unknown-unit',
    row: 3,
    column: 'A',
    zh: '未知的单元“火星区”',
    en: 'unknown unit "火星区"',
  },
  {
    name: 'unit of another city, by administrative code',
    file: 'other-city-code.csv',
    text: longCsv(['410105', '2025-11', '销售面积', '', '3']),
    code: 'unit-other-city',
    row: 3,
    column: 'A',
    zh: '单元“410105”不属于城市 620700',
    en: 'unit "410105" does not belong to city 620700',
  },
  {
    name: 'unit of another city, by name',
    file: 'other-city-name.csv',
    text: longCsv(['民乐县', '2025-11', '销售面积', '', '3'], ['金水区', '2025-11', '销售面积', '', '3']),
    code: 'unknown-unit',
    row: 4,
    column: 'A',
    zh: '未知的单元“金水区”，应为本市的区县/片区名称或代码',
  },
  {
    name: 'blank unit',
    file: 'blank-unit.csv',
    text: longCsv(['', '2025-11', '销售面积', '', '3']),
    code: 'unknown-unit',
    row: 3,
    column: 'A',
    zh: '未知的单元“”',
  },
  {
    name: 'unknown measure',
    file: 'unknown-measure.csv',
    text: longCsv(['甘州区', '2025-11', '房价指数', '', '103.2']),
    code: 'unknown-measure',
    row: 3,
    column: 'C',
    zh: '未知的指标“房价指数”',
    en: 'unknown measure "房价指数"',
  },
  {
    name: 'unknown dimension',
    file: 'unknown-dimension.csv',
    text: longCsv(['甘州区', '2025-11', '销售面积', '别墅', '3']),
    code: 'unknown-dimension',
    row: 3,
    column: 'D',
    zh: '未知的分类“别墅”',
  },
  {
    name: 'dimension not allowed for the measure',
    file: 'dimension-not-allowed.csv',
    text: longCsv(['甘州区', '2025-11', '销售面积', '公租房', '3']),
    code: 'dimension-not-allowed',
    row: 3,
    column: 'D',
    zh: '指标“新建商品房销售面积”不按“公租房”细分',
    en: 'has no breakdown "公租房"',
  },
  ...['2025年13月', '2025Q5', '明年', '25年', '2025-00'].map((period, i): CsvCase => ({
    name: `bad period ${period}`,
    file: `bad-period-${i}.csv`,
    text: longCsv(['肃南县', '2025-11', '销售面积', '', '1'], ['甘州区', period, '销售面积', '', '3']),
    code: 'bad-period',
    row: 4,
    column: 'B',
    zh: `无法识别的期间“${period}”`,
    en: `unrecognised period "${period}"`,
  })),
  {
    name: 'blank period',
    file: 'blank-period.csv',
    text: longCsv(['甘州区', '', '销售面积', '', '3']),
    code: 'bad-period',
    row: 3,
    column: 'B',
    zh: '无法识别的期间“”',
  },
  ...['约100', '1.2.3', '12,34', 'abc', '１２３．５．６', '(123)', '1.2e3'].map((value, i): CsvCase => ({
    name: `non-numeric value ${value}`,
    file: `not-a-number-${i}.csv`,
    text: longCsv(['甘州区', '2025-11', '销售面积', '', value]),
    code: 'not-a-number',
    row: 3,
    column: 'E',
    zh: `“${value}”不是数值`,
    en: `"${value}" is not a number`,
  })),
  {
    name: 'negative area',
    file: 'negative-area.csv',
    text: longCsv(['甘州区', '2025-11', '销售面积', '住宅', '-5']),
    code: 'negative-value',
    row: 3,
    column: 'E',
    zh: '指标“新建商品房销售面积”不能为负数，读到 -5',
    en: 'cannot be negative; got -5',
  },
  {
    name: 'negative price',
    file: 'negative-price.csv',
    text: longCsv(['民乐县', '2025-11', '均价', '住宅', '-8000']),
    code: 'negative-value',
    row: 3,
    column: 'E',
    zh: '指标“新建商品住房均价”不能为负数，读到 -8000',
  },
  {
    name: 'percent above 100',
    file: 'percent-over.csv',
    text: longCsv(['甘州区', '2025', '城镇化率', '', '101.5']),
    code: 'percent-out-of-range',
    row: 3,
    column: 'E',
    zh: '百分比应在 0 到 100 之间，读到 101.5',
    en: 'between 0 and 100; got 101.5',
  },
  {
    name: 'negative percent',
    file: 'percent-negative.csv',
    text: longCsv(['甘州区', '2025', '城镇化率', '', '-0.5']),
    code: 'negative-value',
    row: 3,
    column: 'E',
    zh: '指标“常住人口城镇化率”不能为负数，读到 -0.5',
  },
  {
    name: 'duplicate key: the same row twice',
    file: 'duplicate-row.csv',
    text: longCsv(GOOD_ROW),
    code: 'duplicate-key',
    row: 3,
    column: 'E',
    zh: '同一单元、指标、分类和期间的数值重复出现（首次出现于 E2）',
    en: 'appears again (first at E2)',
  },
  {
    name: 'duplicate key: alias and code of one unit, two spellings of one period',
    file: 'duplicate-alias.csv',
    text: longCsv(
      ['肃南县', '2025年11月', '销售面积', '', '3'],
      ['620721', '2025-11', 'housing.sales-area', '合计', '4'],
    ),
    code: 'duplicate-key',
    row: 4,
    column: 'E',
    zh: '首次出现于 E3',
  },
  {
    name: 'unknown unit of measure in a uom column',
    file: 'unknown-uom.csv',
    text: csvText([
      [...LONG_HEADER, '单位'],
      [...GOOD_ROW, '万㎡'],
      ['肃南县', '2025-12', '销售面积', '', '3', '万斤'],
    ]),
    code: 'unknown-uom',
    row: 3,
    column: 'F',
    zh: '无法识别的计量单位“万斤”',
    en: 'unrecognised unit of measure "万斤"',
  },
  {
    name: 'unit of measure of another dimension in a uom column',
    file: 'uom-column-mismatch.csv',
    text: csvText([
      [...LONG_HEADER, '单位'],
      [...GOOD_ROW, '万㎡'],
      ['肃南县', '2025-12', '销售面积', '', '3', '亿元'],
    ]),
    code: 'uom-mismatch',
    row: 3,
    column: 'F',
    zh: '计量单位“亿元”与指标“新建商品房销售面积”的单位“万平方米”不是同一量纲',
    en: 'unit of measure "100M yuan" cannot be converted',
  },
  {
    name: 'long file without a value column',
    file: 'no-value-column.csv',
    text: csvText([
      ['单元', '期间', '指标'],
      ['甘州区', '2025-12', '销售面积'],
    ]),
    code: 'header-missing-field',
    row: 1,
    zh: '表头中缺少“数值”列',
    en: 'the header has no "value" column',
  },
  {
    name: 'long file without a unit column',
    file: 'no-unit-column.csv',
    text: csvText([
      ['期间', '指标', '数值'],
      ['2025-12', '销售面积', '1'],
    ]),
    code: 'header-missing-field',
    row: 1,
    zh: '表头中缺少“单元”列',
  },
  {
    name: 'long file without a period column',
    file: 'no-period-column.csv',
    text: csvText([
      ['单元', '指标', '数值'],
      ['甘州区', '销售面积', '1'],
    ]),
    code: 'header-missing-field',
    row: 1,
    zh: '表头中缺少“期间”列',
  },
  {
    name: 'mapping names a column the header does not have',
    file: 'mapping-column-missing.csv',
    text: longCsv(),
    mapping: mapping({ layout: 'long', fields: { value: '金额' } }),
    code: 'mapping-column-missing',
    row: 1,
    zh: '映射中的列“金额”在表头中找不到；表头有：A:单元，B:期间，C:指标，D:类型，E:数值',
  },
  {
    name: 'wide mapping names a column letter beyond the header',
    file: 'mapping-letter-missing.csv',
    text: csvText([
      ['区县', '2025年'],
      ['甘州区', '1'],
    ]),
    mapping: mapping({
      layout: 'wide',
      rows: { key: 'unit' },
      columns: [{ column: 'D', measure: 'housing.sales-area', period: '2025' }],
    }),
    code: 'mapping-column-missing',
    row: 1,
    zh: '映射中的列“D”在表头中找不到',
  },
  {
    name: 'ambiguous header: two value columns',
    file: 'ambiguous-long.csv',
    text: csvText([
      ['单元', '期间', '指标', '数值', '数值'],
      ['甘州区', '2025-12', '销售面积', '1', '2'],
    ]),
    code: 'header-duplicate',
    row: 1,
    column: 'E',
    zh: '表头“数值”出现了不止一次',
    en: 'the header "数值" appears more than once',
  },
  {
    name: 'ambiguous header named by a wide mapping',
    file: 'ambiguous-wide.csv',
    text: csvText([
      ['区县', '销售面积', '销售面积'],
      ['甘州区', '1', '2'],
    ]),
    mapping: mapping({
      layout: 'wide',
      rows: { key: 'unit' },
      columns: [{ header: '销售面积', measure: 'housing.sales-area', period: '2025' }],
    }),
    code: 'header-duplicate',
    row: 1,
    zh: '表头“销售面积”出现了不止一次',
  },
  {
    name: 'wide: unknown unit label',
    file: 'wide-unknown-unit.csv',
    text: csvText([
      ['区县', '2024年', '2025年'],
      ['甘州区', '1', '2'],
      ['肃南县', '3', '4'],
      ['火星区', '5', '6'],
    ]),
    mapping: WIDE_UNITS,
    code: 'unknown-unit',
    row: 4,
    column: 'A',
    zh: '未知的单元“火星区”',
  },
  {
    name: 'wide: unlisted unit when the mapping says unlisted = error',
    file: 'wide-unlisted.csv',
    text: csvText([
      ['区县', '2025年'],
      ['甘州区', '1'],
      ['民乐县', '2'],
    ]),
    mapping: mapping({
      layout: 'wide',
      rows: { key: 'unit', labels: [{ label: '甘州区' }], unlisted: 'error' },
      periodsFromHeader: true,
      fixed: { measure: 'housing.sales-area' },
    }),
    code: 'unknown-unit',
    row: 3,
    column: 'A',
    zh: '未知的单元“民乐县”',
  },
  {
    name: 'wide: header unit of measure of another dimension (亿元 for an area)',
    file: 'wide-uom-mismatch.csv',
    text: csvText([
      ['区县', '销售面积（亿元）'],
      ['甘州区', '1'],
      ['肃南县', '2'],
    ]),
    mapping: mapping({
      layout: 'wide',
      rows: { key: 'unit' },
      columns: [{ header: '销售面积（亿元）', measure: 'housing.sales-area', period: '2025' }],
    }),
    code: 'uom-mismatch',
    row: 1,
    column: 'B',
    // one header, two cells read in it: reported once, counted per cell
    count: 2,
    zh: '计量单位“亿元”与指标“新建商品房销售面积”的单位“万平方米”不是同一量纲，无法换算',
  },
  {
    name: 'wide: measure rows with an unknown measure label',
    file: 'wide-unknown-measure.csv',
    text: csvText([
      ['指标', '2025年'],
      ['销售面积（万㎡）', '12.5'],
      ['房价指数（%）', '103'],
    ]),
    mapping: mapping({ layout: 'wide', rows: { key: 'measure' }, periodsFromHeader: true, fixed: { unit: '620702' } }),
    code: 'unknown-measure',
    row: 3,
    column: 'A',
    zh: '未知的指标“房价指数（%）”',
  },
  {
    name: 'wide: total column that is not a number',
    file: 'wide-total-nan.csv',
    text: csvText([
      ['区县', '2024年', '2025年', '合计'],
      ['甘州区', '1', '2', '3'],
      ['肃南县', '3', '4', '七'],
    ]),
    mapping: WIDE_UNITS,
    code: 'not-a-number',
    row: 3,
    column: 'D',
    zh: '“七”不是数值',
  },
  {
    name: 'wide: a value whose column names no period',
    file: 'wide-no-period.csv',
    text: csvText([
      ['区县', '面积'],
      ['甘州区', '1'],
      ['肃南县', '2'],
    ]),
    mapping: mapping({
      layout: 'wide',
      rows: { key: 'unit' },
      columns: [{ header: '面积', measure: 'housing.sales-area' }],
    }),
    code: 'mapping-key-incomplete',
    row: 2,
    column: 'B',
    count: 2,
    zh: '无法确定该数值的期间',
    en: "cannot tell this value's period",
  },
  {
    name: 'header only, no data rows',
    file: 'header-only.csv',
    text: csvText([LONG_HEADER]),
    code: 'file-empty',
    zh: '文件为空，没有可导入的数据',
    en: 'the file is empty',
  },
  {
    name: 'only blank values ("-" and empty cells)',
    file: 'all-blank.csv',
    text: csvText([LONG_HEADER, ['甘州区', '2025-12', '销售面积', '', '-'], ['肃南县', '2025-12', '销售面积', '', '']]),
    code: 'file-empty',
    zh: '文件为空',
  },
  {
    name: 'city not initialised',
    file: 'no-city.csv',
    text: longCsv(),
    mapping: mapping({ layout: 'long', city: '110100' }),
    code: 'city-not-initialised',
    zh: '城市 110100 尚未建立单元',
    en: 'city 110100 has no units yet',
  },
];

describe('malformed CSV files', () => {
  it.each(csvCases)('$name → $code', async (c) => {
    const path = await tmp.write(c.file, c.text);
    const r = await importWith(store, path, c.mapping ?? LONG);
    expectError(r, c);
    await expectStoreUnchanged(r);
  });
});

describe('files that cannot be read', () => {
  it('an empty (0-byte) file', async () => {
    const path = await tmp.write('empty.csv', '');
    const r = await importWith(store, path, LONG);
    expectError(r, { code: 'file-empty', file: 'empty.csv', zh: '文件为空，没有可导入的数据' });
    await expectStoreUnchanged(r);
  });

  it.each(['.xls', '.txt'])('an unsupported extension %s', async (ext) => {
    const path = await tmp.write(`table${ext}`, longCsv());
    const r = await importWith(store, path, LONG);
    expectError(r, {
      code: 'file-type',
      file: `table${ext}`,
      zh: `不支持的文件类型“${ext}”，应为 .csv 或 .xlsx`,
      en: `unsupported file type "${ext}"`,
    });
    await expectStoreUnchanged(r);
  });

  it('a missing file', async () => {
    const r = await importWith(store, tmp.path('no-such-file.csv'), LONG);
    expectError(r, {
      code: 'file-unreadable',
      file: 'no-such-file.csv',
      zh: '无法读取文件：ENOENT',
      en: 'cannot read the file: ENOENT',
    });
    await expectStoreUnchanged(r);
  });

  it('bytes valid in neither UTF-8 nor GB18030 (0xFF)', async () => {
    // 0x80 alone is valid GB18030 (€); 0xFF never is, in either encoding
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(new Uint8Array([0xff]))).toThrow();
    expect(new TextDecoder('gb18030', { fatal: true }).decode(new Uint8Array([0x80]))).toBe('€');
    const bytes = Buffer.concat([Buffer.from(longCsv(), 'utf8'), Buffer.from([0xff, 0x2c, 0x31, 0x0d, 0x0a])]);
    const path = await tmp.write('bad-bytes.csv', bytes);
    const r = await importWith(store, path, LONG);
    expectError(r, {
      code: 'encoding',
      file: 'bad-bytes.csv',
      zh: '文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）',
    });
    await expectStoreUnchanged(r);
  });

  it('random bytes with an .xlsx name', async () => {
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256);
    const path = await tmp.write('corrupt.xlsx', bytes);
    const r = await importWith(store, path, LONG);
    expectError(r, {
      code: 'xlsx-damaged',
      file: 'corrupt.xlsx',
      zh: 'XLSX 文件已损坏或不完整：找不到 ZIP 目录（文件被截断或不是 XLSX）；请在 Excel 中重新保存后再导入',
    });
    await expectStoreUnchanged(r);
  });

  it('a truncated XLSX (a zip header and nothing else)', async () => {
    const path = await tmp.write('truncated.xlsx', Buffer.from('PK\x03\x04 cut short', 'latin1'));
    const r = await importWith(store, path, LONG);
    expectError(r, { code: 'xlsx-damaged', file: 'truncated.xlsx', zh: 'XLSX 文件已损坏或不完整：' });
    await expectStoreUnchanged(r);
  });
});

const XLSX_HEADER = ['单元', '期间', '指标', '数值'];

interface XlsxCase extends Expected {
  readonly name: string;
  readonly sheets: SheetSpec[];
  readonly mapping?: Mapping;
}

const xlsxCases: XlsxCase[] = [
  {
    name: 'formula with an error result (#DIV/0!)',
    file: 'formula-error.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [
          XLSX_HEADER,
          ['甘州区', '2025-12', '销售面积', { formula: '6/2', result: 3 }],
          ['肃南县', '2025-12', '销售面积', { formula: '1/0', result: { error: '#DIV/0!' } }],
        ],
      },
    ],
    code: 'formula-error',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '公式单元格的结果是错误值',
    en: 'the formula cell evaluates to the error',
  },
  {
    name: 'error value typed into a cell (#N/A)',
    file: 'error-value.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [XLSX_HEADER, ['甘州区', '2025-12', '销售面积', 1], ['肃南县', '2025-12', '销售面积', { error: '#N/A' }]],
      },
    ],
    code: 'formula-error',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '公式单元格的结果是错误值 #N/A',
  },
  {
    name: 'formula never calculated (no cached result)',
    file: 'formula-no-result.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [
          XLSX_HEADER,
          ['甘州区', '2025-12', '销售面积', 1],
          ['肃南县', '2025-12', '销售面积', { formula: 'D2*2' }],
        ],
      },
    ],
    code: 'formula-error',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '（无计算结果）',
  },
  {
    name: 'formula whose cached result is negative',
    file: 'formula-negative.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [
          XLSX_HEADER,
          ['甘州区', '2025-12', '销售面积', 7],
          ['肃南县', '2025-12', '销售面积', { formula: 'D2-10', result: -3 }],
        ],
      },
    ],
    code: 'negative-value',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '不能为负数，读到 -3',
  },
  {
    name: 'a date cell and a text period naming the same month',
    file: 'date-duplicate.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [
          XLSX_HEADER,
          ['甘州区', new Date(Date.UTC(2025, 11, 1)), '销售面积', 12.5],
          ['甘州区', '2025年12月', '销售面积', 12.5],
        ],
      },
    ],
    code: 'duplicate-key',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '首次出现于 D2',
  },
  {
    name: 'bad period text in a workbook',
    file: 'xlsx-bad-period.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [XLSX_HEADER, ['甘州区', '2025-12', '销售面积', 1], ['甘州区', '2025Q5', '销售面积', 2]],
      },
    ],
    code: 'bad-period',
    sheet: '数据',
    row: 3,
    column: 'B',
    zh: '无法识别的期间“2025Q5”',
  },
  {
    name: 'text in a number column of a workbook',
    file: 'xlsx-not-a-number.xlsx',
    sheets: [
      {
        name: '数据',
        rows: [XLSX_HEADER, ['甘州区', '2025-12', '销售面积', 1], ['肃南县', '2025-12', '销售面积', '约3万']],
      },
    ],
    code: 'not-a-number',
    sheet: '数据',
    row: 3,
    column: 'D',
    zh: '“约3万”不是数值',
  },
  {
    name: 'merged two-row header, second sheet chosen by name, unknown unit in row 5',
    file: 'merged-unknown-unit.xlsx',
    sheets: [
      { name: '说明', rows: [['本表为测试数据']] },
      {
        name: '县区',
        rows: [
          ['区县', '销售面积（万㎡）', null, '合计'],
          [null, '2024年', '2025年', null],
          ['甘州区', 1, 2, 3],
          ['肃南县', 1, 2, 3],
          ['临泽县', 1, 2, 3],
        ],
        merges: ['A1:A2', 'B1:C1', 'D1:D2'],
      },
    ],
    mapping: mapping({ ...WIDE_UNITS, sheet: '县区', header: { firstRow: 1, rows: 2 } }),
    code: 'unknown-unit',
    sheet: '县区',
    row: 5,
    column: 'A',
    zh: '未知的单元“临泽县”',
  },
  {
    name: 'merged header stating 亿元 over area columns',
    file: 'merged-uom-mismatch.xlsx',
    sheets: [
      {
        name: '县区',
        rows: [
          ['区县', '销售面积（亿元）', null],
          [null, '2024年', '2025年'],
          ['甘州区', 1, 2],
        ],
        merges: ['A1:A2', 'B1:C1'],
      },
    ],
    mapping: mapping({ ...WIDE_UNITS, header: { firstRow: 1, rows: 2 } }),
    code: 'uom-mismatch',
    sheet: '县区',
    row: 1,
    column: 'B',
    count: 2,
    zh: '计量单位“亿元”',
  },
  {
    name: 'sheet name not found',
    file: 'no-sheet.xlsx',
    sheets: [
      { name: '数据', rows: [XLSX_HEADER, ['甘州区', '2025-12', '销售面积', 1]] },
      { name: '说明', rows: [['注：测试']] },
    ],
    mapping: mapping({ layout: 'long', sheet: '2025年' }),
    code: 'sheet-missing',
    zh: '找不到工作表“2025年”，文件中的工作表为：数据、说明',
    en: 'no sheet "2025年"; the workbook has: 数据、说明',
  },
  {
    name: 'sheet number beyond the workbook',
    file: 'no-sheet-3.xlsx',
    sheets: [{ name: '数据', rows: [XLSX_HEADER, ['甘州区', '2025-12', '销售面积', 1]] }],
    mapping: mapping({ layout: 'long', sheet: 3 }),
    code: 'sheet-missing',
    zh: '找不到工作表“3”',
  },
];

describe('malformed XLSX files', () => {
  it.each(xlsxCases)('$name → $code', async (c) => {
    const path = await writeXlsx(tmp.path(c.file), c.sheets);
    const r = await importWith(store, path, c.mapping ?? LONG);
    expectError(r, c);
    await expectStoreUnchanged(r);
  });
});

describe('where the error is and how many there are', () => {
  it('an error in the last row of a 5,000-row file writes nothing', async () => {
    const units = ['甘州区', '肃南县', '民乐县'];
    const measures = ['销售面积', '销售套数', '新开工面积', '竣工面积'];
    const rows: string[][] = [];
    for (let i = 0; i < 4999; i++) {
      const month = Math.floor(i / 12);
      const period = `${1990 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      rows.push([units[i % 3]!, period, measures[Math.floor(i / 3) % 4]!, '', String(i % 97)]);
    }
    rows.push(['甘州区', '2025-12', '竣工面积', '', '12.5万']);
    const path = await tmp.write('last-row.csv', csvText([LONG_HEADER, ...rows]));
    const r = await importWith(store, path, LONG);
    expectError(r, { code: 'not-a-number', file: 'last-row.csv', row: 5001, column: 'E', zh: '“12.5万”不是数值' });
    expect(r.rows).toBe(5001);
    // the 4,999 good rows were read and checked, and then thrown away with the transaction
    expect(r.observations).toBe(4999);
    await expectStoreUnchanged(r);
  });

  it('more than 500 errors: the first 500 are listed and the total is counted', async () => {
    const rows = Array.from({ length: 612 }, (_, i) => ['甘州区', `${1900 + i}`, '销售面积', '', `x${i}`]);
    const path = await tmp.write('many-errors.csv', csvText([LONG_HEADER, ...rows]));
    const r = await importWith(store, path, LONG);
    expect(r.ok).toBe(false);
    expect(r.errorCount).toBe(612);
    expect(r.errors).toHaveLength(501);
    expect(r.errors[0]).toMatchObject({ code: 'not-a-number', row: 2, column: 'E', got: 'x0' });
    expect(r.errors[499]).toMatchObject({ code: 'not-a-number', row: 501, column: 'E', got: 'x499' });
    const last = r.errors[500]!;
    expect(last.code).toBe('too-many-errors');
    expect(last.messageZh).toBe('错误过多，仅列出前 500 条，共 612 条');
    expect(last.messageEn).toBe('too many errors: the first 500 of 612 are listed');
    await expectStoreUnchanged(r);
  });

  it('a dry run of a bad file reports the same located error and writes nothing', async () => {
    const path = await tmp.write('dry-bad.csv', longCsv(['甘州区', '2025-11', '销售面积', '', '—3']));
    const r = await importWith(store, path, LONG, { dryRun: true });
    expectError(r, { code: 'not-a-number', file: 'dry-bad.csv', row: 3, column: 'E', zh: '“—3”不是数值' });
    expect(r.diff).toBeUndefined();
    await expectStoreUnchanged(r);
  });

  it('the file label given by the caller is the file named in the error', async () => {
    const path = await tmp.write('upload-7f3a.csv', longCsv(['甘州区', '2025-11', '销售面积', '', 'abc']));
    const r = await importWith(store, path, LONG, { fileLabel: '2025年12月销售.csv' });
    expectError(r, { code: 'not-a-number', file: '2025年12月销售.csv', row: 3, column: 'E', zh: '“abc”不是数值' });
    await expectStoreUnchanged(r);
  });
});
