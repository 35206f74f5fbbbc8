import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { getValueHistory, writeObservations, type ObservationRow } from './observations.js';
import { diffRevision } from './revision-diff.js';
import { createRevision, getRevision, publishRevision, type NewRevision } from './revisions.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const UNITS = ['620702', '620723'];
const MEASURES = ['sales_area', 'new_area', 'stock_area'];
const at = new Date(Date.UTC(2026, 1, 1, 8, 0, 0));

const revision = (reason: string): NewRevision => ({
  cityCode: CITY,
  kind: 'import',
  createdBy: 'analyst-wang',
  createdAt: at,
  reason,
  synthetic: false,
  simulated: false,
});

/** 2 units × 3 measures × 200 months (2009-01 … 2025-08) = 1,200 rows; row k has the value k + 0.5. */
function bulkRows(): ObservationRow[] {
  const rows: ObservationRow[] = [];
  for (const unit of UNITS) {
    for (const measure of MEASURES) {
      for (let m = 0; m < 200; m++) {
        const period = `${2009 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        rows.push(observationRow(unit, measure, period, `${rows.length}.5`));
      }
    }
  }
  return rows;
}

describe('writeObservations: bulk COPY into observation', () => {
  let store: Store;
  const write = (reason: string, rows: ObservationRow[]): Promise<string> =>
    store.transaction(async (tx) => {
      const id = await createRevision(tx, revision(reason));
      expect(await writeObservations(tx, id, CITY, rows)).toBe(rows.length);
      return id;
    });

  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await saveUnits(
        tx,
        CITY,
        UNITS.map((unitCode, i) => ({
          unitCode,
          nameZh: unitCode,
          nameEn: '',
          level: 'district',
          parentCode: null,
          aliases: [],
          attributes: {},
          sortOrder: i,
          boundary: null,
        })),
      );
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps one key-first primary key and a narrow revision index (migration 0002)', async () => {
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where tablename = 'observation' order by indexname`.execute(store.db);
    expect(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING btree /, '')])).toEqual([
      ['observation_pkey', '(city_code, unit_code, measure_code, dimension, period, revision_id)'],
      ['observation_revision_idx', '(city_code, revision_id)'],
    ]);
  });

  it('loads 1,200 rows exactly, re-states them in a second revision, and diffs them as unchanged', async () => {
    const rows = bulkRows();
    const first = await write('bulk 1', rows);
    // Σ (k + 0.5) for k = 0 … 1199 = 1199 · 1200 / 2 + 600 = 720 000
    const { rows: sums } = await sql<{ total: string; n: string }>`
      select sum(value) as total, count(*) as n from observation where city_code = ${CITY} and revision_id = ${first}`.execute(
      store.db,
    );
    expect(sums[0]).toEqual({ total: '720000.0', n: '1200' });
    expect(await getRevision(store, { cityCode: CITY, revisionId: first })).toMatchObject({ rowCount: 1200 });
    expect(
      await publishRevision(store, { cityCode: CITY, revisionId: first, publishedBy: 'li', at, reason: 'r' }),
    ).toEqual({
      added: 1200,
      changed: 0,
      unchanged: 0,
    });

    // The same keys again, one value changed (row 7: 7.5 → 8): history keeps both revisions.
    const second = await write(
      'bulk 2',
      rows.map((r, k) => (k === 7 ? { ...r, value: '8' } : r)),
    );
    const diff = await diffRevision(store, { cityCode: CITY, revisionId: second, limit: 2 });
    expect([diff.added, diff.changed, diff.unchanged]).toEqual([0, 1, 1199]);
    expect(diff.changedRows).toEqual([
      {
        unitCode: '620702',
        measureCode: 'sales_area',
        dimension: '',
        period: '2009-08',
        uom: '万平方米',
        newValue: '8',
        oldValue: '7.5',
        oldUom: '万平方米',
        oldRevisionId: first,
      },
    ]);
    expect(diff.unchangedRows.map((r) => [r.unitCode, r.measureCode, r.period])).toEqual([
      ['620702', 'new_area', '2009-01'],
      ['620702', 'new_area', '2009-02'],
    ]);
    const history = await getValueHistory(store, {
      cityCode: CITY,
      unitCode: '620702',
      measureCode: 'sales_area',
      period: '2009-08',
    });
    expect(history.map((h) => [h.revisionId, h.value, h.current])).toEqual([
      [first, '7.5', true],
      [second, '8', false],
    ]);
  });

  it('carries tabs, newlines, backslashes and \\N in text through COPY unchanged', async () => {
    const sourceRef = '表1\t第2行\n"注"\\N C:\\seeds\r';
    const id = await write('awkward text', [
      observationRow('620723', 'sales_area', '2030-01', '1.25', { dimension: '住宅\t商品房', sourceRef }),
    ]);
    const history = await getValueHistory(store, {
      cityCode: CITY,
      unitCode: '620723',
      measureCode: 'sales_area',
      dimension: '住宅\t商品房',
      period: '2030-01',
    });
    expect(history.map((h) => [h.revisionId, h.value, h.sourceRef])).toEqual([[id, '1.25', sourceRef]]);
  });

  it('refuses a key stated twice in one revision and writes none of its rows', async () => {
    const revision3 = await store.transaction((tx) => createRevision(tx, revision('duplicate')));
    await expect(
      store.transaction((tx) =>
        writeObservations(tx, revision3, CITY, [
          observationRow('620702', 'sales_area', '2031-01', '1'),
          observationRow('620723', 'sales_area', '2031-01', '2'),
          observationRow('620702', 'sales_area', '2031-01', '3'),
        ]),
      ),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from observation where city_code = ${CITY} and revision_id = ${revision3}`.execute(store.db);
    expect(rows[0]!.n).toBe('0');
    expect(await getRevision(store, { cityCode: CITY, revisionId: revision3 })).toMatchObject({ rowCount: 0 });
  });
});
