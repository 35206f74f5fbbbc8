// A grid cartogram for the dashboard's tile map: a unit's own `tile` attribute ("row,col") when it has one, else a
// near-square grid filled in unit order, one grid per level (the city root is the headline, not a tile).

export interface Tile {
  /** 0-based row. */
  readonly row: number;
  /** 0-based column. */
  readonly col: number;
}

export interface TileUnit {
  readonly unitCode: string;
  readonly level: string;
  readonly parentCode: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Reads a `tile` attribute "r,c" (0-based); undefined when absent or malformed. */
export function parseTile(value: unknown): Tile | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{1,3})\s*[,，]\s*(\d{1,3})\s*$/.exec(value);
  return m === null ? undefined : { row: Number(m[1]), col: Number(m[2]) };
}

/**
 * Tiles for every unit except roots (units without a parent), in the given (display) order. Units with a `tile`
 * attribute keep it; the others fill the free cells of a near-square grid (⌈√n⌉ columns) row by row.
 *
 * @example
 * layoutTiles([{ unitCode: 'a', … }, { unitCode: 'b', … }, { unitCode: 'c', … }])
 * // → Map { 'a' → { row: 0, col: 0 }, 'b' → { row: 0, col: 1 }, 'c' → { row: 1, col: 0 } }
 */
export function layoutTiles(units: readonly TileUnit[]): Map<string, Tile> {
  const tiles = new Map<string, Tile>();
  const byLevel = new Map<string, TileUnit[]>();
  for (const u of units) {
    if (u.parentCode === null) continue;
    const list = byLevel.get(u.level) ?? [];
    list.push(u);
    byLevel.set(u.level, list);
  }
  for (const list of byLevel.values()) {
    const taken = new Set<string>();
    const free: TileUnit[] = [];
    for (const u of list) {
      const tile = parseTile(u.attributes['tile']);
      if (tile !== undefined && !taken.has(`${tile.row},${tile.col}`)) {
        tiles.set(u.unitCode, tile);
        taken.add(`${tile.row},${tile.col}`);
      } else free.push(u);
    }
    const cols = Math.max(1, Math.ceil(Math.sqrt(list.length)));
    let cell = 0;
    for (const u of free) {
      while (taken.has(`${Math.floor(cell / cols)},${cell % cols}`)) cell++;
      tiles.set(u.unitCode, { row: Math.floor(cell / cols), col: cell % cols });
      cell++;
    }
  }
  return tiles;
}
