// `anju demo` loads the bundled synthetic presale-project ledger beside the seed tables: as its own revision flagged
// synthetic, once (a second run finds it loaded), and `anju market age` then shows the ledger's hand-added buckets.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '@anju/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';
import type { DemoSummary } from './demo.js';

let dir: string;
let first: DemoSummary;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-demo-'));
  const r = await anju('demo', '--json');
  if (r.code !== 0) throw new Error(r.err);
  first = JSON.parse(r.out) as DemoSummary;
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju demo: the synthetic presale-project ledger', () => {
  it('is imported as a published revision of kind demo, flagged synthetic, with its 12 projects', async () => {
    const row = first.datasets.find((d) => d.id === 'synthetic-presale-projects-zhangye')!;
    expect([row.city, row.status, row.values]).toEqual(['620700', 'imported', 12]);
    const revs = JSON.parse((await anju('revisions', '--city', '620700', '--json')).out) as {
      revisionId: string;
      kind: string;
      status: string;
      synthetic: boolean;
      rowCount: number;
      reason: string;
      sourceFile: string | null;
    }[];
    const rev = revs.find((r) => r.revisionId === row.revisionId)!;
    expect([rev.kind, rev.status, rev.synthetic, rev.rowCount, rev.sourceFile]).toEqual([
      'demo',
      'published',
      true,
      12,
      'zhangye/synthetic-presale-projects.csv',
    ]);
    expect(rev.reason).toBe('合成示例数据（非真实项目）：张掖市预售项目台账（合成示例，非真实数据）');
    // The seed tables stay real: the only synthetic revisions are the bundled synthetic ledgers (presale projects,
    // land parcels — see demo-land-parcels.ts).
    expect(revs.filter((r) => r.synthetic).map((r) => r.sourceFile)).toEqual(
      expect.arrayContaining(['zhangye/synthetic-presale-projects.csv', 'zhangye/synthetic-land-parcels.csv']),
    );
    expect(revs.filter((r) => r.synthetic).length).toBe(2);
  });

  it('gives the hand-added age buckets of the manifest on its day', async () => {
    const { checks } = (await loadManifest()).presaleProjects[0]!;
    const r = await anju('market', 'age', '--city', '620700', '--as-of', checks.asOf, '--type', '', '--json');
    expect(r.code).toBe(0);
    const age = JSON.parse(r.out) as {
      units: {
        unitCode: string;
        buckets: { saleableArea: { value: string }; saleableUnits: { value: string } }[];
        pipelineNotApproved: { area: { value: string } };
      }[];
    };
    const city = age.units.find((u) => u.unitCode === '620700')!;
    expect(city.buckets.map((b) => b.saleableArea.value)).toEqual(['97000', '49000', '22000', '19000']);
    expect(city.buckets.map((b) => b.saleableArea.value)).toEqual(checks.saleableAreaSqm);
    expect(city.buckets.map((b) => b.saleableUnits.value)).toEqual(['812', '396', '160', '160']);
    expect(city.pipelineNotApproved.area.value).toBe('65000');
    // Residential only (the command's default): without the office ML-02 (9000) and the shops GZ-04 (15000).
    const res = JSON.parse((await anju('market', 'age', '--city', '620700', '--as-of', checks.asOf, '--json')).out) as {
      units: { unitCode: string; buckets: { saleableArea: { value: string } }[] }[];
    };
    expect(res.units.find((u) => u.unitCode === '620700')!.buckets.map((b) => b.saleableArea.value)).toEqual([
      '97000',
      '40000',
      '7000',
      '19000',
    ]);
  });

  it('is not loaded twice', async () => {
    const again = JSON.parse((await anju('demo', '--json')).out) as DemoSummary;
    const row = again.datasets.find((d) => d.id === 'synthetic-presale-projects-zhangye')!;
    expect([row.status, row.revisionId]).toEqual([
      'already-loaded',
      first.datasets.find((d) => d.id === 'synthetic-presale-projects-zhangye')!.revisionId,
    ]);
  });
});
