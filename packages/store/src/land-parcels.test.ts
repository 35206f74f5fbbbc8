// Land parcels: append-only rows under revisions, the current view from the latest published revision that states
// each parcel, nullable price and dates, and the district / department scope enforced inside the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { StoreError } from './errors.js';
import { listLandParcels, writeLandParcels, type LandParcelRow } from './land-parcels.js';
import { createRevision, discardRevision, getRevision, publishRevision, type NewRevision } from './revisions.js';
import type { Store } from './store.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const at = (day: number): Date => new Date(Date.UTC(2026, 0, day, 8, 0, 0));
const revision = (reason: string, day: number): NewRevision => ({
  cityCode: CITY,
  kind: 'import',
  createdBy: 'analyst-wang',
  createdAt: at(day),
  reason,
  sourceFile: `${reason}.csv`,
  synthetic: false,
  simulated: false,
});
const parcel = (id: string, over: Partial<LandParcelRow> = {}): LandParcelRow => ({
  parcelId: id,
  unitCode: '620702',
  landUse: 'residential',
  areaSqm: '25000',
  priceWanYuan: '5000.5',
  contractStart: '2024-03-10',
  actualStart: null,
  sourceRow: 2,
  ...over,
});
const unit = (unitCode: string, parentCode: string | null, level: string, i: number) => ({
  unitCode,
  nameZh: unitCode,
  nameEn: '',
  level,
  parentCode,
  aliases: [],
  attributes: {},
  sortOrder: i,
  boundary: null,
});

async function write(
  store: Store,
  reason: string,
  day: number,
  rows: readonly LandParcelRow[],
  scope?: Parameters<typeof writeLandParcels>[4],
): Promise<string> {
  return store.transaction(async (tx) => {
    const id = await createRevision(tx, revision(reason, day));
    await writeLandParcels(tx, id, CITY, rows, scope);
    return id;
  });
}

describe('land parcels: append-only rows under revisions', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await saveUnits(tx, CITY, [
        unit('620700', null, 'city', 0),
        unit('620702', '620700', 'district', 1),
        unit('620723', '620700', 'district', 2),
      ]);
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every revision’s rows and shows each parcel from its latest published revision', async () => {
    const r1 = await write(store, '2025年供地台账', 1, [
      parcel('ZD-1'),
      parcel('ZD-2', { unitCode: '620723', priceWanYuan: null, contractStart: null, landUse: 'industrial' }),
    ]);
    expect((await getRevision(store, { cityCode: CITY, revisionId: r1 }))?.rowCount).toBe(2);
    expect(await listLandParcels(store, CITY)).toEqual([]); // a draft is not in the current view
    await publishRevision(store, { cityCode: CITY, revisionId: r1, publishedBy: 'wang', at: at(2), reason: '年报' });

    // The next file states ZD-1 as started and adds ZD-3; ZD-2 keeps its earlier row.
    const r2 = await write(store, '2026年1月台账', 3, [
      parcel('ZD-1', { actualStart: '2025-02-01', startCommitment: true, sourceRow: 5 }),
      parcel('ZD-3', { areaSqm: '12345.6789', contractStart: '2025-03-10' }),
    ]);
    expect((await listLandParcels(store, CITY, { revisionId: r2 })).map((p) => [p.parcelId, p.actualStart])).toEqual([
      ['ZD-1', '2025-02-01'],
      ['ZD-3', null],
    ]);
    expect((await listLandParcels(store, CITY)).map((p) => [p.parcelId, p.actualStart, p.revisionId])).toEqual([
      ['ZD-1', null, r1],
      ['ZD-2', null, r1],
    ]);
    await publishRevision(store, { cityCode: CITY, revisionId: r2, publishedBy: 'wang', at: at(4), reason: '月报' });
    expect(await listLandParcels(store, CITY)).toEqual([
      {
        parcelId: 'ZD-1',
        revisionId: r2,
        unitCode: '620702',
        landUse: 'residential',
        areaSqm: '25000',
        priceWanYuan: '5000.5',
        contractStart: '2024-03-10',
        actualStart: '2025-02-01',
        startCommitment: true,
        sourceRow: 5,
      },
      {
        parcelId: 'ZD-3',
        revisionId: r2,
        unitCode: '620702',
        landUse: 'residential',
        areaSqm: '12345.6789',
        priceWanYuan: '5000.5',
        contractStart: '2025-03-10',
        actualStart: null,
        startCommitment: null,
        sourceRow: 2,
      },
      {
        parcelId: 'ZD-2',
        revisionId: r1,
        unitCode: '620723',
        landUse: 'industrial',
        areaSqm: '25000',
        priceWanYuan: null,
        contractStart: null,
        actualStart: null,
        startCommitment: null,
        sourceRow: 2,
      },
    ]);

    // A discarded revision never reaches the view; the rows of every revision stay readable.
    const r3 = await write(store, '错误文件', 5, [parcel('ZD-1', { areaSqm: '1' })]);
    await discardRevision(store, { cityCode: CITY, revisionId: r3, by: 'wang', at: at(6), reason: '文件有误' });
    expect((await listLandParcels(store, CITY)).find((p) => p.parcelId === 'ZD-1')?.areaSqm).toBe('25000');
    expect((await listLandParcels(store, CITY, { revisionId: r1 })).map((p) => p.parcelId)).toEqual(['ZD-1', 'ZD-2']);
  });

  it('refuses negative areas and a duplicate parcel in one revision in the database too', async () => {
    await expect(write(store, 'bad', 7, [parcel('ZD-9', { areaSqm: '-1' })])).rejects.toThrow();
    await expect(write(store, 'bad', 7, [parcel('ZD-9'), parcel('ZD-9')])).rejects.toThrow();
  });

  it('refuses a parcel outside a district editor’s district, or a department that does not own land measures', async () => {
    const before = (await listLandParcels(store, CITY, {})).length;
    const outside = write(store, 'scope', 8, [parcel('ZD-7'), parcel('ZD-8', { unitCode: '620723' })], {
      districtCode: '620702',
    });
    await expect(outside).rejects.toBeInstanceOf(StoreError);
    await expect(outside).rejects.toThrow(/620723/);
    await expect(
      write(store, 'scope', 8, [parcel('ZD-7')], { measureCodes: ['housing.sales-area'] }),
    ).rejects.toMatchObject({ code: 'out-of-scope' });
    // Inside the district, and natural-resources' measures: written.
    const ok = await write(store, 'scope', 8, [parcel('ZD-7')], {
      districtCode: '620702',
      measureCodes: ['land.idle', 'land.supplied-not-started', 'land.revitalised'],
    });
    expect((await listLandParcels(store, CITY, { revisionId: ok })).map((p) => p.parcelId)).toEqual(['ZD-7']);
    expect((await listLandParcels(store, CITY)).length).toBe(before);
  });
});
