// The planning routes in process: forecast, linkage and plans under the bundled profiles, with validation errors.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';

// These routes never touch the store.
const app = createApp({ store: {} as Store, now: () => new Date('2026-06-01T00:00:00Z'), logError: () => undefined });

async function post<T>(url: string, body: unknown, lang = 'zh'): Promise<{ status: number; body: T }> {
  const res = await app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const unit = {
  unitCode: '620700',
  startYear: 2025,
  endYear: 2030,
  startStockWanSqm: '3511.36',
  populationByYear: { '2030': { kind: 'urban', urbanWan: '65.45' } },
  affordableUnits: { publicRental: '1200', affordableRental: '2446' },
};
const scenario = { id: 'base', version: '1', nameZh: '基准', nameEn: 'Base', units: [unit] };

describe('POST /api/forecast/run and /compare', () => {
  it('runs under zhangye and records the profile version', async () => {
    const r = await post<{
      profile: { id: string; version: string };
      units: { perCapita: { newFloorAreaWanSqm: { value: string } } }[];
    }>('/api/forecast/run', { profileId: 'zhangye', scenario });
    expect(r.status).toBe(200);
    expect(r.body.profile).toEqual({ id: 'zhangye', version: '1.0.0' });
    expect(r.body.units[0]?.perCapita.newFloorAreaWanSqm.value).toBe('575.662');
  });
  it('compares with diffs and sensitivity', async () => {
    const r = await post<{
      rows: { metric: string; diffs: string[] }[];
      sensitivity: { key: string; swing: string }[];
    }>('/api/forecast/compare', {
      profileId: 'zhangye',
      scenarios: [scenario, { ...scenario, id: 'low', parameters: { perCapitaAreaTargetSqm: '56' } }],
      sensitivityUnit: '620700',
    });
    expect(r.status).toBe(200);
    // 65.45 × (56 − 57.08) = −70.686
    expect(r.body.rows.find((x) => x.metric === 'perCapitaNewFloorAreaWanSqm')?.diffs).toEqual(['0', '-70.686']);
    expect(r.body.sensitivity[0]?.key).toBe('perCapitaAreaTargetSqm');
  });
  it('refuses a bad body field by field and an unknown profile with 404', async () => {
    const bad = await post<{ errors: { field: string }[] }>('/api/forecast/run', {
      scenario: { ...scenario, units: [{ ...unit, startStockWanSqm: 'many' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('scenario.units.0.startStockWanSqm');
    expect((await post('/api/forecast/run', { profileId: 'atlantis', scenario })).status).toBe(404);
  });
  it('gives 003’s chain with its inconsistencies', async () => {
    const res = await app.request('/api/forecast/reference/zhangye-003');
    const body = (await res.json()) as { findings: { id: string; printed: string; other: string }[] };
    expect(body.findings.find((f) => f.id === 'affordable-units-3464')).toMatchObject({
      printed: '3464',
      other: '3646',
    });
  });
});

describe('POST /api/linkage/*', () => {
  it('classifies at 36 and 36.01 months under zhangye', async () => {
    const r = await post<{ results: { action: string; capHa: string | null }[] }>('/api/linkage/classify', {
      profileId: 'zhangye',
      items: [
        { unitCode: '620702', period: '2026', cycleMonths: '36', revitalisedStockLandHa: '1.2' },
        { unitCode: '620702', period: '2026', cycleMonths: '36.01' },
      ],
    });
    expect(r.body.results.map((x) => [x.action, x.capHa])).toEqual([
      ['strict-control', '1.2'],
      ['pause', '0'],
    ]);
  });
  it('solves a target', async () => {
    const r = await post<{ kind: string; landHaByYear: Record<string, string> }>('/api/linkage/solve', {
      unitCode: 'A',
      baseYear: 2025,
      targetYear: 2028,
      inventoryWanSqm: '100',
      salesWanSqmByYear: { '2026': '60', '2027': '60', '2028': '60' },
      plotRatio: '2',
      range: { min: 12, max: 18, minInclusive: true, maxInclusive: true },
    });
    expect(r.body).toMatchObject({ kind: 'solved', landHaByYear: { '2026': '38.75', '2027': '38.75' } });
  });
});

describe('plans', () => {
  it('decomposes 90.55 ha by 003’s yearly commercial floor area into its printed land plan', async () => {
    const r = await post<{ rows: { values: string[] }[] }>('/api/plan/annual', {
      firstYear: 2026,
      years: 5,
      shape: { kind: 'weights', weights: ['40.8', '40.2', '39.84', '39.36', '39'] },
      lines: [{ unitCode: '620700', housingType: 'commercial', measure: 'land-ha', total: '90.55', places: 2 }],
    });
    expect(r.body.rows[0]?.values).toEqual(['18.55', '18.27', '18.11', '17.89', '17.73']);
  });
  it('a total finer than the plan unit is a 400 in the asked language', async () => {
    const r = await post<{ detail: string }>(
      '/api/plan/annual',
      {
        firstYear: 2026,
        years: 2,
        shape: { kind: 'even' },
        lines: [{ unitCode: 'x', housingType: 'c', measure: 'units', total: '1.5', places: 0 }],
      },
      'en',
    );
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('total 1.5 has more than 0 decimal places');
  });
  it('quarters of a land plan and the 003 reference with the 20 % check', async () => {
    const q = await post<{ parts: { landHa: string }[] }>('/api/plan/land', {
      totalHa: '18.55',
      reasonableMaxMonths: '18',
      periods: [
        { period: '2026Q1', cycleMonths: '12', priceChangeRatio: '0' },
        { period: '2026Q2', cycleMonths: '18', priceChangeRatio: '0.02' },
        { period: '2026Q3', cycleMonths: '24', priceChangeRatio: '0' },
        { period: '2026Q4', cycleMonths: '36', priceChangeRatio: '-0.02' },
      ],
    });
    expect(q.body.parts.map((p) => p.landHa)).toEqual(['7.4', '5.03', '3.7', '2.42']);
    const ref = (await (await app.request('/api/plan/reference/zhangye')).json()) as {
      affordableLandChecks: { ok: boolean }[];
    };
    expect(ref.affordableLandChecks.map((x) => x.ok)).toEqual([false, false, false, false, false]);
  });
});

describe('GET /api/plan/reference/zhangye.xlsx', () => {
  it('downloads 003 第六章 as XLSX with 合计 rows (16600 套; 90.55 + 8.51 = 99.06 ha)', async () => {
    const res = await app.request('/api/plan/reference/zhangye.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const building = wb.getWorksheet('住房年度建设计划')!;
    expect([4, 5, 6, 7, 8].map((r) => building.getCell(r, 2).value)).toEqual([3400, 3350, 3320, 3280, 3250]);
    expect(building.getCell('B9').value).toEqual({ formula: 'SUM(B4:B8)', result: 16600 });
    const land = wb.getWorksheet('土地供应年度计划')!;
    expect((land.getCell('D9').value as { result: number }).result).toBe(99.06);
    const en = await app.request('/api/plan/reference/zhangye.xlsx', { headers: { 'accept-language': 'en' } });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(await en.arrayBuffer());
    expect(wbEn.worksheets.map((w) => w.name)).toEqual(['Annual building plan', 'Annual land plan']);
  });
});
