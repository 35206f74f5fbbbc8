// 以房定地 per county for a chosen year: each unit's stored residential destocking cycle (or the printed one where no
// sales are stored), net inflow and revitalised land, classified on the server by the city's policy profile
// (GET /api/cities/{city}/linkage/classes), drawn on the tile map in the colour of its action with the cap; a click
// opens the explanation of the branch taken.
import Alert from 'antd/es/alert';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import { useMemo, useState } from 'react';
import { linkageApi, type StoredLandClass } from '../api.js';
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

const keyOf = (r: StoredLandClass): string => (r.kind === 'classified' ? (r.action ?? r.kind) : r.kind);

export function LandClassMap() {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const p = t.planning;
  const city = app.city.cityCode;
  const [period, setPeriod] = useState<string | undefined>(undefined);
  // The server classifies every unit from its stored cycle (the printed one where no sales are stored), its net
  // inflow and the stock land it revitalised (GET /api/cities/{city}/linkage/classes).
  const classes = useAsync(() => linkageApi.classes(city, period), [city, period]);

  const root = app.units.find((u) => u.level === 'city') ?? app.units[0];
  const tiles = useMemo(
    () => app.units.filter((u) => u.tile !== null && u.parentCode === (root?.unitCode ?? city)),
    [app.units, root, city],
  );

  if (classes.error !== undefined) {
    return <Alert type="error" message={t.error} description={classes.error.message} />;
  }
  if (classes.data === undefined) return <Spin />;
  const periods = classes.data.periods;
  const shown = classes.data.period ?? undefined;
  if (shown === undefined) return <Alert type="info" message={p.landMapHint} />;

  const results = new Map(classes.data.classes.map((r) => [r.unitCode, r]));
  const capText = (r: StoredLandClass): string => {
    if (r.kind !== 'classified') return pick(r.labelZh, r.labelEn);
    if (r.capKind === 'none') return p.capNone;
    if (r.capKind === 'zero') return p.capZero;
    return r.capHa === null ? p.capRevitalised : p.capHa(r.capHa);
  };
  const categoryTiles = new Map(
    tiles.flatMap((u) => {
      const r = results.get(u.unitCode);
      if (r === undefined) return [];
      const key = keyOf(r);
      const byPrinted = r.cycleSource === 'printed';
      // Printed cycles as printed; computed ones to one decimal. No line at all when there is no cycle.
      const cycleText =
        r.cycleMonths === null
          ? null
          : `${p.cycle} ${byPrinted ? r.cycleMonths : Number(r.cycleMonths).toFixed(1)} ${p.months}${byPrinted ? `（${p.byPrinted}）` : ''}`;
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
