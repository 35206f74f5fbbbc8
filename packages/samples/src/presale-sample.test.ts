// The bundled presale-project ledger (synthetic, for the inventory age structure): every row reads without an error,
// every project is labelled as made up, and the city's age buckets on the manifest's day are the hand-added ones.
import { readFile } from 'node:fs/promises';
import { buildUnitTree, inventoryAgeStructure, PresaleInterpreter, toSpatialUnits, unitListSchema } from '@anju/core';
import { readCsv } from '@anju/intake';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadManifest, samplePath } from './datasets.js';
import { profileCatalogue } from './profiles.js';

const manifest = await loadManifest();

describe('bundled presale-project ledgers', () => {
  it('lists the synthetic Zhangye ledger', () => {
    expect(manifest.presaleProjects.map((p) => [p.id, p.city, p.synthetic])).toEqual([
      ['synthetic-presale-projects-zhangye', '620700', true],
    ]);
  });

  it.each(manifest.presaleProjects.map((p) => [p.id, p] as const))(
    '%s reads cleanly and gives the hand-added age buckets',
    async (_id, pp) => {
      const city = manifest.cities.find((c) => c.code === pp.city)!;
      const built = buildUnitTree(
        toSpatialUnits(unitListSchema.parse(parse(await readFile(samplePath(city.units), 'utf8')))),
      );
      if (!built.ok) throw new Error('units');
      const it = new PresaleInterpreter({ file: pp.file, resolveUnit: (l) => built.tree.resolve(l)?.code });
      for await (const row of readCsv(samplePath(pp.file), pp.file).rows) it.push(row);
      it.finish();
      expect(it.issues).toEqual([]);
      expect(it.projects).toHaveLength(12);
      if (pp.synthetic) expect(it.projects.every((p) => p.projectId.startsWith('SYN-'))).toBe(true);

      const resolved = (await profileCatalogue()).resolve(city.profile);
      if (resolved === undefined) throw new Error(`no bundled profile ${city.profile}`);
      const age = inventoryAgeStructure({ projects: it.projects, asOf: pp.checks.asOf }, resolved.profile);
      expect(age.buckets.map((b) => b.saleableArea.value)).toEqual(pp.checks.saleableAreaSqm);
      expect(age.buckets.map((b) => b.saleableUnits.value)).toEqual(pp.checks.saleableUnits);
      expect(age.pipelineNotApproved.area.value).toBe(pp.checks.pipelineAreaSqm);
      expect(age.inconsistentProjectIds).toEqual([]);
    },
  );
});
