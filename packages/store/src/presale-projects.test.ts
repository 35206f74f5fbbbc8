import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { listPresaleProjects, writePresaleProjects, type PresaleProjectRow } from './presale-projects.js';
import { createRevision, discardRevision, getRevision, publishRevision, type NewRevision } from './revisions.js';
import type { Store } from './store.js';
import { openTestStore } from './testing/test-store.js';

const CITY = '620700';
const at = (day: number): Date => new Date(Date.UTC(2026, 0, day, 8, 0, 0));
const revision = (reason: string, day: number): NewRevision => ({
  cityCode: CITY,
  kind: 'import',
  createdBy: 'analyst-li',
  createdAt: at(day),
  reason,
  sourceFile: `${reason}.csv`,
  synthetic: false,
  simulated: false,
});
const project = (id: string, over: Partial<PresaleProjectRow> = {}): PresaleProjectRow => ({
  projectId: id,
  unitCode: '620702',
  propertyType: 'residential',
  approvalDate: '2024-03-15',
  approvedAreaSqm: '52000.5',
  approvedUnits: 420,
  soldAreaSqm: '12000.25',
  soldUnits: 96,
  status: 'under-construction',
  sourceRow: 2,
  ...over,
});

async function write(store: Store, reason: string, day: number, rows: readonly PresaleProjectRow[]): Promise<string> {
  return store.transaction(async (tx) => {
    const id = await createRevision(tx, revision(reason, day));
    await writePresaleProjects(tx, id, CITY, rows);
    return id;
  });
}

describe('presale projects: append-only rows under revisions', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction((tx) => upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' }));
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every revision’s rows and shows each project from its latest published revision', async () => {
    const r1 = await write(store, '2025年12月台账', 1, [
      project('ZY-001'),
      project('ZY-002', { unitCode: '620723', approvalDate: null, status: 'stalled', soldAreaSqm: '0', soldUnits: 0 }),
    ]);
    expect((await getRevision(store, { cityCode: CITY, revisionId: r1 }))?.rowCount).toBe(2);
    // A draft is not in the current view.
    expect(await listPresaleProjects(store, CITY)).toEqual([]);
    await publishRevision(store, { cityCode: CITY, revisionId: r1, publishedBy: 'li', at: at(2), reason: '月报' });

    // The next month's file restates ZY-001 with more sales and adds ZY-003; ZY-002 keeps its earlier row.
    const r2 = await write(store, '2026年1月台账', 3, [
      project('ZY-001', { soldAreaSqm: '20000.75', soldUnits: 160, status: 'completed' }),
      project('ZY-003', { approvalDate: '2020-02-29', approvedAreaSqm: '8000', approvedUnits: 64 }),
    ]);
    const drafted = await listPresaleProjects(store, CITY, { revisionId: r2 });
    expect(drafted.map((p) => [p.projectId, p.soldAreaSqm, p.revisionId])).toEqual([
      ['ZY-001', '20000.75', r2],
      ['ZY-003', '12000.25', r2],
    ]);
    expect((await listPresaleProjects(store, CITY)).map((p) => [p.projectId, p.soldAreaSqm, p.revisionId])).toEqual([
      ['ZY-001', '12000.25', r1],
      ['ZY-002', '0', r1],
    ]);
    await publishRevision(store, { cityCode: CITY, revisionId: r2, publishedBy: 'li', at: at(4), reason: '月报' });
    const current = await listPresaleProjects(store, CITY);
    expect(current).toEqual([
      {
        projectId: 'ZY-001',
        revisionId: r2,
        unitCode: '620702',
        propertyType: 'residential',
        approvalDate: '2024-03-15',
        approvedAreaSqm: '52000.5',
        approvedUnits: 420,
        soldAreaSqm: '20000.75',
        soldUnits: 160,
        status: 'completed',
        sourceRow: 2,
      },
      {
        projectId: 'ZY-003',
        revisionId: r2,
        unitCode: '620702',
        propertyType: 'residential',
        approvalDate: '2020-02-29',
        approvedAreaSqm: '8000',
        approvedUnits: 64,
        soldAreaSqm: '12000.25',
        soldUnits: 96,
        status: 'under-construction',
        sourceRow: 2,
      },
      {
        projectId: 'ZY-002',
        revisionId: r1,
        unitCode: '620723',
        propertyType: 'residential',
        approvalDate: null,
        approvedAreaSqm: '52000.5',
        approvedUnits: 420,
        soldAreaSqm: '0',
        soldUnits: 0,
        status: 'stalled',
        sourceRow: 2,
      },
    ]);

    // A discarded revision never reaches the view; the old rows stay in history.
    const r3 = await write(store, '错误文件', 5, [project('ZY-001', { soldAreaSqm: '1', soldUnits: 1 })]);
    await discardRevision(store, { cityCode: CITY, revisionId: r3, by: 'li', at: at(6), reason: '文件有误' });
    expect((await listPresaleProjects(store, CITY)).find((p) => p.projectId === 'ZY-001')?.soldAreaSqm).toBe(
      '20000.75',
    );
    expect((await listPresaleProjects(store, CITY, { revisionId: r1 })).map((p) => p.projectId)).toEqual([
      'ZY-001',
      'ZY-002',
    ]);
  });

  it('refuses negative areas and unknown statuses in the database too', async () => {
    await expect(write(store, 'bad', 7, [project('ZY-9', { soldAreaSqm: '-1' })])).rejects.toThrow();
    await expect(
      write(store, 'bad', 7, [project('ZY-9', { status: 'demolished' as PresaleProjectRow['status'] })]),
    ).rejects.toThrow();
  });
});
