// The overview's map: a real map when the unit set carries GeoJSON boundaries, otherwise the tile cartogram.
// Boundaries are not stored yet, so only the tile map is drawn; a GeoMap (ECharts `map` series over
// `registerMap(city, geojson)`) plugs in here, taking the same props, once units carry `boundary`.
import { TileMap, type TileMapProps } from './tile-map.js';

export type UnitMapProps = TileMapProps;

export function UnitMap(props: UnitMapProps) {
  return <TileMap {...props} />;
}
