// 以房定地 per county for a chosen year: each unit's residential destocking cycle (computed, or the printed one where
// no sales are stored) classified by the city's policy profile (POST /api/linkage/classify), drawn on the tile map in
// the colour of its action with the cap; a click opens the explanation of the branch taken.
import Alert from 'antd/es/alert';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import { useMemo, useState } from 'react';
import { marketApi, planningApi, type LandClassItem, type LandClassResult, type MarketCycle } from '../api.js';
import { useApp } from '../app-context.js';
import { TileMap } from '../components/tile-map.js';
import { formatPeriod } from '../format.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';

/** Fill per action (and for the two unclassified kinds). */
export const LAND_CLASS_COLORS: Readonly<Record<string, string>> = {
  'stable-or-increase': '#b7eb8f',
  'keep-stable': '#b7eb8f',
  'strict-control': '#ffd591',
  'supply-by-need-cautiously': '#ffe58f',
  pause: '#ffa39e',
  stop: '#ffa39e',
  undefined: '#d3adf7',
  'no-data': '#e8e8e8',
};

/** The cycle a unit is classified by: residential first, the computed months, else the printed figure. */
function cycleFor(
  byKey: ReadonlyMap<string, MarketCycle>,
  unitCode: string,
  period: string,
): { months: string | null; byPrinted: boolean } {
  for (const type of ['residential', '']) {
    const c = byKey.get(`${unitCode}|${type}|${period}`);
    if (c === undefined) continue;
    if (c.kind === 'months' && c.months !== null) return { months: c.months, byPrinted: false };
    if (c.printed !== null) return { months: c.printed, byPrinted: true };
  }
  return { months: null, byPrinted: false };
}

const keyOf = (r: LandClassResult): string => (r.kind === 'classified' ? r.action : r.kind);

export function LandClassMap() {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const p = t.planning;
  const city = app.city.cityCode;
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const cycles = useAsync(() => marketApi.cycles(city, { basis: 'area' }), [city]);

  const root = app.units.find((u) => u.level === 'city') ?? app.units[0];
  const tiles = useMemo(
    () => app.units.filter((u) => u.tile !== null && u.parentCode === (root?.unitCode ?? city)),
    [app.units, root, city],
  );
  const byKey = useMemo(
    () => new Map((cycles.data?.cycles ?? []).map((c) => [`${c.unitCode}|${c.propertyType}|${c.period}`, c])),
    [cycles.data],
  );
  const periods = cycles.data?.periods ?? [];
  // Default: the latest period for which some county has a cycle (computed or printed).
  const withData = periods.filter((per) => tiles.some((u) => cycleFor(byKey, u.unitCode, per).months !== null));
  const shown = period ?? withData.at(-1) ?? periods.at(-1);
  const inputs = useMemo(
    () =>
      shown === undefined
        ? []
        : tiles.map((u) => ({ unitCode: u.unitCode, period: shown, ...cycleFor(byKey, u.unitCode, shown) })),
    [tiles, byKey, shown],
  );
  const profileId = cycles.data?.profile.id;
  const classes = useAsync(
    () =>
      profileId === undefined || inputs.length === 0
        ? undefined
        : planningApi.classify(
            profileId,
            inputs.map((i): LandClassItem => ({ unitCode: i.unitCode, period: i.period, cycleMonths: i.months })),
          ),
    [profileId, JSON.stringify(inputs)],
  );

  if (cycles.error !== undefined || classes.error !== undefined) {
    return <Alert type="error" message={t.error} description={(cycles.error ?? classes.error)?.message} />;
  }
  if (cycles.data === undefined || shown === undefined) return <Spin />;

  const results = new Map((classes.data?.results ?? []).map((r) => [r.unitCode, r]));
  const inputOf = new Map(inputs.map((i) => [i.unitCode, i]));
  const capText = (r: LandClassResult): string => {
    if (r.kind !== 'classified') return pick(r.reasonZh, r.reasonEn);
    if (r.capKind === 'none') return p.capNone;
    if (r.capKind === 'zero') return p.capZero;
    return r.capHa === null ? p.capRevitalised : p.capHa(r.capHa);
  };
  const categoryTiles = new Map(
    tiles.flatMap((u) => {
      const r = results.get(u.unitCode);
      if (r === undefined) return [];
      const input = inputOf.get(u.unitCode);
      const key = keyOf(r);
      // Printed cycles as printed; computed ones to one decimal. No line at all when there is no cycle.
      const cycleText =
        input?.months == null
          ? null
          : `${p.cycle} ${input.byPrinted ? input.months : Number(input.months).toFixed(1)} ${p.months}${input.byPrinted ? `（${p.byPrinted}）` : ''}`;
      return [
        [
          u.unitCode,
          {
            color: LAND_CLASS_COLORS[key] ?? LAND_CLASS_COLORS['no-data']!,
            data: { 'data-class': key },
            body: (
              <div style={{ display: 'grid', gap: 2, fontSize: 12, lineHeight: 1.4 }}>
                <span style={{ fontWeight: 600, fontSize: 13 }}>{p.actions[key] ?? key}</span>
                {cycleText === null ? null : <span>{cycleText}</span>}
                <span data-testid={`land-cap-${u.unitCode}`}>{capText(r)}</span>
              </div>
            ),
          },
        ] as const,
      ];
    }),
  );
  const legendKeys = ['stable-or-increase', 'strict-control', 'pause', 'undefined', 'no-data'];
  const legend = (
    <div
      data-testid="land-class-legend"
      style={{ display: 'flex', gap: 14, marginTop: 14, fontSize: 12, flexWrap: 'wrap' }}
    >
      {legendKeys.map((k) => (
        <span key={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span
            style={{
              width: 14,
              height: 10,
              borderRadius: 2,
              background: LAND_CLASS_COLORS[k],
              display: 'inline-block',
            }}
          />
          {p.actions[k]}
        </span>
      ))}
    </div>
  );

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <span>{p.year}</span>
        <Select
          data-testid="land-class-period"
          style={{ width: 120 }}
          value={shown}
          onChange={(v: string) => setPeriod(v)}
          options={periods.map((per) => ({ value: per, label: formatPeriod(per, lang) }))}
        />
        <span style={{ color: '#666', fontSize: 12 }}>{p.landMapHint}</span>
        {classes.loading ? <Spin size="small" /> : null}
      </div>
      <TileMap
        units={tiles}
        values={new Map()}
        uom=""
        measure=""
        dimension=""
        period={shown}
        onOpenUnit={(code) => {
          const r = results.get(code);
          if (r === undefined) return;
          app.explainValue({
            explained: r.explanation,
            title: [app.unitName(code), p.landClassOf, formatPeriod(shown, lang)].join(' · '),
          });
        }}
        categories={{ tiles: categoryTiles, legend, testIdPrefix: 'land-tile' }}
      />
    </div>
  );
}
