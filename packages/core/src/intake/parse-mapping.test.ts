import { describe, expect, it } from 'vitest';
import { parseMapping } from './parse-mapping.js';

const HEAD = 'version: 1\ncity: "620700"\n';

/** The located errors as [line, column, message]. */
function located(text: string): [number | undefined, string | undefined, string][] {
  const r = parseMapping(text, 'zhangye.mapping.yaml');
  if (r.ok) throw new Error('expected errors');
  for (const e of r.errors) {
    expect(e.code).toBe('mapping-invalid');
    expect(e.file).toBe('zhangye.mapping.yaml');
  }
  return r.errors.map((e) => [e.row, e.column, e.messageZh]);
}

describe('parseMapping', () => {
  it('reads a long mapping and fills in the defaults', () => {
    const r = parseMapping(`${HEAD}layout: long\n`, 'm.yaml');
    expect(r).toEqual({
      ok: true,
      mapping: {
        version: 1,
        city: '620700',
        layout: 'long',
        header: { firstRow: 1, rows: 1 },
        columns: [],
        periodsFromHeader: false,
        totals: { rows: ['合计', '全市', '总计'], columns: ['合计', '总计'], toleranceUlps: 0 },
        fixed: {},
      },
    });
  });

  it('reads JSON as well as YAML', () => {
    const r = parseMapping('{"version": 1, "city": "620700", "layout": "wide", "rows": {"key": "measure"}}', 'm.json');
    expect(r.ok && r.mapping.rows).toEqual({ key: 'measure', column: 'A', labels: [], unlisted: 'resolve' });
  });

  it('reads a wide mapping with row labels by row number and columns by header path', () => {
    const text = `${HEAD}layout: wide
header: { firstRow: 2, rows: 2 }
rows:
  key: measure
  labels:
    - { row: 5, measure: housing.sales-area, dimension: residential, uom: 万㎡ }
    - { label: 其中：住宅, measure: housing.sales-units, dimension: residential }
columns:
  - { header: 2025年/全年, period: '2025' }
  - { column: D, total: true }
totals: { toleranceUlps: 1 }
`;
    const r = parseMapping(text, 'm.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.mapping.header).toEqual({ firstRow: 2, rows: 2 });
    expect(r.mapping.rows?.labels).toEqual([
      { row: 5, measure: 'housing.sales-area', dimension: 'residential', uom: '万㎡' },
      { label: '其中：住宅', measure: 'housing.sales-units', dimension: 'residential' },
    ]);
    expect(r.mapping.columns).toEqual([
      { header: '2025年/全年', period: '2025' },
      { column: 'D', total: true },
    ]);
    expect(r.mapping.totals).toEqual({ rows: ['合计', '全市', '总计'], columns: ['合计', '总计'], toleranceUlps: 1 });
  });

  it('locates a value of the wrong kind at the value (line 3, column 9)', () => {
    expect(located(`${HEAD}layout: diagonal\n`)).toEqual([
      [3, '9', '映射文件有误：layout: Invalid option: expected one of "long"|"wide"'],
    ]);
  });

  it('locates a city code written as a number', () => {
    expect(located('version: 1\ncity: 620700\nlayout: long\n')).toEqual([
      [2, '7', '映射文件有误：city: Invalid input: expected string, received number'],
    ]);
  });

  it('locates each bad field of a flow mapping at its own value', () => {
    expect(located(`${HEAD}layout: long\nheader: { firstRow: 0, rows: 9 }\n`)).toEqual([
      [4, '21', '映射文件有误：header.firstRow: Too small: expected number to be >0'],
      [4, '30', '映射文件有误：header.rows: Too big: expected number to be <=5'],
    ]);
  });

  it('locates an item of a list (columns.1.column) at line 8', () => {
    const text = `${HEAD}layout: wide
rows:
  key: unit
columns:
  - { header: 面积, measure: housing.sales-area }
  - { column: a1, measure: housing.sales-area }
`;
    expect(located(text)).toEqual([
      [8, '15', '映射文件有误：columns.1.column: Invalid string: must match pattern /^[A-Z]{1,3}$/'],
    ]);
  });

  it('locates a misspelt key at the key itself', () => {
    expect(located(`${HEAD}layout: long\nfeilds: { value: 数值 }\n`)).toEqual([
      [4, '1', '映射文件有误：Unrecognized key: "feilds"'],
    ]);
    expect(located(`${HEAD}layout: wide\nrows:\n  key: unit\n  lables: []\n`)).toEqual([
      [6, '3', '映射文件有误：rows: Unrecognized key: "lables"'],
    ]);
  });

  it('reports a wide mapping without rows at the top of the file', () => {
    expect(located(`${HEAD}layout: wide\n`)).toEqual([[1, '1', '映射文件有误：rows: wide layout needs rows']]);
  });

  it('reports YAML syntax errors with their line and column', () => {
    expect(located(`${HEAD}layout: long\n  bad: indent\n`)).toEqual([
      [3, '9', '映射文件有误：Nested mappings are not allowed in compact mappings'],
      [3, '9', '映射文件有误：Implicit keys need to be on a single line'],
    ]);
    expect(located(`${HEAD}layout: long\nsheet: [1, 2\n`)).toEqual([
      [5, '1', '映射文件有误：Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ]);
  });

  it('gives the English text too', () => {
    const r = parseMapping(`${HEAD}layout: diagonal\n`, 'm.yaml');
    expect(!r.ok && r.errors[0]?.messageEn).toBe(
      'invalid mapping: layout: Invalid option: expected one of "long"|"wide"',
    );
  });
});
