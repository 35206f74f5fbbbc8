import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCities, upsertCity } from './cities.js';
import type { Store } from './store.js';
import { openTestStore } from './testing/test-store.js';
import { listUnits, saveUnits, type UnitRow } from './units.js';

const unit = (unitCode: string, nameZh: string, parentCode: string | null, sortOrder: number): UnitRow => ({
  unitCode,
  nameZh,
  nameEn: '',
  level: parentCode === null ? 'city' : 'district',
  parentCode,
  aliases: [],
  attributes: {},
  sortOrder,
  boundary: null,
});

describe('cities and spatial units', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('upserts cities by code', async () => {
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: '620700', nameZh: '张掖', nameEn: 'Zhangye' });
      await upsertCity(tx, { cityCode: '410100', nameZh: '郑州市', nameEn: 'Zhengzhou' });
      await upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye City' });
    });
    const cities = await listCities(store);
    expect(cities.map(({ cityCode, nameZh, nameEn }) => [cityCode, nameZh, nameEn])).toEqual([
      ['410100', '郑州市', 'Zhengzhou'],
      ['620700', '张掖市', 'Zhangye City'],
    ]);
  });

  it('saves a unit tree children-first, updates by key, and lists it in display order', async () => {
    await store.transaction(async (tx) => {
      await saveUnits(tx, '620700', [
        {
          ...unit('620702', '甘州区', '620700', 1),
          nameEn: 'Ganzhou',
          aliases: ['甘州', 'Ganzhou District'],
          attributes: { class: '存量提升', urbanRatePct: '61.5' },
          boundary: { type: 'Point', coordinates: [100.45, 38.93] },
        },
        unit('620723', '临泽县', '620700', 2),
        unit('620700', '张掖市', null, 0),
      ]);
    });
    await store.transaction((tx) => saveUnits(tx, '620700', [unit('620723', '临泽县（更名）', '620700', 3)]));

    const units = await listUnits(store, '620700');
    expect(units.map((u) => [u.unitCode, u.nameZh, u.parentCode, u.sortOrder])).toEqual([
      ['620700', '张掖市', null, 0],
      ['620702', '甘州区', '620700', 1],
      ['620723', '临泽县（更名）', '620700', 3],
    ]);
    expect(units[1]).toEqual({
      unitCode: '620702',
      nameZh: '甘州区',
      nameEn: 'Ganzhou',
      level: 'district',
      parentCode: '620700',
      aliases: ['甘州', 'Ganzhou District'],
      attributes: { class: '存量提升', urbanRatePct: '61.5' },
      sortOrder: 1,
      boundary: { type: 'Point', coordinates: [100.45, 38.93] },
    });
    expect(await listUnits(store, '410100')).toEqual([]);
  });

  it('refuses a unit whose parent does not exist, at commit', async () => {
    await expect(
      store.transaction((tx) => saveUnits(tx, '620700', [unit('620799', '无上级', '629999', 9)])),
    ).rejects.toThrow();
    expect((await listUnits(store, '620700')).map((u) => u.unitCode)).toEqual(['620700', '620702', '620723']);
  });
});
