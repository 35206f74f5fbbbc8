import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { unitListSchema } from '@anju/core';
import { listRevisions, listUnits, type Store } from '@anju/store';
import { openTestStore } from '../../../store/src/testing/index.js';
import type { Context } from '../context.js';
import { generateCommand, unitsFileFor, type GenerateOptions } from './generate.js';

const NOW = new Date('2025-06-30T08:00:00Z');
const OPTS: GenerateOptions = { units: '3', months: '12', measures: '6', seed: 'replay', city: '990100' };

function testContext(store: Store | undefined, lines: string[]): Context {
  return {
    lang: 'zh',
    json: true,
    user: 'tester',
    now: () => NOW,
    out: (text) => void lines.push(text),
    err: (text) => void lines.push(text),
    withStore: async (fn) => {
      if (store === undefined) throw new Error('no store in this test');
      return fn(store);
    },
    storeLabel: () => 'test',
  };
}

/** count, exact sum and an order-fixed digest of every observation of a city. */
async function fingerprint(store: Store, cityCode: string): Promise<{ n: string; total: string; digest: string }> {
  const result = await sql<{ n: string; total: string; digest: string }>`
    select count(*)::text as n, sum(value)::text as total,
           md5(string_agg(unit_code || '|' || measure_code || '|' || dimension || '|' || period || '|' || value::text || '|' || uom,
                          ',' order by unit_code, measure_code, dimension, period)) as digest
    from observation where city_code = ${cityCode}`.execute(store.db);
  return result.rows[0]!;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

describe('anju generate', () => {
  it('replays: the same seed in two separate stores gives identical data, flagged synthetic', async () => {
    const prints = [];
    for (let i = 0; i < 2; i++) {
      const store = await openTestStore();
      cleanup.push(() => store.close());
      const lines: string[] = [];
      expect(await generateCommand(testContext(store, lines), OPTS)).toBe(0);
      const summary = JSON.parse(lines.join('\n')) as { rows: number; revisionId: string; published: boolean };
      expect(summary.rows).toBe(3 * 12 * 6);
      expect(summary.published).toBe(false);
      const [revision] = await listRevisions(store, '990100');
      expect(revision).toMatchObject({
        revisionId: summary.revisionId,
        kind: 'generate',
        status: 'draft',
        synthetic: true,
        rowCount: 216,
        createdBy: 'tester',
      });
      expect(revision!.mapping).toMatchObject({
        generator: 'generateSyntheticCity',
        seed: 'replay',
        units: 3,
        months: 12,
      });
      const units = await listUnits(store, '990100');
      expect(units.map((u) => u.unitCode)).toEqual(['990100', '990101', '990102', '990103']);
      expect(units[0]!.attributes).toEqual({ synthetic: 'true' });
      prints.push(await fingerprint(store, '990100'));
    }
    expect(prints[0]!.n).toBe('216');
    expect(prints[1]).toEqual(prints[0]);

    const other = await openTestStore();
    cleanup.push(() => other.close());
    await generateCommand(testContext(other, []), { ...OPTS, seed: 'another' });
    const third = await fingerprint(other, '990100');
    expect(third.n).toBe('216');
    expect(third.digest).not.toBe(prints[0]!.digest);
  });

  it('publishes on request, and refuses to write synthetic data into a real city', async () => {
    const store = await openTestStore();
    cleanup.push(() => store.close());
    const lines: string[] = [];
    await generateCommand(testContext(store, lines), {
      ...OPTS,
      units: '2',
      months: '3',
      measures: '2',
      publish: true,
    });
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ rows: 12, published: true });
    const published = await sql<{
      n: string;
    }>`select count(*)::text as n from published_value where city_code = '990100'`.execute(store.db);
    expect(published.rows[0]!.n).toBe('12');

    await store.transaction(async (tx) => {
      await sql`insert into city (city_code, name_zh) values ('620700', '张掖市')`.execute(tx.db);
      await sql`insert into spatial_unit (city_code, unit_code, name_zh, level) values ('620700', '620700', '张掖市', 'city')`.execute(
        tx.db,
      );
    });
    await expect(generateCommand(testContext(store, []), { ...OPTS, city: '620700' })).rejects.toThrow(/真实单元/);
    expect((await listRevisions(store, '620700')).length).toBe(0);
  });

  it('writes a long-layout CSV and its units file with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anju-generate-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const out = join(dir, 'synthetic.csv');
    const lines: string[] = [];
    await generateCommand(testContext(undefined, lines), { ...OPTS, units: '2', months: '2', measures: '3', out });
    const csv = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(csv[0]).toBe('单元,期间,指标,类型,数值');
    expect(csv).toHaveLength(1 + 2 * 2 * 3);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '990101,2021-01,housing.sales-area,',
      '990101,2021-01,housing.sales-units,',
      '990101,2021-01,housing.inventory-area,',
      '990101,2021-02,housing.sales-area,',
      '990101,2021-02,housing.sales-units,',
      '990101,2021-02,housing.inventory-area,',
      '990102,2021-01,housing.sales-area,',
      '990102,2021-01,housing.sales-units,',
      '990102,2021-01,housing.inventory-area,',
      '990102,2021-02,housing.sales-area,',
      '990102,2021-02,housing.sales-units,',
      '990102,2021-02,housing.inventory-area,',
    ]);
    expect(unitsFileFor(out)).toBe(join(dir, 'synthetic.units.json'));
    const units = unitListSchema.parse(JSON.parse(await readFile(unitsFileFor(out), 'utf8')));
    expect(units.map((u) => `${u.code}:${u.level}:${u.parentCode ?? '-'}`)).toEqual([
      '990100:city:-',
      '990101:district:990100',
      '990102:district:990100',
    ]);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ rows: 12, file: out });
  });

  it('rejects sizes that are not positive integers', async () => {
    await expect(generateCommand(testContext(undefined, []), { ...OPTS, units: '0' })).rejects.toThrow(/--units/);
    await expect(generateCommand(testContext(undefined, []), { ...OPTS, measures: '99' })).rejects.toThrow(/1 至 35/);
    await expect(generateCommand(testContext(undefined, []), { ...OPTS, city: '99' })).rejects.toThrow(/六位/);
  });
});
