// Land-parcel files (供地台账, CSV or XLSX) into the store: one revision holding every parcel of the file, all or
// nothing — any located error (an unknown unit, a repeated parcel id, a bad date…) and nothing is written. The rows are
// read by `readLandParcels` (core's `LandParcelInterpreter`); unit cells are resolved against the city's units by
// code, name or alias, as the element import does. Areas are read in hectares and stored in square metres.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  buildUnitTree,
  decimalEquals,
  divideDecimals,
  multiplyDecimals,
  type LandParcel,
  type LandParcelIssue,
  type SpatialUnit,
  type UnitLevel,
} from '@anju/core';
import {
  createRevision,
  listLandParcels,
  listUnits,
  notifyPublished,
  publishDraft,
  writeLandParcels,
  type AuditContext,
  type DiffCounts,
  type LandParcelRow,
  type Queryable,
  type Store,
  type StoredLandParcel,
  type WriteScope,
} from '@anju/store';
import { readLandParcels } from './read-land-parcels.js';

const SQM_PER_HA = '10000';

export interface LandParcelImportOptions {
  readonly cityCode: string;
  readonly createdBy: string;
  readonly reason: string;
  /** The clock reading to record (time is an input). */
  readonly now: Date;
  /** Name the file is reported under (default: its base name). */
  readonly fileLabel?: string;
  /** Worksheet name or 1-based position (XLSX); the first by default. */
  readonly sheet?: string | number;
  /** Validate only (and compare with the stored parcels), write nothing. */
  readonly dryRun?: boolean;
  /** Publish the revision right away, in the same transaction (with `reason`). */
  readonly publish?: boolean;
  /** Made-up figures (a bundled synthetic sample): the revision is flagged synthetic. Default false. */
  readonly synthetic?: boolean;
  /** The revision's kind: 'import' (default) or 'demo' (bundled sample data loaded by `anju demo`). */
  readonly kind?: 'import' | 'demo';
  /** District / department the writer may change; refused whole (StoreError `out-of-scope`) otherwise. */
  readonly scope?: WriteScope;
  /** Role and client address recorded with the revision (and its publication) in the audit trail. */
  readonly audit?: AuditContext;
}

/** How the file compares with the parcels currently published for the city. */
export interface LandParcelDiff {
  /** Parcels the city has no published row for yet. */
  readonly added: number;
  /** Parcels whose published row differs in any field. */
  readonly changed: number;
  readonly unchanged: number;
  /** Published parcels the file does not mention (they stay as they are). */
  readonly notInFile: number;
}

export interface LandParcelImportResult {
  readonly ok: boolean;
  readonly file: string;
  readonly sheet?: string;
  readonly cityCode: string;
  readonly errors: readonly LandParcelIssue[];
  /** The parcels read, with unit codes resolved (empty when there are errors). */
  readonly parcels: readonly LandParcel[];
  readonly dryRun: boolean;
  readonly diff?: LandParcelDiff;
  readonly revisionId?: string;
  readonly published?: boolean;
}

/** Unit name, alias or code → the city's unit code; undefined when the city has no units. */
export type UnitResolver = (label: string) => string | undefined;

/**
 * The city's units as a resolver (code, Chinese or English name, alias; NFKC and spaces ignored), or undefined when
 * the city has no units yet.
 *
 * @example (await unitResolverFor(store, '620700'))?.('肃南县') // → '620721'
 */
export async function unitResolverFor(store: Queryable, cityCode: string): Promise<UnitResolver | undefined> {
  const rows = await listUnits(store, cityCode);
  if (rows.length === 0) return undefined;
  const tree = buildUnitTree(
    rows.map((u): SpatialUnit => ({
      code: u.unitCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      level: u.level as UnitLevel,
      parentCode: u.parentCode,
      aliases: u.aliases,
      attributes: {},
      sortOrder: u.sortOrder,
    })),
  );
  if (!tree.ok) return undefined;
  return (label) => tree.tree.resolve(label)?.code;
}

/** Says which city's units an unknown unit was looked up in (the core message names only the cell). */
export function withCityContext(issues: readonly LandParcelIssue[], cityCode: string): LandParcelIssue[] {
  return issues.map((i) =>
    i.code === 'unknown-unit'
      ? {
          ...i,
          messageZh: `${i.messageZh}：城市 ${cityCode} 没有此代码、名称或别名的单元`,
          messageEn: `${i.messageEn}: city ${cityCode} has no unit with this code, name or alias`,
        }
      : i,
  );
}

/** A parcel record as the store keeps it (hectares → square metres, exactly). */
export function landParcelRow(parcel: LandParcel, sourceRow: number | null): LandParcelRow {
  return {
    parcelId: parcel.id,
    unitCode: parcel.unitCode,
    landUse: parcel.use,
    areaSqm: multiplyDecimals(parcel.areaHa, SQM_PER_HA),
    priceWanYuan: parcel.priceWanYuan,
    contractStart: parcel.agreedStartDate,
    actualStart: parcel.actualStartDate ?? null,
    startCommitment: parcel.startCommitment ?? null,
    sourceRow,
  };
}

/**
 * A stored parcel as the record the idle-land rule takes (square metres → hectares), or undefined when it lacks the
 * agreed start date or the price the rule needs.
 */
export function landParcelRecord(row: LandParcelRow): LandParcel | undefined {
  if (row.contractStart === null || row.priceWanYuan === null) return undefined;
  return {
    id: row.parcelId,
    unitCode: row.unitCode,
    use: row.landUse,
    areaHa: divideDecimals(row.areaSqm, SQM_PER_HA),
    priceWanYuan: row.priceWanYuan,
    agreedStartDate: row.contractStart,
    ...(row.actualStart === null ? {} : { actualStartDate: row.actualStart }),
    ...(row.startCommitment === null || row.startCommitment === undefined
      ? {}
      : { startCommitment: row.startCommitment }),
  };
}

function sameParcel(a: LandParcelRow, b: StoredLandParcel): boolean {
  const num = (x: string | null, y: string | null) => (x === null || y === null ? x === y : decimalEquals(x, y));
  return (
    a.unitCode === b.unitCode &&
    a.landUse === b.landUse &&
    num(a.areaSqm, b.areaSqm) &&
    num(a.priceWanYuan, b.priceWanYuan) &&
    a.contractStart === b.contractStart &&
    a.actualStart === b.actualStart &&
    (a.startCommitment ?? null) === b.startCommitment
  );
}

function diffAgainst(rows: readonly LandParcelRow[], current: readonly StoredLandParcel[]): LandParcelDiff {
  const byId = new Map(current.map((p) => [p.parcelId, p]));
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  for (const r of rows) {
    const c = byId.get(r.parcelId);
    if (c === undefined) added++;
    else if (sameParcel(r, c)) unchanged++;
    else changed++;
  }
  const inFile = new Set(rows.map((r) => r.parcelId));
  return { added, changed, unchanged, notInFile: current.filter((p) => !inFile.has(p.parcelId)).length };
}

/**
 * Imports a land-parcel file for a city as a new revision (all or nothing), optionally publishing it.
 *
 * @example
 * await importLandParcels(store, 'parcels.csv', { cityCode: '620700', createdBy: 'wang', reason: '2025年供地台账', now });
 * // → { ok: true, parcels: [...], revisionId: '9', diff: { added: 6, changed: 0, unchanged: 0, notInFile: 0 }, … }
 */
export async function importLandParcels(
  store: Store,
  path: string,
  options: LandParcelImportOptions,
): Promise<LandParcelImportResult> {
  const file = options.fileLabel ?? basename(path);
  const base = { file, cityCode: options.cityCode, dryRun: options.dryRun === true, parcels: [] };
  const resolveUnit = await unitResolverFor(store, options.cityCode);
  if (resolveUnit === undefined) {
    return {
      ...base,
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'no-rows',
          file,
          messageZh: `城市 ${options.cityCode} 尚未建立单元，请先运行 anju init --city ${options.cityCode}`,
          messageEn: `city ${options.cityCode} has no units yet: run anju init --city ${options.cityCode} first`,
        },
      ],
    };
  }
  const read = await readLandParcels(path, {
    fileLabel: file,
    resolveUnit,
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  });
  const result = { ...base, ...(read.sheet === undefined ? {} : { sheet: read.sheet }) };
  if (!read.ok) return { ...result, ok: false, errors: withCityContext(read.errors, options.cityCode) };

  const rows = read.parcels.map((p) => landParcelRow(p, read.sourceRows.get(p.id) ?? null));
  const withParcels = { ...result, parcels: read.parcels, errors: [] };
  if (options.dryRun) {
    return { ...withParcels, ok: true, diff: diffAgainst(rows, await listLandParcels(store, options.cityCode)) };
  }

  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  let counts: DiffCounts | undefined;
  const { revisionId, diff } = await store.transaction(async (tx) => {
    const diff = diffAgainst(rows, await listLandParcels(tx, options.cityCode));
    const id = await createRevision(tx, {
      cityCode: options.cityCode,
      kind: options.kind ?? 'import',
      createdBy: options.createdBy,
      createdAt: options.now,
      reason: options.reason,
      sourceFile: file,
      sourceSha256: sha256,
      mapping: { kind: 'land-parcels' },
      synthetic: options.synthetic === true,
      simulated: false,
      ...(options.audit === undefined ? {} : { audit: options.audit }),
    });
    await writeLandParcels(tx, id, options.cityCode, rows, options.scope);
    if (options.publish) {
      counts = await publishDraft(tx, {
        cityCode: options.cityCode,
        revisionId: id,
        publishedBy: options.createdBy,
        at: options.now,
        reason: options.reason,
        ...(options.scope === undefined ? {} : { scope: options.scope }),
        ...(options.audit === undefined ? {} : { audit: options.audit }),
      });
    }
    return { revisionId: id, diff };
  });
  if (counts !== undefined) await notifyPublished(store, { cityCode: options.cityCode, revisionId, counts });
  return { ...withParcels, ok: true, diff, revisionId, published: options.publish === true };
}
