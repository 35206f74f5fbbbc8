import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { StoreError } from './errors.js';
import { writeObservations, type ObservationRow } from './observations.js';
import { writeLandParcels } from './land-parcels.js';
import { createRevision, getRevision, publishRevision } from './revisions.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const AT = new Date('2026-03-01T08:00:00Z');
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

describe('write scope in the store', () => {
  let store: Store;
  const draft = (rows: ObservationRow[], scope?: Parameters<typeof writeObservations>[4]) =>
    store.transaction(async (tx) => {
      const id = await createRevision(tx, {
        cityCode: CITY,
        kind: 'import',
        createdBy: 'editor',
        createdAt: AT,
        reason: 'scope test',
        synthetic: false,
        simulated: false,
      });
      await writeObservations(tx, id, CITY, rows, scope);
      return id;
    });
  const count = async () =>
    Number(
      (
        await store.db
          .selectFrom('observation')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await saveUnits(tx, CITY, [
        unit('620700', null, 'city', 0),
        unit('620702', '620700', 'district', 1),
        unit('62070201', '620702', 'subarea', 2),
        unit('620723', '620700', 'district', 3),
      ]);
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('writes a district editor’s own district and the units below it', async () => {
    const id = await draft(
      [
        observationRow('620702', 'housing.sales-area', '2025', '10'),
        observationRow('62070201', 'housing.sales-area', '2025', '4'),
      ],
      { districtCode: '620702' },
    );
    expect((await getRevision(store, { cityCode: CITY, revisionId: id }))?.rowCount).toBe(2);
  });

  it('refuses a whole file with one unit of another district (or the city total): nothing is written', async () => {
    const before = await count();
    const refused = await draft(
      [
        observationRow('620702', 'housing.sales-area', '2024', '9'),
        observationRow('620723', 'housing.sales-area', '2024', '3'),
        observationRow('620700', 'housing.sales-area', '2024', '12'),
      ],
      { districtCode: '620702' },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({
      code: 'out-of-scope',
      messageZh: '无权修改本区县（620702）以外单元的数据：620700、620723；整个文件未写入',
    });
    expect(await count()).toBe(before);
    expect((await store.db.selectFrom('revision').select('reason').execute()).length).toBe(1);
  });

  it('refuses measures of another department', async () => {
    const refused = await draft(
      [
        observationRow('620702', 'land.residential-supplied', '2025', '1', { uom: 'ha' }),
        observationRow('620702', 'housing.sales-area', '2025', '2'),
      ],
      { measureCodes: ['land.residential-supplied', 'land.idle'] },
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'out-of-scope', messageEn: expect.stringContaining('housing.sales-area') });
  });

  it('refuses to publish a draft that states units outside the publisher’s district', async () => {
    const id = await draft([observationRow('620723', 'housing.sales-area', '2023', '5')]);
    const refused = await publishRevision(store, {
      cityCode: CITY,
      revisionId: id,
      publishedBy: 'editor',
      at: AT,
      reason: '发布',
      scope: { districtCode: '620702' },
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'out-of-scope' });
    expect((await getRevision(store, { cityCode: CITY, revisionId: id }))?.status).toBe('draft');
    expect(
      await publishRevision(store, {
        cityCode: CITY,
        revisionId: id,
        publishedBy: 'editor',
        at: AT,
        reason: '发布',
        scope: { districtCode: '620723' },
      }),
    ).toEqual({ added: 1, changed: 0, unchanged: 0 });
  });
  it('refuses to publish a land-parcel draft of another district (record sheets are in scope like figures)', async () => {
    const id = await store.transaction(async (tx) => {
      const rid = await createRevision(tx, {
        cityCode: CITY,
        kind: 'import',
        createdBy: 'city-analyst',
        createdAt: AT,
        reason: '临泽县宗地',
        synthetic: false,
        simulated: false,
      });
      await writeLandParcels(tx, rid, CITY, [
        {
          parcelId: 'P-1',
          unitCode: '620723',
          landUse: 'residential',
          areaSqm: '20000',
          priceWanYuan: '1500',
          contractStart: '2024-03-10',
          actualStart: null,
        },
      ]);
      return rid;
    });
    const publish = (districtCode: string) =>
      publishRevision(store, {
        cityCode: CITY,
        revisionId: id,
        publishedBy: 'editor',
        at: AT,
        reason: '发布',
        scope: { districtCode },
      });
    await expect(publish('620702')).rejects.toBeInstanceOf(StoreError);
    await expect(publish('620723')).resolves.toEqual({ added: 0, changed: 0, unchanged: 0 });
  });
});
