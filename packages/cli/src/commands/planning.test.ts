// `anju forecast`, `anju linkage`, `anju plan` in process, on the bundled profiles (zhangye.yaml, zhengzhou.yaml).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

async function file(name: string, data: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(data));
  return path;
}

const zhangyeUnit = {
  unitCode: '620700',
  startYear: 2025,
  endYear: 2030,
  startStockWanSqm: '3511.36',
  populationByYear: { '2030': { kind: 'urban', urbanWan: '65.45' } },
  affordableUnits: { publicRental: '1200', affordableRental: '2446' },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-planning-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju forecast', () => {
  it('run without a file recomputes 003’s chain and lists its inconsistencies', async () => {
    const r = await anju('forecast', 'run', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as {
      endStockWanSqm: { value: string };
      findings: { id: string; printed: string; other: string }[];
    };
    expect(body.endStockWanSqm.value).toBe('3736.08');
    expect(body.findings.find((f) => f.id === 'public-rental-land')).toMatchObject({ printed: '4.62', other: '3.82' });
    const text = await anju('forecast', 'run');
    expect(text.out).toContain('新建住房总建筑面积 = 224.72 万平方米');
    expect(text.out).toContain('dilapidated-3829-3919');
  });

  it('text shows each figure at its unit’s display places; --json keeps the exact value', async () => {
    const text = await anju('forecast', 'run');
    expect(text.out).toContain('住房用地需求合计 = 98.26 公顷');
    expect(text.out).toContain('= 90.55 公顷');
    // No figure in the text carries more decimals than any unit displays (ratios and unknown units: 4).
    expect(text.out.match(/\d+\.\d{5,}/g)).toBeNull();
    const json = await anju('forecast', 'run', '--json');
    expect(json.out).toContain('"98.25500000000000000045"');
    const en = await anju('forecast', 'run', '--lang', 'en');
    expect(en.out).toMatch(/= 98\.26 ha$/m);
  });

  it('run a scenario under the bundled zhangye profile (57.08 ㎡, 2 %, 70/120 ㎡, plot ratio 2.2)', async () => {
    const s = await file('base.json', {
      id: 'base',
      version: '1',
      nameZh: '基准',
      nameEn: 'Base',
      units: [zhangyeUnit],
    });
    const r = await anju('forecast', 'run', s, '--profile', 'zhangye', '--json');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as {
      profile: { id: string; version: string };
      profileChain: { id: string }[];
      units: { perCapita: Record<string, { value: string }>; land: { totalLandHa: { value: string } } }[];
    };
    expect(run.profile).toEqual({ id: 'zhangye', version: '1.0.0' });
    expect(run.profileChain.map((c) => c.id)).toEqual(['zhangye', 'national-default']);
    const pc = run.units[0]!.perCapita;
    // 65.45 × 57.08 = 3735.886; − 3511.36 + 3511.36 × 2 % × 5 (351.136) = 575.662; − 25.522 = 550.14 → ÷ 120 ㎡
    expect(pc.requiredStockWanSqm!.value).toBe('3735.886');
    expect(pc.newFloorAreaWanSqm!.value).toBe('575.662');
    expect(pc.commercialUnits!.value).toBe('45845');
    // 550.14 ÷ 2.2 + 8.4 ÷ 2.2 + 17.122 ÷ 2.2 × 50 % = 257.77318…
    expect(run.units[0]!.land.totalLandHa.value.slice(0, 8)).toBe('257.7731');
  });

  it('compare shows the difference and the sensitivity ranking', async () => {
    const a = await file('a.json', { id: 'a', version: '1', nameZh: '甲', nameEn: 'A', units: [zhangyeUnit] });
    const b = await file('b.json', {
      id: 'b',
      version: '1',
      nameZh: '乙',
      nameEn: 'B',
      parameters: { depreciationRatePerYear: '0' },
      units: [zhangyeUnit],
    });
    const r = await anju('forecast', 'compare', a, b, '--profile', 'zhangye', '--sensitivity', '620700', '--json');
    const body = JSON.parse(r.out) as {
      rows: { metric: string; values: string[]; diffs: string[] }[];
      sensitivity: { key: string }[];
    };
    const row = body.rows.find((x) => x.metric === 'perCapitaNewFloorAreaWanSqm')!;
    expect(row.values).toEqual(['575.662', '224.526']);
    expect(row.diffs).toEqual(['0', '-351.136']);
    expect(body.sensitivity[0]?.key).toBe('perCapitaAreaTargetSqm');
  });

  it('a bad scenario file is refused with the field named', async () => {
    const bad = await file('bad.json', {
      id: 'x',
      version: '1',
      nameZh: 'x',
      nameEn: 'x',
      units: [{ ...zhangyeUnit, startStockWanSqm: '-5' }],
    });
    const r = await anju('forecast', 'run', bad);
    expect(r.code).toBe(1); // bad input data (usage errors are 2)
    expect(r.err).toContain('units.0.startStockWanSqm');
  });
});

describe('anju linkage', () => {
  it('classify under the bundled profiles: 18 / 36 / 36.01 months (zhangye) and undefined cells (zhengzhou)', async () => {
    const zy = await file('zy.json', {
      profileId: 'zhangye',
      items: [
        { unitCode: '620702', period: '2026', cycleMonths: '18' },
        { unitCode: '620702', period: '2027', cycleMonths: '36', revitalisedStockLandHa: '2.5' },
        { unitCode: '620702', period: '2028', cycleMonths: '36.01' },
      ],
    });
    const r = await anju('linkage', 'classify', zy, '--json');
    const body = JSON.parse(r.out) as { results: { action?: string; capHa?: string | null }[] };
    expect(body.results.map((x) => [x.action, x.capHa])).toEqual([
      ['stable-or-increase', null],
      ['strict-control', '2.5'],
      ['pause', '0'],
    ]);
    const zz = await file('zz.json', {
      profileId: 'zhengzhou',
      items: [
        { unitCode: '410102', period: '2026', cycleMonths: '15', netMigrationWan: '-0.4' },
        { unitCode: '410102', period: '2026', cycleMonths: '25', netMigrationWan: '0' },
        { unitCode: '410103', period: '2026', cycleMonths: '25', netMigrationWan: '1.2' },
      ],
    });
    const z = JSON.parse((await anju('linkage', 'classify', zz, '--json')).out) as {
      results: { kind: string; action?: string }[];
    };
    expect(z.results.map((x) => x.action ?? x.kind)).toEqual(['undefined', 'undefined', 'supply-by-need-cautiously']);
  });

  it('solve gives land per year that reaches the range, and says why not otherwise', async () => {
    const req = {
      unitCode: '620702',
      baseYear: 2025,
      targetYear: 2028,
      inventoryWanSqm: '100',
      salesWanSqmByYear: { '2026': '60', '2027': '60', '2028': '60' },
      plotRatio: '2',
      range: { min: 12, max: 18, minInclusive: true, maxInclusive: true },
    };
    const ok = JSON.parse((await anju('linkage', 'solve', await file('s.json', req), '--json')).out) as {
      kind: string;
      landHaByYear: Record<string, string>;
    };
    expect(ok).toMatchObject({ kind: 'solved', landHaByYear: { '2026': '38.75', '2027': '38.75', '2028': '0' } });
    const no = await anju('linkage', 'solve', await file('n.json', { ...req, inventoryWanSqm: '380' }), '--lang', 'en');
    expect(no.code).toBe(1);
    expect(no.out).toContain('even with no new land the cycle in 2028 is 40 months, above 12–18');
  });
});

describe('anju plan', () => {
  it('annual without a file reproduces 003 第六章', async () => {
    const body = JSON.parse((await anju('plan', 'annual', '--json')).out) as {
      years: number[];
      rows: { housingType: string; measure: string; values: string[] }[];
    };
    expect(body.years).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(body.rows[0]).toMatchObject({
      housingType: 'commercial',
      measure: 'units',
      values: ['3400', '3350', '3320', '3280', '3250'],
    });
  });
  it('annual from a file: 16600 front-loaded', async () => {
    const f = await file('p.json', {
      firstYear: 2026,
      years: 5,
      shape: { kind: 'front-loaded' },
      lines: [{ unitCode: '620700', housingType: 'commercial', measure: 'units', total: '16600', places: 0 }],
    });
    const body = JSON.parse((await anju('plan', 'annual', f, '--json')).out) as { rows: { values: string[] }[] };
    expect(body.rows[0]?.values).toEqual(['4150', '3735', '3320', '2905', '2490']);
  });
  it('land without a file checks 003’s land plan against its own 20 % rule: every year fails', async () => {
    const body = JSON.parse((await anju('plan', 'land', '--json')).out) as {
      rows: { year: number; ok: boolean; shortfallHa: string }[];
    };
    expect(body.rows.map((r) => r.ok)).toEqual([false, false, false, false, false]);
    expect(body.rows[0]?.shortfallHa).toBe('2.4375');
  });
  it('export --out writes 003 第六章 as XLSX: 16600 套 and 90.55 + 8.51 = 99.06 ha in the 合计 rows', async () => {
    const out = join(dir, 'plan.xlsx');
    const r = await anju('plan', 'export', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const building = wb.getWorksheet('住房年度建设计划')!;
    expect(building.getCell('A9').value).toBe('合计');
    expect(building.getCell('B9').value).toEqual({ formula: 'SUM(B4:B8)', result: 16600 });
    const land = wb.getWorksheet('土地供应年度计划')!;
    expect(['B9', 'C9', 'D9'].map((a) => (land.getCell(a).value as { result: number }).result)).toEqual([
      90.55, 8.51, 99.06,
    ]);
    expect((await anju('plan', 'export', '--out', join(dir, 'plan.csv'))).code).not.toBe(0);
  });
});

describe('anju linkage idle', () => {
  it('gives each parcel’s idle-land status on the date, and located errors for a bad file', async () => {
    const csv = join(dir, 'parcels.csv');
    await writeFile(
      csv,
      [
        '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期',
        'ZD-1,620702,住宅,2.5,5000,2024-03-10,',
        'ZD-2,620702,住宅,1,800,2023-03-10,',
        'ZD-3,620723,住宅,1,800,2024-03-10,2024-04-01',
        'ZD-4,620723,住宅,1,800,2025-03-11,',
      ].join('\n'),
    );
    const r = await anju('linkage', 'idle', csv, '--as-of', '2025-03-10', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as {
      results: { assessment: { parcelId: string; status: string; idleFeeWanYuan: string; daysOverdue: number } }[];
    };
    // One full year on 2025-03-10: 20 % × 5000 = 1000 万元; two full years: reclaim; started 22 days late; not due.
    expect(body.results.map((x) => [x.assessment.parcelId, x.assessment.status, x.assessment.idleFeeWanYuan])).toEqual([
      ['ZD-1', 'idle-fee', '1000'],
      ['ZD-2', 'reclaim', '0'],
      ['ZD-3', 'started-late', '0'],
      ['ZD-4', 'not-due', '0'],
    ]);
    expect(body.results[2]?.assessment.daysOverdue).toBe(22);
    const text = await anju('linkage', 'idle', csv, '--as-of', '2025-03-10');
    expect(text.out).toContain('满一年未开工：征收土地闲置费');

    const bad = join(dir, 'bad-parcels.csv');
    await writeFile(
      bad,
      [
        '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期',
        'ZD-1,620702,住宅,2.5,5000,2024/2/30,',
      ].join('\n'),
    );
    const failed = await anju('linkage', 'idle', bad, '--as-of', '2025-03-10');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('“约定开工日期”不是有效日期：“2024/2/30”');
    expect(failed.err).toMatch(/bad-parcels\.csv\s*│?\s*2\s*│?\s*F/);
    expect((await anju('linkage', 'idle', csv)).code).not.toBe(0);
  });
});
