import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProfileChain, seedIds, type EffectivePolicyProfile, type PolicyProfile } from '@anju/core';
import { afterEach, describe, expect, test } from 'vitest';

import {
  bundledProfilesDir,
  InvalidBundledProfileError,
  listBundledProfiles,
  loadProfileCatalogue,
  profileCatalogue,
} from './profiles.js';

const bundled = await listBundledProfiles();
const ids = bundled.map((p) => p.id);
const catalogue = await profileCatalogue();

function parseAll(): readonly PolicyProfile[] {
  return catalogue.list();
}

function effective(id: string) {
  const result = catalogue.resolve(id);
  if (result === undefined) throw new Error(`no profile ${id}`);
  return result;
}

/** Every number and boolean must sit inside an object that carries a `source` with a seed and a section. */
function uncitedLeaves(value: unknown, path: string, cited: boolean): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => uncitedLeaves(item, `${path}[${i}]`, cited));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const source = record.source as { seed?: unknown; section?: unknown; quote?: unknown } | undefined;
    const problems: string[] = [];
    if (source !== undefined) {
      if (!seedIds.includes(source.seed as never)) problems.push(`${path}.source.seed`);
      if (typeof source.section !== 'string' || source.section === '') problems.push(`${path}.source.section`);
      if (source.seed === 'anju' && typeof source.quote !== 'string') problems.push(`${path}.source.quote`);
      if (source.seed !== 'anju' && typeof source.quote !== 'string') problems.push(`${path}.source.quote`);
    }
    const covered = cited || source !== undefined;
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'source') problems.push(...uncitedLeaves(child, path === '' ? key : `${path}.${key}`, covered));
    }
    return problems;
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && !cited) return [path];
  return [];
}

describe('bundled profiles', () => {
  test('the folder holds the national default and the four seed cities', () => {
    expect(bundledProfilesDir.replaceAll('\\', '/')).toMatch(/packages\/samples\/profiles\/$/);
    expect(ids).toEqual(['chongqing', 'national-default', 'wenzhou', 'zhangye', 'zhengzhou']);
    for (const p of bundled) expect(p.file.endsWith(`${p.id}.yaml`)).toBe(true);
  });

  test('each parses, names its file id, and resolves over national-default', () => {
    const profiles = parseAll();
    expect(profiles.map((p) => p.id)).toEqual(ids);
    expect(profiles.map((p) => p.cityCode)).toEqual(['500000', null, '330300', '620700', '410100']);
    for (const p of profiles) {
      const result = effective(p.id);
      const expected =
        p.id === 'national-default' ? 'national-default@1.0.0' : `${p.id}@1.0.0 ← national-default@1.0.0`;
      expect(formatProfileChain(result.chain)).toBe(expected);
    }
  });

  test('every parameter of every bundled and effective profile cites a seed and a section', () => {
    const profiles = parseAll();
    for (const p of profiles) {
      expect(uncitedLeaves(p, '', false)).toEqual([]);
      expect(uncitedLeaves(effective(p.id).profile, '', false)).toEqual([]);
    }
    // The walker does catch an uncited number.
    expect(uncitedLeaves({ forecast: { plotRatio: { value: 2.2 } } }, '', false)).toEqual(['forecast.plotRatio.value']);
  });
});

describe('Zhangye (003)', () => {
  const { profile, origins } = effective('zhangye');

  test('forecast parameters are the seed values and cite 003', () => {
    expect(profile.forecast.householdSizePersons.value).toBe(2.62);
    expect(profile.forecast.householdSizePersons.source).toMatchObject({ seed: '003', section: '第四章第二节（一）' });
    expect(profile.forecast.plotRatio.value).toBe(2.2);
    expect(profile.forecast.plotRatio.source).toMatchObject({ seed: '003', section: '第六章第二节1' });
    expect(profile.forecast.depreciationRatePerYear.value).toBe(0.02);
    expect(profile.forecast.perCapitaAreaTargetSqm.value).toBe(57.08);
    expect(origins['forecast.plotRatio']).toEqual({ id: 'zhangye', version: '1.0.0' });
  });

  test('the destocking window is the inherited 12-month Anju default', () => {
    expect(profile.destocking.windowMonths.value).toBe(12);
    expect(profile.destocking.windowMonths.source.seed).toBe('anju');
    expect(origins['destocking.windowMonths']).toEqual({ id: 'national-default', version: '1.0.0' });
  });

  test('the parameters reproduce 003 第六章第二节 land figures', () => {
    const f = profile.forecast;
    // 199.2 万㎡ commercial ÷ 120 ㎡ = 1.66 万套; ÷ plot ratio 2.2 = 90.55 公顷 (1 公顷 = 1 万㎡)
    expect((199.2 / f.averageUnitAreaSqm.commercial.value).toFixed(2)).toBe('1.66');
    expect((199.2 / f.plotRatio.value).toFixed(2)).toBe('90.55');
    // 2446 affordable-rental units × 70 ㎡ × 50 % on new land ÷ 2.2 = 3.89 公顷
    const rentalHa = ((2446 * f.averageUnitAreaSqm.affordable.value) / 10_000) * f.newLandShare.affordableRental.value;
    expect((rentalHa / f.plotRatio.value).toFixed(2)).toBe('3.89');
    // 1200 public-rental units give 3.82 公顷, not the printed 4.62 — the profile says so in a note.
    const publicHa = ((1200 * f.averageUnitAreaSqm.affordable.value) / 10_000) * f.newLandShare.publicRental.value;
    expect((publicHa / f.plotRatio.value).toFixed(2)).toBe('3.82');
    expect(f.newLandShare.publicRental.note).toContain('4.62');
  });

  test('the land rule is 003 第五章第一节二: <=18 stable, 18–36 strict with the revitalised cap, >36 pause', () => {
    const rule = profile.landSupplyRule;
    expect(rule.kind).toBe('cycle-bands');
    if (rule.kind !== 'cycle-bands') return;
    expect(rule.bands.map((b) => [b.action, b.minMonths ?? null, b.maxMonths ?? null, b.maxInclusive])).toEqual([
      ['stable-or-increase', 0, 18, true],
      ['strict-control', 18, 36, true],
      ['pause', 36, null, false],
    ]);
    expect(rule.bands[1]!.capRule).toBe('revitalised-stock-land');
    expect(profile.destocking.reasonableRangeMonths).toMatchObject({ min: 12, max: 18, maxInclusive: true });
    expect(profile.land.affordableLandShareMin.value).toBe(0.2);
    expect(profile.security.waitingTimeMaxMonths.value).toBe(36);
    expect(profile.priceCaps.newHomePriceGrowthMaxRatePerYear.value).toBe(0.04);
  });
});

describe('Zhengzhou (000, 001)', () => {
  const { profile, origins } = effective('zhengzhou');

  test('the land rule is the inflow × cycle matrix with only the three combinations 000 defines', () => {
    const rule = profile.landSupplyRule;
    expect(rule.kind).toBe('inflow-cycle-matrix');
    if (rule.kind !== 'inflow-cycle-matrix') return;
    expect(rule.cells.map((c) => `${c.population}/${c.cycle}→${c.action}`)).toEqual([
      'inflow/within→keep-stable',
      'inflow/above→supply-by-need-cautiously',
      'outflow/above→stop',
    ]);
    expect(rule.cells.find((c) => c.population === 'outflow' && c.cycle === 'within')).toBeUndefined();
    // 000 gives no months for the reasonable range: 12–18 comes from the default.
    expect(origins['destocking.reasonableRangeMonths']).toEqual({ id: 'national-default', version: '1.0.0' });
  });

  test('001 land rules: self-holding 70 % → 0.7 − 2 × 0.04 = 0.62; 100 % floors at 0.5; breaker 120–130 %', () => {
    const h: EffectivePolicyProfile['land']['industrialSelfHolding'] = profile.land.industrialSelfHolding;
    const coefficient = (share: number) =>
      Math.max(h.floorCoefficient, h.baseCoefficient + ((share - h.baseShare) / h.stepShare) * h.stepCoefficient);
    expect(coefficient(0.7).toFixed(2)).toBe('0.62');
    expect(coefficient(1).toFixed(2)).toBe('0.50');
    expect([profile.land.circuitBreaker.minPct, profile.land.circuitBreaker.maxPct]).toEqual([120, 130]);
    expect(profile.priceCaps.landPriceChangeMaxRatePerYear.value).toBe(0.05);
    expect(profile.land.idleLand).toMatchObject({ feeRate: 0.2, feeAfterYears: 1, reclaimAfterYears: 2 });
    expect(origins['land.circuitBreaker']).toEqual({ id: 'zhengzhou', version: '1.0.0' });
  });
});

describe('Wenzhou (002) and Chongqing (004)', () => {
  test('they inherit the default cycle bands and add only what their seeds state', () => {
    const wenzhou = effective('wenzhou');
    expect(wenzhou.profile.landSupplyRule.kind).toBe('cycle-bands');
    expect(wenzhou.origins['landSupplyRule']).toEqual({ id: 'national-default', version: '1.0.0' });
    expect(wenzhou.profile.security.coverageRateMin?.value).toBe(0.25);
    expect(wenzhou.profile.land.enterpriseSelfBuiltRental).toMatchObject({
      landShareMax: 0.07,
      floorAreaShareMax: 0.25,
    });

    const chongqing = effective('chongqing');
    expect(chongqing.profile.security.affordableRentalShareOfNewSupplyMin?.value).toBe(0.3);
    expect(chongqing.profile.security.affordableRentalUnitAreaMaxSqm?.source.seed).toBe('004');
    expect(chongqing.profile.warningRules.map((r) => r.id)).toEqual([
      'destocking-cycle-outside-range',
      'destocking-cycle-pause-line',
      'new-home-price-growth',
      'residential-land-price-change',
    ]);
  });
});

describe('the profile catalogue', () => {
  const temps: string[] = [];
  afterEach(async () => {
    for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function copyOfBundled(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'anju-profiles-'));
    temps.push(dir);
    await cp(bundledProfilesDir, dir, { recursive: true });
    return dir;
  }

  test('an invalid profile is refused at load with a message naming its file, never dropped', async () => {
    const dir = await copyOfBundled();
    const file = join(dir, 'wenzhou.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^version: .*$/m, 'version: 7'));
    const load = loadProfileCatalogue(dir);
    await expect(load).rejects.toBeInstanceOf(InvalidBundledProfileError);
    await expect(load).rejects.toThrow(file);
    await expect(profileCatalogue(dir)).rejects.toThrow(/wenzhou\.yaml.*version/);
  });

  test('a profile whose parent is missing is refused naming its file', async () => {
    const dir = await copyOfBundled();
    await writeFile(
      join(dir, 'orphan.yaml'),
      (await readFile(join(dir, 'wenzhou.yaml'), 'utf8'))
        .replace(/^id: .*$/m, 'id: orphan')
        .replace(/^extends: .*$/m, 'extends: nowhere'),
    );
    await expect(loadProfileCatalogue(dir)).rejects.toThrow(/orphan\.yaml.*extends/);
  });

  test('loaded once per directory: a second lookup does not read the files again', async () => {
    const dir = await copyOfBundled();
    const first = await profileCatalogue(dir);
    // Were the files read again, the lookup would now fail (no folder) or see the broken profile.
    await writeFile(join(dir, 'zhangye.yaml'), 'id: [unclosed\n');
    await rm(dir, { recursive: true });
    const second = await profileCatalogue(dir);
    expect(second).toBe(first);
    expect(second.resolve('zhangye')?.chain.map((c) => c.id)).toEqual(['zhangye', 'national-default']);
    // Reading without the cache proves the folder really is gone.
    await expect(loadProfileCatalogue(dir)).rejects.toThrow(/ENOENT/);
  });

  test('a city gets its own profile, else the national default; unknown ids are undefined', () => {
    expect(catalogue.forCity('620700').profile.id).toBe('zhangye');
    expect(catalogue.forCity('999999').chain.map((c) => c.id)).toEqual(['national-default']);
    expect(catalogue.get('zhangye')?.extends).toBe('national-default');
    expect(catalogue.get('nowhere')).toBeUndefined();
    expect(catalogue.resolve('nowhere')).toBeUndefined();
  });

  test('a candidate document resolves over the bundled profiles, replacing the one with its id', () => {
    const base = catalogue.get('wenzhou')!;
    const r = catalogue.resolveCandidate({ ...base, version: '9.9.9' });
    expect(r.ok && formatProfileChain(r.chain)).toBe('wenzhou@9.9.9 ← national-default@1.0.0');
  });
});
