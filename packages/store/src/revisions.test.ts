import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { StoreError } from './errors.js';
import { getPublishedValue, getValueHistory, writeObservations, type ObservationRow } from './observations.js';
import { diffRevision } from './revision-diff.js';
import {
  createRevision,
  discardRevision,
  getRevision,
  listRevisions,
  publishRevision,
  type NewRevision,
} from './revisions.js';
import { getSeries } from './series.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const at = (day: number): Date => new Date(Date.UTC(2026, 0, day, 8, 0, 0));

const revision = (reason: string, day: number): NewRevision => ({
  cityCode: CITY,
  kind: 'import',
  createdBy: 'analyst-li',
  createdAt: at(day),
  reason,
  sourceFile: `${reason}.xlsx`,
  sourceSha256: 'ab'.repeat(32),
  mapping: { 销售面积: 'sales_area' },
  synthetic: false,
  simulated: false,
});

describe('revisions: draft → published → history', () => {
  let store: Store;
  let revA: string;
  let revB: string;

  const importDraft = (reason: string, day: number, rows: ObservationRow[]): Promise<string> =>
    store.transaction(async (tx) => {
      const id = await createRevision(tx, revision(reason, day));
      expect(await writeObservations(tx, id, CITY, rows)).toBe(rows.length);
      return id;
    });
  const published = (unitCode: string, period: string) =>
    getPublishedValue(store, { cityCode: CITY, unitCode, measureCode: 'sales_area', period });

  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await saveUnits(
        tx,
        CITY,
        ['620702', '620723'].map((unitCode, i) => ({
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

  it('publishes A, then B re-stating some keys: the view takes B, history keeps A', async () => {
    revA = await importDraft('A', 1, [
      observationRow('620702', 'sales_area', '2025-01', '100.5', { sourceRef: 'A!B2' }),
      observationRow('620702', 'sales_area', '2025-02', '200'),
      observationRow('620723', 'sales_area', '2025-01', '3511.359'),
      observationRow('620723', 'sales_area', '2025-02', '0.1'),
    ]);
    expect(await getRevision(store, { cityCode: CITY, revisionId: revA })).toMatchObject({
      status: 'draft',
      rowCount: 4,
      createdAt: '2026-01-01T08:00:00.000Z',
      mapping: { 销售面积: 'sales_area' },
      publishedAt: null,
    });
    // A draft is invisible to the default (published) reads.
    expect(await published('620702', '2025-01')).toBeUndefined();
    expect(await getSeries(store, { cityCode: CITY, measureCode: 'sales_area' })).toEqual([]);

    const firstPublish = await publishRevision(store, {
      cityCode: CITY,
      revisionId: revA,
      publishedBy: 'chief-wang',
      at: at(2),
      reason: '2025年1-2月数据',
    });
    expect(firstPublish).toEqual({ added: 4, changed: 0, unchanged: 0 });

    revB = await importDraft('B', 3, [
      observationRow('620702', 'sales_area', '2025-02', '200.0'), // same number, other scale: unchanged
      observationRow('620723', 'sales_area', '2025-01', '3511.36'), // corrected: changed
      observationRow('620723', 'sales_area', '2025-03', '7'), // new month: added
    ]);

    const diff = await diffRevision(store, { cityCode: CITY, revisionId: revB, limit: 10 });
    expect({ added: diff.added, changed: diff.changed, unchanged: diff.unchanged }).toEqual({
      added: 1,
      changed: 1,
      unchanged: 1,
    });
    expect(diff.changedRows).toEqual([
      {
        unitCode: '620723',
        measureCode: 'sales_area',
        dimension: '',
        period: '2025-01',
        uom: '万平方米',
        newValue: '3511.36',
        oldValue: '3511.359',
        oldUom: '万平方米',
        oldRevisionId: revA,
      },
    ]);
    expect(diff.addedRows.map((r) => [r.unitCode, r.period, r.newValue, r.oldValue, r.oldRevisionId])).toEqual([
      ['620723', '2025-03', '7', null, null],
    ]);
    expect(diff.unchangedRows.map((r) => [r.unitCode, r.period, r.newValue, r.oldValue])).toEqual([
      ['620702', '2025-02', '200.0', '200'],
    ]);
    expect((await diffRevision(store, { cityCode: CITY, revisionId: revB, limit: 0 })).changedRows).toEqual([]);

    expect(
      await publishRevision(store, {
        cityCode: CITY,
        revisionId: revB,
        publishedBy: 'chief-wang',
        at: at(4),
        reason: '更正',
      }),
    ).toEqual({ added: 1, changed: 1, unchanged: 1 });

    expect(await published('620723', '2025-01')).toEqual({
      value: '3511.36',
      uom: '万平方米',
      periodGrain: 'month',
      periodStart: '2025-01-01',
      periodEnd: '2025-01-31',
      revisionId: revB,
    });
    expect(await published('620723', '2025-03')).toMatchObject({ value: '7', revisionId: revB });
    // Not re-stated by B: still A's.
    expect(await published('620702', '2025-01')).toMatchObject({ value: '100.5', revisionId: revA });
    // Re-stated with an equal number: the value and its revision stay as A set them.
    expect(await published('620702', '2025-02')).toMatchObject({ value: '200', revisionId: revA });

    const history = await getValueHistory(store, {
      cityCode: CITY,
      unitCode: '620723',
      measureCode: 'sales_area',
      period: '2025-01',
    });
    expect(history.map((h) => [h.revisionId, h.value, h.status, h.current, h.sourceFile, h.publishedAt])).toEqual([
      [revA, '3511.359', 'published', false, 'A.xlsx', '2026-01-02T08:00:00.000Z'],
      [revB, '3511.36', 'published', true, 'B.xlsx', '2026-01-04T08:00:00.000Z'],
    ]);

    const series = await getSeries(store, { cityCode: CITY, measureCode: 'sales_area', unitCodes: ['620723'] });
    expect(series.map((p) => [p.period, p.value, p.revisionId])).toEqual([
      ['2025-01', '3511.36', revB],
      ['2025-02', '0.1', revA],
      ['2025-03', '7', revB],
    ]);
  });

  it('refuses to publish twice, with a Chinese and an English message', async () => {
    const error = await publishRevision(store, {
      cityCode: CITY,
      revisionId: revB,
      publishedBy: 'x',
      at: at(5),
      reason: 'again',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'revision-not-draft',
      messageZh: `修订版本 ${revB} 的状态是“已发布”，只有草稿可以发布`,
      messageEn: `revision ${revB} is published; only a draft can be published`,
    });
  });

  it('keeps a draft out of the published view, and a discarded draft can never be published', async () => {
    const revC = await importDraft('C', 6, [observationRow('620702', 'sales_area', '2025-01', '555')]);
    expect(await published('620702', '2025-01')).toMatchObject({ value: '100.5' });
    const draftSeries = await getSeries(store, { cityCode: CITY, measureCode: 'sales_area', revisionId: revC });
    expect(draftSeries.map((p) => [p.unitCode, p.period, p.value, p.revisionId])).toEqual([
      ['620702', '2025-01', '555', revC],
    ]);

    await discardRevision(store, { cityCode: CITY, revisionId: revC, by: 'chief-wang', at: at(7), reason: '数据有误' });
    const error = await publishRevision(store, {
      cityCode: CITY,
      revisionId: revC,
      publishedBy: 'x',
      at: at(8),
      reason: 'try',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'revision-not-draft',
      messageEn: `revision ${revC} is discarded; only a draft can be published`,
    });
    await expect(
      discardRevision(store, { cityCode: CITY, revisionId: revC, by: 'x', at: at(8), reason: 'again' }),
    ).rejects.toMatchObject({ code: 'revision-not-draft' });
    await expect(
      store.transaction((tx) =>
        writeObservations(tx, revC, CITY, [observationRow('620702', 'sales_area', '2025-05', '1')]),
      ),
    ).rejects.toMatchObject({ code: 'revision-not-draft' });

    expect(await published('620702', '2025-01')).toMatchObject({ value: '100.5', revisionId: revA });
    // Nothing is lost: the discarded statement is still in the history.
    const history = await getValueHistory(store, {
      cityCode: CITY,
      unitCode: '620702',
      measureCode: 'sales_area',
      period: '2025-01',
    });
    expect(history.map((h) => [h.revisionId, h.value, h.status, h.current])).toEqual([
      [revA, '100.5', 'published', true],
      [revC, '555', 'discarded', false],
    ]);
    expect(await getRevision(store, { cityCode: CITY, revisionId: revC })).toMatchObject({
      status: 'discarded',
      discardedBy: 'chief-wang',
      discardedAt: '2026-01-07T08:00:00.000Z',
      discardReason: '数据有误',
    });
    expect((await listRevisions(store, CITY)).map((r) => [r.revisionId, r.status, r.rowCount])).toEqual([
      [revA, 'published', 4],
      [revB, 'published', 3],
      [revC, 'discarded', 1],
    ]);
  });

  it('refuses observations for unknown units and writes none of them', async () => {
    const revD = await store.transaction((tx) => createRevision(tx, revision('D', 9)));
    const error = await store
      .transaction((tx) =>
        writeObservations(tx, revD, CITY, [
          observationRow('620702', 'sales_area', '2025-04', '1'),
          observationRow('629901', 'sales_area', '2025-04', '2'),
          observationRow('629900', 'sales_area', '2025-04', '3'),
        ]),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unknown-units',
      messageZh: '城市 620700 中没有这些单元：629900、629901',
    });
    expect(await getRevision(store, { cityCode: CITY, revisionId: revD })).toMatchObject({ rowCount: 0 });
    expect((await diffRevision(store, { cityCode: CITY, revisionId: revD })).added).toBe(0);
  });

  it('reports a missing revision as not found', async () => {
    await expect(
      publishRevision(store, { cityCode: CITY, revisionId: '999999', publishedBy: 'x', at: at(1), reason: 'r' }),
    ).rejects.toMatchObject({ code: 'revision-not-found', messageEn: 'city 620700 has no revision 999999' });
    await expect(diffRevision(store, { cityCode: '410100', revisionId: revA })).rejects.toMatchObject({
      code: 'revision-not-found',
    });
  });
});
