import { describe, expect, it } from 'vitest';
import { layoutTiles, parseTile, type TileUnit } from './tile-layout.js';

const unit = (unitCode: string, level = 'district', attributes: Record<string, unknown> = {}): TileUnit => ({
  unitCode,
  level,
  parentCode: level === 'city' ? null : 'root',
  attributes,
});

describe('layoutTiles', () => {
  it('fills a near-square grid in unit order: 5 units → 3 columns, 2 rows', () => {
    const tiles = layoutTiles([unit('root', 'city'), unit('a'), unit('b'), unit('c'), unit('d'), unit('e')]);
    expect([...tiles]).toEqual([
      ['a', { row: 0, col: 0 }],
      ['b', { row: 0, col: 1 }],
      ['c', { row: 0, col: 2 }],
      ['d', { row: 1, col: 0 }],
      ['e', { row: 1, col: 1 }],
    ]);
    expect(tiles.has('root')).toBe(false);
  });

  it('keeps a stored "row,col" and fills the other units around it; each level gets its own grid', () => {
    const tiles = layoutTiles([
      unit('a'),
      unit('b', 'district', { tile: '0,0' }),
      unit('c', 'district', { tile: '1，1' }),
      unit('d'),
      unit('x', 'subarea'),
      unit('y', 'subarea'),
    ]);
    expect(Object.fromEntries(tiles)).toEqual({
      b: { row: 0, col: 0 },
      c: { row: 1, col: 1 },
      a: { row: 0, col: 1 },
      d: { row: 1, col: 0 },
      x: { row: 0, col: 0 },
      y: { row: 0, col: 1 },
    });
  });

  it('ignores malformed tile attributes and a cell taken twice', () => {
    expect(parseTile('2,3')).toEqual({ row: 2, col: 3 });
    expect(parseTile('2;3')).toBeUndefined();
    expect(parseTile(7)).toBeUndefined();
    const tiles = layoutTiles([unit('a', 'district', { tile: '0,0' }), unit('b', 'district', { tile: '0,0' })]);
    expect(Object.fromEntries(tiles)).toEqual({ a: { row: 0, col: 0 }, b: { row: 0, col: 1 } });
  });
});
