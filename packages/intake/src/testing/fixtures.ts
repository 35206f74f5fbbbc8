// Fixtures for the intake test suites: two small cities, files written to a temporary directory (CSV text or
// bytes, XLSX built with exceljs including merged and formula cells), and a fingerprint of the store's contents
// to prove that a failed import changed nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { mappingSchema, type Mapping, type MappingInput, type SpatialUnit } from '@anju/core';
import { listRevisions, type RevisionInfo, type Store } from '@anju/store';
import { importFile, type ImportRequest, type ImportResult } from '../import-file.js';
import { loadCity } from '../load-units.js';

function unit(
  code: string,
  nameZh: string,
  nameEn: string,
  parentCode: string | null,
  aliases: string[] = [],
): SpatialUnit {
  return {
    code,
    nameZh,
    nameEn,
    level: parentCode === null ? 'city' : 'district',
    parentCode,
    aliases,
    attributes: {},
    sortOrder: Number(code.slice(4)),
  };
}

/** Zhangye (张掖市) with three of its counties; 肃南县 is an alias of 肃南裕固族自治县 (620721). */
export const ZHANGYE_UNITS: readonly SpatialUnit[] = [
  unit('620700', '张掖市', 'Zhangye', null),
  unit('620702', '甘州区', 'Ganzhou', '620700'),
  unit('620721', '肃南裕固族自治县', 'Sunan', '620700', ['肃南县']),
  unit('620722', '民乐县', 'Minle', '620700'),
];

/** Zhengzhou (郑州市) with two districts: a second city in the same store. */
export const ZHENGZHOU_UNITS: readonly SpatialUnit[] = [
  unit('410100', '郑州市', 'Zhengzhou', null),
  unit('410102', '中原区', 'Zhongyuan', '410100'),
  unit('410105', '金水区', 'Jinshui', '410100'),
];

/** Loads both fixture cities into a store. */
export async function loadFixtureCities(store: Store): Promise<void> {
  await loadCity(store, '620700', ZHANGYE_UNITS);
  await loadCity(store, '410100', ZHENGZHOU_UNITS);
}

/** A mapping for Zhangye (or another city), validated with the real schema. */
export function mapping(input: Partial<MappingInput> & Pick<MappingInput, 'layout'>): Mapping {
  return mappingSchema.parse({ version: 1, city: '620700', ...input });
}

/** A temporary directory for one suite's files. */
export interface TempDir {
  readonly dir: string;
  path(name: string): string;
  /** Writes text (UTF-8 unless bytes are given) and returns the file's path. */
  write(name: string, content: string | Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'anju-intake-'): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    async write(name, content) {
      const p = join(dir, name);
      await writeFile(p, content);
      return p;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** CSV text from rows of fields (quoted where needed), lines ended with CRLF as Excel writes them. */
export function csvText(rows: readonly (readonly (string | number)[])[], delimiter = ','): string {
  const field = (v: string | number): string => {
    const s = String(v);
    return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(delimiter)).join('\r\n') + '\r\n';
}

/** One worksheet for `writeXlsx`: rows of exceljs cell values, plus ranges to merge ("A1:A2"). */
export interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly ExcelJS.CellValue[])[];
  readonly merges?: readonly string[];
}

/** Writes an XLSX workbook with exceljs; values may be numbers, text, dates or `{ formula, result }`. */
export async function writeXlsx(path: string, sheets: readonly SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    spec.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== null && value !== undefined) ws.getCell(r + 1, c + 1).value = value;
      });
    });
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** Everything a failed import must leave as it was: revisions of both cities and two ordered aggregates. */
export interface StoreFingerprint {
  readonly revisions: readonly RevisionInfo[];
  readonly published: { readonly count: string; readonly rows: string | null };
  readonly observations: { readonly count: string; readonly rows: string | null };
}

/** Reads the store's fingerprint: `listRevisions` for each city plus count and ordered string_agg of both tables. */
export async function fingerprint(
  store: Store,
  cityCodes: readonly string[] = ['620700', '410100'],
): Promise<StoreFingerprint> {
  const revisions = (await Promise.all(cityCodes.map((c) => listRevisions(store, c)))).flat();
  const published = await store.db
    .selectFrom('published_value')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn
        .agg<string | null>('string_agg', [
          eb.fn('concat_ws', [
            eb.val('|'),
            'city_code',
            'unit_code',
            'measure_code',
            'dimension',
            'period',
            'value',
            'uom',
            'revision_id',
          ]),
          eb.val('\n'),
        ])
        .orderBy('city_code')
        .orderBy('unit_code')
        .orderBy('measure_code')
        .orderBy('dimension')
        .orderBy('period')
        .as('rows'),
    ])
    .executeTakeFirstOrThrow();
  const observations = await store.db
    .selectFrom('observation')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn
        .agg<string | null>('string_agg', [
          eb.fn('concat_ws', [
            eb.val('|'),
            'city_code',
            'revision_id',
            'unit_code',
            'measure_code',
            'dimension',
            'period',
            'value',
            'uom',
            'source_ref',
          ]),
          eb.val('\n'),
        ])
        .orderBy('city_code')
        .orderBy('revision_id')
        .orderBy('unit_code')
        .orderBy('measure_code')
        .orderBy('dimension')
        .orderBy('period')
        .as('rows'),
    ])
    .executeTakeFirstOrThrow();
  return {
    revisions,
    published: { count: String(published.count), rows: published.rows },
    observations: { count: String(observations.count), rows: observations.rows },
  };
}

/** `importFile` with the bookkeeping fields filled in (a fixed clock: time is an input). */
export function importWith(
  store: Store,
  path: string,
  m: Mapping,
  extra: Partial<Omit<ImportRequest, 'path' | 'mapping'>> = {},
): Promise<ImportResult> {
  return importFile(store, {
    path,
    mapping: m,
    createdBy: 'tester',
    reason: 'intake test',
    now: new Date('2026-01-15T08:00:00Z'),
    ...extra,
  });
}

let gbkTable: Map<string, Uint8Array> | undefined;

/**
 * Encodes text as GB18030 the way Chinese Excel saves a CSV. No encoder ships with Node, so the two-byte (GBK)
 * range is built by decoding every lead/trail pair once; ASCII passes through; anything else throws.
 */
export function gb18030Bytes(text: string): Uint8Array {
  if (gbkTable === undefined) {
    const table = new Map<string, Uint8Array>();
    const decoder = new TextDecoder('gb18030', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = new Uint8Array([lead, trail]);
        try {
          const ch = decoder.decode(bytes);
          if (!table.has(ch)) table.set(ch, bytes);
        } catch {
          // not a two-byte character
        }
      }
    }
    gbkTable = table;
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const bytes = gbkTable.get(ch);
    if (bytes === undefined) throw new RangeError(`no two-byte GB18030 code for ${ch}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}
