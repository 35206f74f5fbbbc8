// A tile (grid) cartogram of a city's units: one equal square per unit at its stored tile position, coloured by
// value on a sequential scale, with the name and the value (with its unit) written inside.
import type { ReactNode } from 'react';
import type { Unit } from '../api.js';
import { useApp } from '../app-context.js';
import { formatWithUnit } from '../format.js';
import { useI18n } from '../i18n.js';
import { NumberValue } from './number-value.js';

/** Sequential blues, light to dark (ColorBrewer "Blues"). */
const RAMP = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'] as const;
const NO_DATA = '#e8e8e8';

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The ramp colour at position t ∈ [0, 1], linearly interpolated between stops. */
export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(RAMP[i]!);
  const b = hexToRgb(RAMP[i + 1]!);
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export interface TileMapProps {
  /** The units to draw (those without a tile position are left out). */
  readonly units: readonly Unit[];
  /** Value per unit code (decimal strings; null = no data). */
  readonly values: ReadonlyMap<string, string | null>;
  readonly uom: string;
  readonly measure: string;
  readonly dimension: string;
  readonly period: string;
  /** Clicking a tile (not its number) opens the unit. */
  readonly onOpenUnit?: (unitCode: string) => void;
  /**
   * A categorical map instead of the value ramp: each tile's colour, body (below the name) and data attributes come
   * from here, and `legend` replaces the ramp legend. Units without an entry are drawn as no data.
   */
  readonly categories?: {
    readonly tiles: ReadonlyMap<
      string,
      { readonly color: string; readonly body: ReactNode; readonly data?: Record<string, string> }
    >;
    readonly legend: ReactNode;
    readonly testIdPrefix: string;
  };
}

export function TileMap({ units, values, uom, measure, dimension, period, onOpenUnit, categories }: TileMapProps) {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const nums = units
    .map((u) => values.get(u.unitCode))
    .filter((v): v is string => v !== null && v !== undefined)
    .map(Number);
  const min = nums.length === 0 ? 0 : Math.min(...nums);
  const max = nums.length === 0 ? 0 : Math.max(...nums);
  const scale = (v: number): number => (max === min ? 0.6 : (v - min) / (max - min));
  const placed = units.flatMap((u) => (u.tile === null ? [] : [{ unit: u, tile: u.tile }]));
  const rows = Math.min(...placed.map((p) => p.tile.row));
  const cols = Math.min(...placed.map((p) => p.tile.col));
  const width = Math.max(1, Math.max(...placed.map((p) => p.tile.col)) - cols + 1);
  const minText = nums.length === 0 ? '' : formatWithUnit(String(min), app.uomLabel(uom), lang);
  const maxText = nums.length === 0 ? '' : formatWithUnit(String(max), app.uomLabel(uom), lang);
  return (
    <div data-testid={categories === undefined ? 'tile-map' : `${categories.testIdPrefix}-map`}>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${width}, minmax(132px, 1fr))`,
          gap: 8,
          maxWidth: width * 200,
        }}
      >
        {placed.map(({ unit: u, tile }) => {
          const v = values.get(u.unitCode) ?? null;
          const cat = categories?.tiles.get(u.unitCode);
          const ratio = v === null || categories !== undefined ? undefined : scale(Number(v));
          const bg = cat?.color ?? (ratio === undefined ? NO_DATA : rampColor(ratio));
          const dark = ratio !== undefined && ratio > 0.5;
          return (
            <div
              key={u.unitCode}
              {...cat?.data}
              data-testid={`${categories?.testIdPrefix ?? 'tile'}-${u.unitCode}`}
              data-value={categories === undefined ? (v ?? '') : undefined}
              role={onOpenUnit === undefined ? undefined : 'link'}
              onClick={onOpenUnit === undefined ? undefined : () => onOpenUnit(u.unitCode)}
              title={pick(u.nameZh, u.nameEn)}
              style={{
                gridRow: tile.row - rows + 1,
                gridColumn: tile.col - cols + 1,
                background: bg,
                color: dark ? '#fff' : '#1f1f1f',
                borderRadius: 8,
                padding: '12px 10px',
                minHeight: 88,
                display: 'flex',
                flexDirection: 'column',
                justifyContent: 'space-between',
                cursor: onOpenUnit === undefined ? 'default' : 'pointer',
                boxShadow: '0 1px 2px rgba(0,0,0,0.08)',
                overflow: 'hidden',
              }}
            >
              <div style={{ fontWeight: 600, fontSize: 15, lineHeight: 1.3, wordBreak: 'keep-all' }}>
                {pick(u.nameZh, u.nameEn)}
              </div>
              {categories !== undefined ? (
                (cat?.body ?? <span>{t.overview.legendNoData}</span>)
              ) : (
                <NumberValue
                  value={v}
                  uom={uom}
                  style={{ fontSize: 14, color: dark ? '#fff' : undefined }}
                  explain={v === null ? undefined : { unit: u.unitCode, measure, dimension, period }}
                />
              )}
            </div>
          );
        })}
      </div>
      {categories !== undefined ? categories.legend : <RampLegend minText={minText} maxText={maxText} />}
    </div>
  );
}

function RampLegend({ minText, maxText }: { readonly minText: string; readonly maxText: string }) {
  const { t } = useI18n();
  return (
    <div
      data-testid="tile-legend"
      style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 14, fontSize: 12, flexWrap: 'wrap' }}
    >
      <span>{minText}</span>
      <span
        style={{
          width: 180,
          height: 10,
          borderRadius: 5,
          background: `linear-gradient(to right, ${RAMP.join(', ')})`,
        }}
      />
      <span>{maxText}</span>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, marginLeft: 12 }}>
        <span style={{ width: 14, height: 10, borderRadius: 2, background: NO_DATA, display: 'inline-block' }} />
        {t.overview.legendNoData}
      </span>
    </div>
  );
}
