/**
 * The bundled sample data (packages/samples/data/): the seed cities' published figures as ready-to-import files
 * with their mappings, listed in `manifest.yaml` together with hand-typed spot checks. The data folder sits beside
 * `src/` and `dist/`, so the same relative URL works from both.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Absolute path of the folder holding the sample data files and `manifest.yaml` (ends with a separator). */
export const samplesDataDir: string = fileURLToPath(new URL('../data/', import.meta.url));

/** The policy profile each seed city starts with (ids of the bundled profiles). */
export type SampleProfileId = 'zhangye' | 'wenzhou' | 'zhengzhou' | 'chongqing';

export interface SampleCity {
  /** National administrative code of the city, e.g. '620700'. */
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The city's units file (YAML list of units), relative to `samplesDataDir`. */
  readonly units: string;
  readonly profile: SampleProfileId;
}

/** One value typed by hand from the seed text, that importing the dataset must produce. */
export interface SampleCheck {
  readonly unit: string;
  readonly measure: string;
  /** '' for the total over all breakdowns. */
  readonly dimension: string;
  /** Canonical period code: '2025', '2021-2025', '2025-12', '2025Q4'. */
  readonly period: string;
  /** Exact decimal in the measure's unit of measure, as printed (compare numerically: '62.40' = '62.4'). */
  readonly value: string;
}

/** A printed total that is not the sum of its parts. */
export interface SampleTotalMismatch {
  /** The label of the row holding the total (e.g. 合计, or the measure row of a 合计 column). */
  readonly label: string;
  /** The header path of the column holding the total. */
  readonly column: string;
  readonly printed: string;
  readonly computed: string;
}

export interface SampleDataset {
  /** The file name without extension, e.g. '003-housing-stock'. */
  readonly id: string;
  /** The city code the dataset belongs to. */
  readonly city: string;
  /** The data file, relative to `samplesDataDir`. */
  readonly file: string;
  /** The mapping file, relative to `samplesDataDir`. */
  readonly mapping: string;
  /** Text encoding of a CSV file when it is not UTF-8. */
  readonly encoding?: 'gb18030';
  readonly titleZh: string;
  readonly titleEn: string;
  /** Where the figures were published: seed file number ('003') and section (第一章第一节（一）1). */
  readonly source: { readonly seed: string; readonly section: string };
  readonly checks: readonly SampleCheck[];
  readonly expectedTotalMismatches: readonly SampleTotalMismatch[];
}

/**
 * A presale-project ledger (预售项目台账) to load with `anju market import-projects`; no seed publishes project-level
 * data, so the bundled ones are synthetic (flagged in their revision).
 */
export interface SamplePresaleProjects {
  readonly id: string;
  readonly city: string;
  /** The CSV / XLSX file, relative to `samplesDataDir`. */
  readonly file: string;
  /** Made-up figures (not from any seed): the revision is flagged synthetic. */
  readonly synthetic: boolean;
  readonly titleZh: string;
  readonly titleEn: string;
  /** The city's saleable inventory by age bucket on `asOf`, added up by hand from the file. */
  readonly checks: {
    readonly asOf: string;
    readonly saleableAreaSqm: readonly string[];
    readonly saleableUnits: readonly string[];
    readonly pipelineAreaSqm: string;
  };
}

export interface SampleManifest {
  readonly cities: readonly SampleCity[];
  readonly datasets: readonly SampleDataset[];
  /** Presale-project ledgers (optional section `presaleProjects`; empty when absent). */
  readonly presaleProjects: readonly SamplePresaleProjects[];
}

/** Thrown when manifest.yaml does not have the expected shape; the message names the offending path. */
export class SampleManifestError extends Error {
  override readonly name = 'SampleManifestError';
}

/**
 * Reads and checks `manifest.yaml`. Paths in the result stay relative; turn them into absolute paths with
 * `samplePath`.
 *
 * @example
 * const { datasets } = await loadManifest();
 * datasets.find((d) => d.id === '003-plan-by-county')?.expectedTotalMismatches[0]?.printed // '16600'
 */
export async function loadManifest(): Promise<SampleManifest> {
  const text = await readFile(join(samplesDataDir, 'manifest.yaml'), 'utf8');
  return parseSampleManifest(parse(text) as unknown);
}

/** The absolute path of a file named relative to the data folder; refuses paths that leave the folder. */
export function samplePath(file: string): string {
  const full = resolve(samplesDataDir, file);
  const inside = relative(samplesDataDir, full);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new SampleManifestError(`path outside the sample data folder: ${file}`);
  }
  return full;
}

const PROFILES: readonly SampleProfileId[] = ['zhangye', 'wenzhou', 'zhengzhou', 'chongqing'];

/** Checks the parsed YAML of a manifest and returns it typed. */
export function parseSampleManifest(doc: unknown): SampleManifest {
  const root = record(doc, 'manifest');
  const cities = list(root.cities, 'cities').map((c, i) => {
    const at = `cities[${i}]`;
    const o = record(c, at);
    const profile = str(o.profile, `${at}.profile`);
    if (!PROFILES.includes(profile as SampleProfileId)) {
      throw new SampleManifestError(`${at}.profile: unknown profile "${profile}"`);
    }
    return {
      code: str(o.code, `${at}.code`),
      nameZh: str(o.nameZh, `${at}.nameZh`),
      nameEn: str(o.nameEn, `${at}.nameEn`),
      units: str(o.units, `${at}.units`),
      profile: profile as SampleProfileId,
    };
  });
  const cityCodes = new Set(cities.map((c) => c.code));
  const ids = new Set<string>();
  const datasets = list(root.datasets, 'datasets').map((d, i): SampleDataset => {
    const at = `datasets[${i}]`;
    const o = record(d, at);
    const id = str(o.id, `${at}.id`);
    if (ids.has(id)) throw new SampleManifestError(`${at}.id: duplicate id "${id}"`);
    ids.add(id);
    const city = str(o.city, `${at}.city`);
    if (!cityCodes.has(city)) throw new SampleManifestError(`${at}.city: no city "${city}" in cities`);
    const source = record(o.source, `${at}.source`);
    const encoding = o.encoding === undefined ? undefined : str(o.encoding, `${at}.encoding`);
    if (encoding !== undefined && encoding !== 'gb18030') {
      throw new SampleManifestError(`${at}.encoding: only gb18030 may be declared (UTF-8 is the default)`);
    }
    return {
      id,
      city,
      file: str(o.file, `${at}.file`),
      mapping: str(o.mapping, `${at}.mapping`),
      ...(encoding !== undefined ? { encoding } : {}),
      titleZh: str(o.titleZh, `${at}.titleZh`),
      titleEn: str(o.titleEn, `${at}.titleEn`),
      source: { seed: str(source.seed, `${at}.source.seed`), section: str(source.section, `${at}.source.section`) },
      checks: list(o.checks, `${at}.checks`).map((c, j) => {
        const cat = `${at}.checks[${j}]`;
        const co = record(c, cat);
        return {
          unit: str(co.unit, `${cat}.unit`),
          measure: str(co.measure, `${cat}.measure`),
          dimension: str(co.dimension, `${cat}.dimension`, true),
          period: str(co.period, `${cat}.period`),
          value: decimalText(co.value, `${cat}.value`),
        };
      }),
      expectedTotalMismatches: list(o.expectedTotalMismatches, `${at}.expectedTotalMismatches`).map((m, j) => {
        const mat = `${at}.expectedTotalMismatches[${j}]`;
        const mo = record(m, mat);
        return {
          label: str(mo.label, `${mat}.label`),
          column: str(mo.column, `${mat}.column`),
          printed: decimalText(mo.printed, `${mat}.printed`),
          computed: decimalText(mo.computed, `${mat}.computed`),
        };
      }),
    };
  });
  const presaleProjects = (root.presaleProjects === undefined ? [] : list(root.presaleProjects, 'presaleProjects')).map(
    (d, i): SamplePresaleProjects => {
      const at = `presaleProjects[${i}]`;
      const o = record(d, at);
      const id = str(o.id, `${at}.id`);
      if (ids.has(id)) throw new SampleManifestError(`${at}.id: duplicate id "${id}"`);
      ids.add(id);
      const city = str(o.city, `${at}.city`);
      if (!cityCodes.has(city)) throw new SampleManifestError(`${at}.city: no city "${city}" in cities`);
      if (typeof o.synthetic !== 'boolean') throw new SampleManifestError(`${at}.synthetic: expected true or false`);
      const checks = record(o.checks, `${at}.checks`);
      const asOf = str(checks.asOf, `${at}.checks.asOf`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new SampleManifestError(`${at}.checks.asOf: expected YYYY-MM-DD`);
      return {
        id,
        city,
        file: str(o.file, `${at}.file`),
        synthetic: o.synthetic,
        titleZh: str(o.titleZh, `${at}.titleZh`),
        titleEn: str(o.titleEn, `${at}.titleEn`),
        checks: {
          asOf,
          saleableAreaSqm: list(checks.saleableAreaSqm, `${at}.checks.saleableAreaSqm`).map((v, j) =>
            decimalText(v, `${at}.checks.saleableAreaSqm[${j}]`),
          ),
          saleableUnits: list(checks.saleableUnits, `${at}.checks.saleableUnits`).map((v, j) =>
            decimalText(v, `${at}.checks.saleableUnits[${j}]`),
          ),
          pipelineAreaSqm: decimalText(checks.pipelineAreaSqm, `${at}.checks.pipelineAreaSqm`),
        },
      };
    },
  );
  return { cities, datasets, presaleProjects };
}

function record(v: unknown, at: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SampleManifestError(`${at}: expected a map`);
  return v as Record<string, unknown>;
}

function list(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new SampleManifestError(`${at}: expected a list`);
  return v;
}

function str(v: unknown, at: string, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw new SampleManifestError(`${at}: expected text`);
  return v;
}

// Values are quoted in the YAML so that '3448.00' keeps its printed form; a bare number would lose it.
function decimalText(v: unknown, at: string): string {
  const s = str(v, at);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new SampleManifestError(`${at}: expected a decimal, got "${s}"`);
  return s;
}
