// Every bundled seed table imports into the store and reads back exactly the values printed in the seed
// (the manifest's hand-typed checks), and the printed-total check finds exactly the seeds' known mismatches.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalEquals, normaliseDecimal, parseMapping } from '@anju/core';
import { importFile, loadCity, readUnitsFile, type ImportResult } from '@anju/intake';
import { loadManifest, samplesDataDir, type SampleManifest } from '@anju/samples';
import { getPublishedValue, type Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';

let store: Store;
let manifest: SampleManifest;
const results = new Map<string, ImportResult>();

beforeAll(async () => {
  store = await openTestStore();
  manifest = await loadManifest();
  for (const city of manifest.cities)
    await loadCity(store, city.code, await readUnitsFile(join(samplesDataDir, city.units)));
  for (const ds of manifest.datasets) {
    const parsed = parseMapping(await readFile(join(samplesDataDir, ds.mapping), 'utf8'), ds.mapping);
    if (!parsed.ok) throw new Error(`${ds.mapping}: ${parsed.errors.map((e) => e.messageEn).join('; ')}`);
    const r = await importFile(store, {
      path: join(samplesDataDir, ds.file),
      fileLabel: ds.file,
      mapping: parsed.mapping,
      createdBy: 'test',
      reason: `seed ${ds.source.seed}`,
      now: new Date('2026-11-22T00:00:00Z'),
      kind: 'demo',
      publish: true,
    });
    results.set(ds.id, r);
  }
}, 300_000);

afterAll(async () => {
  await store?.close();
});

describe('bundled seed tables', () => {
  it('covers the four seed cities and at least ten tables', () => {
    expect(manifest.cities.map((c) => c.code).sort()).toEqual(['330300', '410100', '500000', '620700']);
    expect(manifest.datasets.length).toBeGreaterThanOrEqual(10);
  });

  it('imports every table without an error and publishes it', () => {
    for (const ds of manifest.datasets) {
      const r = results.get(ds.id)!;
      expect({ id: ds.id, errors: r.errors.map((e) => e.messageEn) }).toEqual({ id: ds.id, errors: [] });
      expect(r.published).toBe(true);
      expect(r.observations).toBeGreaterThan(0);
    }
  });

  it('reads back every printed value exactly from the published view', async () => {
    let checked = 0;
    for (const ds of manifest.datasets) {
      for (const c of ds.checks) {
        const got = await getPublishedValue(store, {
          cityCode: ds.city,
          unitCode: c.unit,
          measureCode: c.measure,
          dimension: c.dimension,
          period: c.period,
        });
        const where = `${ds.id} ${c.unit} ${c.measure}/${c.dimension} ${c.period}`;
        expect(got, where).toBeDefined();
        expect(decimalEquals(got!.value, c.value), `${where}: ${got!.value} ≠ ${c.value}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(100);
  });

  it('reports exactly the printed totals that differ from the sum of their parts, with both numbers', () => {
    for (const ds of manifest.datasets) {
      const found = results
        .get(ds.id)!
        .warnings.filter((w) => w.code === 'total-mismatch')
        .map((w) => {
          const [, printed = '', computed = ''] =
            /prints a total of (\S+) but its parts sum to (\S+)/.exec(w.messageEn) ?? [];
          return `${normaliseDecimal(printed)} vs ${normaliseDecimal(computed)}`;
        })
        .sort();
      const expected = ds.expectedTotalMismatches
        .map((m) => `${normaliseDecimal(m.printed)} vs ${normaliseDecimal(m.computed)}`)
        .sort();
      expect({ id: ds.id, found }).toEqual({ id: ds.id, found: expected });
    }
    const plan = manifest.datasets.find((d) => d.file.includes('003-plan-by-county'))!;
    const warning = results.get(plan.id)!.warnings.find((w) => w.code === 'total-mismatch')!;
    expect(warning.messageZh).toContain('16600');
    expect(warning.messageZh).toContain('17610');
    expect(warning.row).toBeGreaterThan(0);
    expect(warning.column).toMatch(/^[A-Z]+$/);
  });
});
