import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  acceptsDimension,
  buildUnitTree,
  decimalEquals,
  getMeasure,
  normText,
  parseMapping,
  parsePeriod,
  SheetInterpreter,
  toSpatialUnits,
  unitListSchema,
  type IntakeObservation,
  type RawRow,
  type UnitTree,
} from '@anju/core';
import { readCsv, readXlsx } from '@anju/intake';
import { parse } from 'yaml';
import { loadManifest, parseSampleManifest, samplePath, type SampleDataset } from './datasets.js';

const manifest = await loadManifest();

async function unitTree(cityCode: string): Promise<UnitTree> {
  const city = manifest.cities.find((c) => c.code === cityCode);
  if (city === undefined) throw new Error(`no city ${cityCode}`);
  const entries = unitListSchema.parse(parse(await readFile(samplePath(city.units), 'utf8')));
  const built = buildUnitTree(toSpatialUnits(entries));
  if (!built.ok) throw new Error(built.errors.map((e) => e.messageEn).join('; '));
  return built.tree;
}

/** Runs the real readers and the sheet interpreter over one dataset, the way the importer does. */
async function interpret(
  d: SampleDataset,
): Promise<{ interpreter: SheetInterpreter; observations: IntakeObservation[]; encoding?: string }> {
  const parsed = parseMapping(await readFile(samplePath(d.mapping), 'utf8'), d.mapping);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.messageEn).join('; '));
  const mapping = parsed.mapping;
  const path = samplePath(d.file);
  const isXlsx = d.file.endsWith('.xlsx');
  const sheet = typeof mapping.sheet === 'string' ? mapping.sheet : undefined;
  const interpreter = new SheetInterpreter({ file: d.file, sheet, mapping, units: await unitTree(d.city) });
  const observations: IntakeObservation[] = [];
  let rows: AsyncIterable<RawRow>;
  let encoding: () => string | undefined = () => undefined;
  if (isXlsx) {
    rows = readXlsx(path, mapping.sheet).rows;
  } else {
    const csv = readCsv(path, d.file);
    rows = csv.rows;
    encoding = csv.encoding;
  }
  for await (const row of rows) observations.push(...interpreter.push(row));
  interpreter.finish();
  return { interpreter, observations, encoding: encoding() };
}

describe('sample manifest', () => {
  it('lists the four seed cities with their profiles and twelve datasets', () => {
    expect(manifest.cities.map((c) => `${c.code}:${c.profile}`)).toEqual([
      '620700:zhangye',
      '330300:wenzhou',
      '410100:zhengzhou',
      '500000:chongqing',
    ]);
    expect(manifest.datasets).toHaveLength(12);
    expect(manifest.datasets.filter((d) => d.file.endsWith('.xlsx')).map((d) => d.id)).toEqual([
      '003-housing-stock',
      '003-plan-by-county',
      '002-old-community-plan',
    ]);
  });

  it('gives every dataset at least five checks, each a known measure, breakdown, unit and canonical period', async () => {
    for (const d of manifest.datasets) {
      expect(d.checks.length, d.id).toBeGreaterThanOrEqual(5);
      const tree = await unitTree(d.city);
      for (const c of d.checks) {
        const measure = getMeasure(c.measure);
        expect(measure, `${d.id} ${c.measure}`).toBeDefined();
        expect(acceptsDimension(measure!, c.dimension), `${d.id} ${c.measure}/${c.dimension}`).toBe(true);
        expect(tree.get(c.unit), `${d.id} unit ${c.unit}`).toBeDefined();
        expect(parsePeriod(c.period)?.code, `${d.id} period ${c.period}`).toBe(c.period);
      }
    }
  });

  it('keeps the printed total that does not add up, with the sum worked by hand', () => {
    const mismatches = manifest.datasets.flatMap((d) => d.expectedTotalMismatches.map((m) => ({ id: d.id, ...m })));
    expect(mismatches).toEqual([
      { id: '003-plan-by-county', label: '合计', column: '新建商品住房（套）', printed: '16600', computed: '17610' },
    ]);
    // 453.19 for 111.79 + 94.35 + 83.87 + 84.48 + 78.71 = 453.20 is rounding within the printed precision, not listed
    expect(decimalEquals(String((11179 + 9435 + 8387 + 8448 + 7871) / 100), '453.2')).toBe(true);
    expect(10840 + 840 + 1670 + 2100 + 1080 + 1080).toBe(17610);
  });

  it('rejects a manifest whose dataset names an unknown city', () => {
    expect(() =>
      parseSampleManifest({
        cities: [{ code: '620700', nameZh: '张掖市', nameEn: 'Zhangye', units: 'u.yaml', profile: 'zhangye' }],
        datasets: [{ id: 'x', city: '999999' }],
      }),
    ).toThrow('datasets[0].city: no city "999999" in cities');
  });

  it('refuses paths that leave the data folder', () => {
    expect(() => samplePath('../package.json')).toThrow('outside the sample data folder');
    expect(samplePath('zhangye/units.yaml').endsWith('zhangye/units.yaml')).toBe(true);
  });
});

describe.each(manifest.datasets.map((d) => [d.id, d] as const))('sample dataset %s', (_id, d) => {
  it('imports without errors and yields every hand-typed check', async () => {
    const { interpreter, observations } = await interpret(d);
    expect(interpreter.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const c of d.checks) {
      const hit = observations.find(
        (o) =>
          o.unitCode === c.unit &&
          o.measureCode === c.measure &&
          o.dimension === c.dimension &&
          o.period.code === c.period,
      );
      expect(hit, `${c.unit} ${c.measure} ${c.dimension} ${c.period}`).toBeDefined();
      expect(
        decimalEquals(hit!.value, c.value),
        `${c.unit} ${c.measure} ${c.period}: ${hit!.value} vs ${c.value}`,
      ).toBe(true);
    }
  });

  it('warns about exactly the printed totals that do not add up', async () => {
    const { interpreter } = await interpret(d);
    const found = interpreter.issues
      .filter((i) => i.code === 'total-mismatch')
      .map((i) => {
        const m = /^"(.*)" prints a total of (\S+) but its parts sum to (\S+) \(/.exec(i.messageEn);
        return { label: m?.[1], column: i.header, printed: m?.[2], computed: m?.[3] };
      });
    expect(found).toHaveLength(d.expectedTotalMismatches.length);
    d.expectedTotalMismatches.forEach((want, k) => {
      const got = found[k]!;
      // the importer reports header paths normalised (NFKC, no spaces): （套） reads (套)
      expect({ label: got.label, column: got.column }).toEqual({ label: want.label, column: normText(want.column) });
      expect(decimalEquals(got.printed ?? '', want.printed)).toBe(true);
      expect(decimalEquals(got.computed ?? '', want.computed)).toBe(true);
    });
  });

  it('cites the same seed and section in its mapping as in the manifest', async () => {
    const parsed = parseMapping(await readFile(samplePath(d.mapping), 'utf8'), d.mapping);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.mapping.city).toBe(d.city);
    expect(parsed.mapping.source).toMatchObject({ seed: d.source.seed, section: d.source.section });
  });
});

describe('sample file encodings', () => {
  it('reads the GB18030 inventory table without a BOM and every other CSV as UTF-8 with BOM', async () => {
    for (const d of manifest.datasets.filter((x) => x.file.endsWith('.csv'))) {
      const { encoding } = await interpret(d);
      expect(encoding, d.id).toBe(d.encoding === 'gb18030' ? 'gb18030' : 'utf-8-bom');
    }
    const bytes = await readFile(samplePath('zhangye/003-inventory-by-county.csv'));
    expect(new TextDecoder('gb18030').decode(bytes).split('\r\n')[8]).toBe('全市,370.87,148.41,13433,20');
  });
});
