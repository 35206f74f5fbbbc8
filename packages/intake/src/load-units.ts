import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { buildUnitTree, toSpatialUnits, unitListSchema, type SpatialUnit } from '@anju/core';
import { saveUnits, upsertCity, type Store } from '@anju/store';

/** A units file that cannot be used, with one line per problem (Chinese and English). */
export class UnitsFileError extends Error {
  constructor(
    readonly linesZh: readonly string[],
    readonly linesEn: readonly string[],
  ) {
    super(linesEn.join('\n'));
  }
}

/** Reads and checks a units file (a YAML or JSON list of units); throws UnitsFileError naming the file and entry. */
export async function readUnitsFile(path: string): Promise<SpatialUnit[]> {
  let data: unknown;
  try {
    data = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? '';
    throw new UnitsFileError([`${path}：无法读取：${msg}`], [`${path}: cannot read: ${msg}`]);
  }
  const parsed = unitListSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${path}: ${i.path.join('.')}: ${i.message}`);
    throw new UnitsFileError(lines, lines);
  }
  const units = toSpatialUnits(parsed.data);
  const tree = buildUnitTree(units);
  if (!tree.ok) {
    throw new UnitsFileError(
      tree.errors.map((e) => `${path}：${e.messageZh}`),
      tree.errors.map((e) => `${path}: ${e.messageEn}`),
    );
  }
  return units;
}

/** Creates or updates a city and its units in the store, in one transaction. */
export async function loadCity(store: Store, cityCode: string, units: readonly SpatialUnit[]): Promise<void> {
  const root = units.find((u) => u.parentCode === null);
  await store.transaction(async (tx) => {
    await upsertCity(tx, { cityCode, nameZh: root?.nameZh ?? cityCode, nameEn: root?.nameEn ?? '' });
    await saveUnits(
      tx,
      cityCode,
      units.map((u) => ({
        unitCode: u.code,
        nameZh: u.nameZh,
        nameEn: u.nameEn ?? '',
        level: u.level,
        parentCode: u.parentCode,
        aliases: u.aliases,
        attributes: u.attributes,
        sortOrder: u.sortOrder,
        boundary: null,
      })),
    );
  });
}
