import { describe, expect, it } from 'vitest';
import { buildUnitTree, type SpatialUnit, type UnitTree } from '../unit/spatial-unit.js';
import { mappingSchema, type MappingInput } from './mapping.js';
import type { RawCell } from './raw.js';
import { SheetInterpreter, type IntakeObservation } from './sheet-interpreter.js';

function unit(code: string, nameZh: string, parentCode: string | null, aliases: string[] = []): SpatialUnit {
  return {
    code,
    nameZh,
    level: parentCode === null ? 'city' : 'district',
    parentCode,
    aliases,
    attributes: {},
    sortOrder: 0,
  };
}

const built = buildUnitTree([
  unit('620700', '张掖市', null),
  unit('620702', '甘州区', '620700'),
  unit('620721', '肃南裕固族自治县', '620700', ['肃南县']),
  unit('620722', '民乐县', '620700'),
]);
if (!built.ok) throw new Error('fixture units do not build');
const units: UnitTree = built.tree;

/** Feeds rows (row 1 first) through an interpreter and returns what it found. */
function read(
  input: Omit<MappingInput, 'version' | 'city'>,
  rows: RawCell[][],
  opts: { sheet?: string; maxIssues?: number } = {},
) {
  const mapping = mappingSchema.parse({ version: 1, city: '620700', ...input });
  const it = new SheetInterpreter({ file: 't.xlsx', mapping, units, ...opts });
  const obs: IntakeObservation[] = [];
  rows.forEach((cells, i) => obs.push(...it.push({ rowNumber: i + 1, cells })));
  it.finish();
  return {
    it,
    values: obs.map(
      (o) =>
        `${o.unitCode} ${o.measureCode} ${o.dimension || '-'} ${o.period.code} = ${o.value} ${o.uom} @${o.sourceRef}`,
    ),
    errors: it.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.row, i.column, i.messageZh]),
    warnings: it.issues.filter((i) => i.severity === 'warning').map((i) => [i.code, i.row, i.column, i.messageZh]),
  };
}

describe('long layout', () => {
  it('detects the role of each column from common header names', () => {
    const r = read({ layout: 'long' }, [
      ['备注', '县区', '年份', '指标名称', '物业类型', '数值', '计量单位'],
      ['', '甘州区', '2025年', '销售面积', '住宅', '12.5', '万㎡'],
      ['', '肃南县', '2025年', '商品房销售面积', '', '31,000', '㎡'],
    ]);
    expect(r.it.detection?.columns.map((c) => `${c.column}:${c.header}:${c.role}`)).toEqual([
      'B:县区:unit',
      'C:年份:period',
      'D:指标名称:measure',
      'E:物业类型:dimension',
      'F:数值:value',
      'G:计量单位:uom',
    ]);
    expect(r.it.detection?.ignoredColumns).toEqual(['备注']);
    expect(r.values).toEqual([
      '620702 housing.sales-area residential 2025 = 12.5 wan-sqm @t.xlsx!F2',
      '620721 housing.sales-area - 2025 = 3.1 wan-sqm @t.xlsx!F3',
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('warns on a number with a leading dot (".35": digits lost in publication), the auditor\'s rule', () => {
    const r = read({ layout: 'long' }, [
      ['县区', '年份', '指标名称', '数值', '计量单位'],
      ['甘州区', '2025年', '销售面积', '.35', '万㎡'],
      ['肃南县', '2025年', '销售面积', '0.35', '万㎡'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      ['number-garbled', 2, 'D', '“.35”小数点前没有数字，疑为发布时数字残缺；已按 0.35 导入，请查原件'],
    ]);
  });

  it('takes the unit, measure or period from `fixed` when the sheet has no such column', () => {
    const r = read({ layout: 'long', fixed: { measure: 'housing.inventory-area', period: '2025-12' } }, [
      ['单元', '数值'],
      ['甘州区', '200.87'],
      ['民乐县', '78.63'],
    ]);
    expect(r.values).toEqual([
      '620702 housing.inventory-area - 2025-12 = 200.87 wan-sqm @t.xlsx!B2',
      '620722 housing.inventory-area - 2025-12 = 78.63 wan-sqm @t.xlsx!B3',
    ]);
    // no unit of measure anywhere: the measure's own is assumed, and said once for the column
    expect(r.warnings).toEqual([['uom-assumed', 2, 'B', '未标明计量单位，按指标默认单位“万平方米”读取']]);
  });

  it('names the sheet in every issue and in every source reference', () => {
    const r = read(
      { layout: 'long' },
      [
        ['单元', '期间', '指标', '数值'],
        ['甘州区', '2025-12', '销售面积', 'x'],
        ['甘州区', '2025-11', '销售面积', '1'],
      ],
      {
        sheet: '县区',
      },
    );
    expect(r.it.issues[0]).toMatchObject({
      file: 't.xlsx',
      sheet: '县区',
      row: 2,
      column: 'D',
      header: '数值',
      code: 'not-a-number',
    });
    expect(r.values).toEqual(['620702 housing.sales-area - 2025-11 = 1 wan-sqm @t.xlsx!县区!D3']);
  });
});

describe('wide layout: units × periods with a 合计 row and a 合计 column', () => {
  const mapping = {
    layout: 'wide' as const,
    rows: { key: 'unit' as const },
    periodsFromHeader: true,
    fixed: { measure: 'housing.sales-area', uom: '万㎡' },
  };

  it('imports the printed totals and warns where they do not add up, with the exact numbers', () => {
    const r = read(mapping, [
      ['县区', '2021年', '2022年', '2023年', '合计'],
      ['甘州区', '10.25', '11.5', '12', '33.75'],
      ['肃南县', '1.1', '1.2', '1.3', '3.9'],
      ['民乐县', '4', '-', '5', '9'],
      ['合计', '15.35', '12.7', '18.3', '46.65'],
    ]);
    expect(r.errors).toEqual([]);
    // 肃南县 1.1 + 1.2 + 1.3 = 3.6 ± 0.15, printed 3.9 ± 0.05; column 2021: 10.25 + 1.1 + 4 = 15.35 ✓; 2022:
    // 11.5 + 1.2 = 12.7 ✓; 2023: 12 + 1.3 + 5 = 18.3 ✓; 合计 row across: 15.35 + 12.7 + 18.3 = 46.35 ± 0.105,
    // printed 46.65; down: 33.75 + 3.9 + 9 = 46.65 ✓
    expect(r.warnings).toEqual([
      ['total-mismatch', 3, 'E', '“肃南县”印的合计为 3.9，但各分项之和为 3.6（差 0.3）；已按原值导入，请核对'],
      ['total-mismatch', 5, 'E', '“合计”印的合计为 46.65，但各分项之和为 46.35（差 0.3）；已按原值导入，请核对'],
    ]);
    expect(r.it.detection?.totalRows).toEqual([5]);
    expect(r.it.detection?.totalColumns).toEqual(['E']);
    expect(r.values).toContain('620721 housing.sales-area - 2021-2023 = 3.9 wan-sqm @t.xlsx!E3');
    expect(r.values).toContain('620700 housing.sales-area - 2023 = 18.3 wan-sqm @t.xlsx!D5');
    // 民乐县 2022 is "-": no value; its total spans the years it has
    expect(r.values.filter((v) => v.startsWith('620722'))).toEqual([
      '620722 housing.sales-area - 2021 = 4 wan-sqm @t.xlsx!B4',
      '620722 housing.sales-area - 2023 = 5 wan-sqm @t.xlsx!D4',
      '620722 housing.sales-area - 2021-2023 = 9 wan-sqm @t.xlsx!E4',
    ]);
    expect(r.values).toHaveLength(15);
  });

  it('a total far from its parts’ magnitude (lost digits or decimal point) warns number-garbled, not a plain mismatch', () => {
    const r = read(mapping, [
      ['县区', '2021年', '2022年', '2023年', '合计'],
      ['甘州区', '40', '40', '40', '1.2'],
      ['肃南县', '1', '2', '3', '9'],
      ['合计', '41', '42', '43', '10.2'],
    ]);
    // 甘州区 prints 1.2 for 120 (×100 apart: garbled); 肃南县 9 for 6 ± 1.5 is an ordinary mismatch (near miss); the
    // 合计 row prints 10.2 for 126 (garbled), its column 1.2 + 9 = 10.2 ✓
    expect(r.warnings).toEqual([
      [
        'number-garbled',
        2,
        'E',
        '“甘州区”印的合计为 1.2，各分项之和为 120，数量级不符，疑为发布时数字残缺（丢失数位或小数点）；已按原值导入，请查原件',
      ],
      ['total-mismatch', 3, 'E', '“肃南县”印的合计为 9，但各分项之和为 6（差 3）；已按原值导入，请核对'],
      [
        'number-garbled',
        4,
        'E',
        '“合计”印的合计为 10.2，各分项之和为 126，数量级不符，疑为发布时数字残缺（丢失数位或小数点）；已按原值导入，请查原件',
      ],
    ]);
  });

  it('reads "2021年（万㎡）" as the year 2021 and "3年合计（万㎡）" as the total (the auditor\'s header reader)', () => {
    const r = read(mapping, [
      ['县区', '2021年（万㎡）', '2022年度（万㎡）', '3年合计（万㎡）'],
      ['甘州区', '10.25', '11.5', '21.75'],
      ['合计', '10.25', '11.5', '21.75'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.it.detection?.totalColumns).toEqual(['D']);
    expect(r.values).toContain('620702 housing.sales-area - 2022 = 11.5 wan-sqm @t.xlsx!C2');
    expect(r.values).toContain('620702 housing.sales-area - 2021-2022 = 21.75 wan-sqm @t.xlsx!D2');
  });

  it("reports a total only beyond the printed precision (the auditor's rule), plus toleranceUlps", () => {
    const rows: RawCell[][] = [
      ['县区', '2024年', '2025年', '合计'],
      ['甘州区', '1.04', '2.04', '3.1'],
      ['肃南县', '1.06', '2.06', '3.3'],
    ];
    // sums 3.08 ± 0.01 and 3.12 ± 0.01 against 3.1 ± 0.05 (within precision) and 3.3 ± 0.05 (0.18 apart)
    expect(read({ ...mapping, totals: { toleranceUlps: 0 } }, rows).warnings.map((w) => w[3])).toEqual([
      '“肃南县”印的合计为 3.3，但各分项之和为 3.12（差 0.18）；已按原值导入，请核对',
    ]);
    expect(read({ ...mapping, totals: { toleranceUlps: 1 } }, rows).warnings.map((w) => [w[1], w[2]])).toEqual([
      [3, 'D'],
    ]);
    expect(read({ ...mapping, totals: { toleranceUlps: 2 } }, rows).warnings).toEqual([]);
  });

  it('a count in 套 must add up exactly (113 against 112 is a mismatch); a rounded ±1 in 万㎡ is not', () => {
    const units = { ...mapping, fixed: { measure: 'housing.presale-units' } };
    const counts = read(units, [
      ['县区', '2024年（套）', '2025年（套）', '合计（套）'],
      ['甘州区', '50', '62', '113'],
    ]);
    expect(counts.warnings.map((w) => w[3])).toEqual([
      '“甘州区”印的合计为 113，但各分项之和为 112（差 1）；已按原值导入，请核对',
    ]);
    const area = read(mapping, [
      ['县区', '2024年', '2025年', '合计'],
      ['甘州区', '50', '62', '113'],
    ]);
    expect(area.warnings).toEqual([]);
  });

  it('does not sum a stock measure across periods', () => {
    const r = read({ ...mapping, fixed: { measure: 'housing.inventory-area', uom: '万㎡' } }, [
      ['县区', '2024年', '2025年', '合计'],
      ['甘州区', '200', '210', '410'],
    ]);
    expect(r.values).toHaveLength(2);
    expect(r.warnings).toEqual([
      ['total-ignored', 2, 'D', '“甘州区”是存量或价格类指标，跨期合计没有意义，未导入该合计值 410'],
    ]);
  });

  it('stops at a trailing note (注：) and reads nothing after it', () => {
    const r = read(mapping, [
      ['县区', '2025年'],
      ['甘州区', '1'],
      ['注：2025年为快报数。', ''],
      ['火星区', 'abc'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual(['620702 housing.sales-area - 2025 = 1 wan-sqm @t.xlsx!B2']);
    expect(r.warnings).toEqual([['note-ignored', 3, 'A', '表后注释未导入：注：2025年为快报数。']]);
  });

  it('stops at the text the mapping names (stopAt)', () => {
    const r = read({ ...mapping, stopAt: '资料：' }, [
      ['县区', '2025年'],
      ['甘州区', '1'],
      ['资料：市统计局', ''],
      ['肃南县', '2'],
    ]);
    expect(r.values).toHaveLength(1);
    expect(r.warnings.map((w) => w[0])).toEqual(['note-ignored']);
  });
});

describe('wide layout: measures down the side', () => {
  const header: RawCell[] = ['指标', '2025年'];

  it('tells the two 其中：住宅 rows apart by row number', () => {
    const r = read(
      {
        layout: 'wide',
        rows: {
          key: 'measure',
          labels: [
            { row: 3, measure: 'housing.sales-area', dimension: 'residential', uom: '万㎡' },
            { row: 5, measure: 'housing.sales-units', dimension: 'residential', uom: '套' },
          ],
        },
        periodsFromHeader: true,
        fixed: { unit: '620702' },
      },
      [
        header,
        ['商品房销售面积（万㎡）', '100.5'],
        ['其中：住宅', '80.25'],
        ['销售套数（套）', '1000'],
        ['其中：住宅', '700'],
      ],
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.values).toEqual([
      '620702 housing.sales-area - 2025 = 100.5 wan-sqm @t.xlsx!B2',
      '620702 housing.sales-area residential 2025 = 80.25 wan-sqm @t.xlsx!B3',
      '620702 housing.sales-units - 2025 = 1000 dwelling @t.xlsx!B4',
      '620702 housing.sales-units residential 2025 = 700 dwelling @t.xlsx!B5',
    ]);
  });

  it('tells them apart by order when the label is listed twice', () => {
    const r = read(
      {
        layout: 'wide',
        rows: {
          key: 'measure',
          labels: [
            { label: '其中：住宅', measure: 'housing.sales-area', dimension: 'residential', uom: '万㎡' },
            { label: '其中：住宅', measure: 'housing.sales-units', dimension: 'residential', uom: '套' },
          ],
        },
        periodsFromHeader: true,
        fixed: { unit: '620702' },
      },
      [
        header,
        ['商品房销售面积（万㎡）', '100.5'],
        ['其中：住宅', '80.25'],
        ['销售套数（套）', '1000'],
        ['其中：住宅', '700'],
      ],
    );
    expect(r.values.filter((v) => v.includes('residential'))).toEqual([
      '620702 housing.sales-area residential 2025 = 80.25 wan-sqm @t.xlsx!B3',
      '620702 housing.sales-units residential 2025 = 700 dwelling @t.xlsx!B5',
    ]);
  });

  it('reads the unit of measure in a row label and converts exactly', () => {
    const r = read({ layout: 'wide', rows: { key: 'measure' }, periodsFromHeader: true, fixed: { unit: '620702' } }, [
      header,
      ['商品房销售面积（㎡）', '123456.78'],
      ['住宅用地供应（亩）', '3'],
      ['销售额（万元）', '12345'],
    ]);
    expect(r.values).toEqual([
      '620702 housing.sales-area - 2025 = 12.345678 wan-sqm @t.xlsx!B2',
      '620702 land.residential-supplied - 2025 = 0.2 ha @t.xlsx!B3',
      '620702 housing.sales-amount - 2025 = 1.2345 yi-yuan @t.xlsx!B4',
    ]);
  });
});

describe('units of measure from the header', () => {
  it('reads 万㎡ and ㎡ columns of one measure into the same unit', () => {
    const r = read(
      {
        layout: 'wide',
        rows: { key: 'unit' },
        columns: [
          { header: '2024年销售面积（万㎡）', measure: 'housing.sales-area', period: '2024' },
          { header: '2025年销售面积（平方米）', measure: 'housing.sales-area', period: '2025' },
        ],
      },
      [
        ['县区', '2024年销售面积（万㎡）', '2025年销售面积（平方米）'],
        ['甘州区', '1.5', '15,000'],
        ['肃南县', '0.0001', '1'],
      ],
    );
    expect(r.values.map((v) => v.split(' @')[0])).toEqual([
      '620702 housing.sales-area - 2024 = 1.5 wan-sqm',
      '620702 housing.sales-area - 2025 = 1.5 wan-sqm',
      '620721 housing.sales-area - 2024 = 0.0001 wan-sqm',
      '620721 housing.sales-area - 2025 = 0.0001 wan-sqm',
    ]);
    expect(r.it.detection?.columns.map((c) => c.uom)).toEqual([undefined, 'wan-sqm', 'sqm']);
  });

  it('refuses a header unit of another dimension once, at the header cell', () => {
    const r = read(
      {
        layout: 'wide',
        rows: { key: 'unit' },
        columns: [{ header: '面积（亿元）', measure: 'housing.sales-area', period: '2025' }],
      },
      [
        ['县区', '面积（亿元）'],
        ['甘州区', '1'],
        ['肃南县', '2'],
        ['民乐县', '3'],
      ],
    );
    expect(r.errors).toEqual([
      ['uom-mismatch', 1, 'B', '计量单位“亿元”与指标“新建商品房销售面积”的单位“万平方米”不是同一量纲，无法换算'],
    ]);
    expect(r.it.errorCount).toBe(3);
    expect(r.values).toEqual([]);
  });
});

describe('errors', () => {
  it('reports an unknown unit, a unit of another city and a formula error where they are', () => {
    const r = read({ layout: 'long' }, [
      ['单元', '期间', '指标', '数值'],
      ['火星区', '2025-12', '销售面积', '1'],
      ['410105', '2025-12', '销售面积', '1'],
      ['甘州区', '2025-12', '销售面积', { error: '#DIV/0!' }],
    ]);
    expect(r.errors).toEqual([
      ['unknown-unit', 2, 'A', '未知的单元“火星区”，应为本市的区县/片区名称或代码'],
      ['unit-other-city', 3, 'A', '单元“410105”不属于城市 620700'],
      ['formula-error', 4, 'D', '公式单元格的结果是错误值 #DIV/0!，请在表格中修正后再导入'],
    ]);
  });

  it('lists at most maxIssues and counts the rest', () => {
    const rows: RawCell[][] = [['单元', '期间', '指标', '数值']];
    for (let i = 0; i < 7; i++) rows.push(['甘州区', `${2001 + i}`, '销售面积', '?']);
    const r = read({ layout: 'long' }, rows, { maxIssues: 3 });
    expect(r.it.errorCount).toBe(7);
    expect(r.errors.map((e) => [e[0], e[1]])).toEqual([
      ['not-a-number', 2],
      ['not-a-number', 3],
      ['not-a-number', 4],
      ['too-many-errors', undefined],
    ]);
    expect(r.errors[3]![3]).toBe('错误过多，仅列出前 3 条，共 7 条');
  });

  it('reports a sheet without data rows as empty', () => {
    expect(read({ layout: 'long' }, [['单元', '期间', '指标', '数值']]).errors).toEqual([
      ['file-empty', undefined, undefined, '文件为空，没有可导入的数据'],
    ]);
    expect(read({ layout: 'long', header: { firstRow: 3, rows: 1 } }, [['标题']]).errors).toEqual([
      ['file-empty', 3, undefined, '文件为空，没有可导入的数据'],
    ]);
  });
});
