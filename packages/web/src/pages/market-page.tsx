// 市场监测: the city's units as tiles coloured by destocking-cycle class for a chosen period and property type, the
// computed cycle beside the printed one (公布值) per unit, the report downloads of the chosen period, the inventory age
// stack, the price watch against the profile's caps and the stored warning log. Every number opens its explanation:
// computed values carry theirs (market routes), printed ones are looked up.
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { marketApi, type MarketCycle, type MarketPrice } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import type { EChartsType } from '../components/echarts-setup.js';
import { InventoryAgeCard, periodEndDate } from '../components/inventory-age-card.js';
import { NumberValue } from '../components/number-value.js';
import { ReportButtons } from '../components/report-buttons.js';
import { WarningLogCard } from '../components/warning-log-card.js';
import { formatPeriod, formatWithUnit, shortPeriod } from '../format.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';

type PropertyType = '' | 'residential' | 'non-residential';
type ClassKey = 'within' | 'above' | 'below' | 'no-sales' | 'no-data';

/** Tile colours by class: green inside the range, warm above (slow destocking), cool below (tight supply). */
const CLASS_COLORS: Readonly<Record<ClassKey, { bg: string; fg: string }>> = {
  within: { bg: '#52c41a', fg: '#fff' },
  above: { bg: '#f5222d', fg: '#fff' },
  below: { bg: '#1677ff', fg: '#fff' },
  'no-sales': { bg: '#bfbfbf', fg: '#1f1f1f' },
  'no-data': { bg: '#f0f0f0', fg: '#8c8c8c' },
};

const REPORTED = 'housing.destocking-cycle-reported';

/** The tile's class: the computed cycle's; where none can be computed, the printed cycle's (marked as such). */
function tileClass(c: MarketCycle | undefined): { key: ClassKey; byPrinted: boolean } {
  if (c === undefined) return { key: 'no-data', byPrinted: false };
  if (c.kind === 'no-sales') return { key: 'no-sales', byPrinted: false };
  if (c.kind === 'months' && c.range !== null) return { key: c.range, byPrinted: false };
  if (c.printedClass?.range != null) return { key: c.printedClass.range, byPrinted: true };
  return { key: 'no-data', byPrinted: false };
}

/** Percent text of a ratio ("0.1065" → "10.65%"). */
function percent(ratio: string | null, lang: 'zh' | 'en'): string {
  if (ratio === null) return '—';
  return formatWithUnit((Number(ratio) * 100).toFixed(2), '%', lang);
}

export function MarketPage() {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const m = t.market;
  const city = app.city.cityCode;
  // Residential first: the seeds print cycles for 商品住宅 (003's city and county tables). Each card chooses its own.
  const [type, setType] = useState<PropertyType>('residential');
  const [trendType, setTrendType] = useState<PropertyType>('residential');
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [trendUnit, setTrendUnit] = useState<string | undefined>(undefined);

  const cycles = useAsync(() => marketApi.cycles(city, { basis: 'area' }), [city]);
  const prices = useAsync(() => marketApi.prices(city), [city]);

  const root = app.units.find((u) => u.level === 'city') ?? app.units[0];
  const rootCode = root?.unitCode ?? city;
  const tiles = useMemo(
    () => app.units.filter((u) => u.tile !== null && u.parentCode === rootCode),
    [app.units, rootCode],
  );
  const periods = cycles.data?.periods ?? [];
  const shownPeriod = period ?? periods.at(-1);
  // The age stack is seen on the last day of the latest period shown (today when the city has no market periods).
  const latestPeriod = periods.at(-1);
  const defaultAsOf =
    cycles.data === undefined && cycles.error === undefined
      ? undefined
      : ((latestPeriod === undefined ? undefined : periodEndDate(latestPeriod)) ??
        new Date().toISOString().slice(0, 10));
  const byKey = useMemo(
    () => new Map((cycles.data?.cycles ?? []).map((c) => [`${c.unitCode}|${c.propertyType}|${c.period}`, c])),
    [cycles.data],
  );
  const typeName = (p: string): string =>
    p === '' ? m.typeAll : p === 'residential' ? m.typeResidential : m.typeNonResidential;
  const typeLabel = typeName(type);
  const trendCycles = useMemo(
    () => (cycles.data?.cycles ?? []).filter((c) => c.propertyType === trendType),
    [cycles.data, trendType],
  );
  const unitsWithCycles = useMemo(() => {
    const codes = new Set(trendCycles.filter((c) => c.kind !== 'no-data').map((c) => c.unitCode));
    return app.units.filter((u) => codes.has(u.unitCode));
  }, [trendCycles, app.units]);
  const typeOptions = [
    { value: '', label: m.typeAll },
    { value: 'residential', label: m.typeResidential },
    { value: 'non-residential', label: m.typeNonResidential },
  ];
  const focus = trendUnit ?? rootCode;

  const cycleValue = (c: MarketCycle | undefined, style?: CSSProperties) =>
    c === undefined || c.kind === 'no-data' ? (
      <NumberValue value={null} uom="" style={style} />
    ) : (
      <NumberValue
        value={c.months}
        uom="month"
        text={c.kind === 'no-sales' ? '—' : `${c.display} ${m.months}`}
        style={style}
        explained={{
          explained: c.explained,
          title: [app.unitName(c.unitCode), typeName(c.propertyType) + m.cycleOf, formatPeriod(c.period, lang)].join(
            ' · ',
          ),
        }}
      />
    );
  const printedValue = (c: MarketCycle | undefined, style?: CSSProperties) =>
    c?.printed == null ? (
      <span style={{ color: '#8c8c8c', ...style }}>—</span>
    ) : (
      <NumberValue
        value={c.printed}
        uom="month"
        text={`${c.printed} ${m.months}`}
        style={style}
        explain={{ unit: c.unitCode, measure: REPORTED, dimension: c.propertyType, period: c.period }}
      />
    );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="market-page">
      {cycles.error === undefined ? null : <Alert type="error" showIcon title={cycles.error.message} />}
      <Card
        title={`${m.mapTitle} · ${typeLabel}${shownPeriod === undefined ? '' : ` · ${formatPeriod(shownPeriod, lang)}`}`}
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center', marginBottom: 16 }}>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {m.propertyType}
            <Select
              data-testid="market-type"
              style={{ width: 160 }}
              value={type}
              onChange={(v: PropertyType) => setType(v)}
              options={typeOptions}
            />
          </label>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {m.period}
            <Select
              data-testid="market-period"
              style={{ width: 140 }}
              value={shownPeriod}
              onChange={(v: string) => setPeriod(v)}
              options={periods.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
            />
          </label>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginLeft: 'auto' }}>
            <span style={{ color: '#595959' }}>{t.marketMore.reportsTitle}</span>
            <ReportButtons grain={cycles.data?.grain} period={shownPeriod} />
          </div>
        </div>
        {cycles.loading && cycles.data === undefined ? <Spin /> : null}
        <div
          data-testid="market-tiles"
          style={{
            display: 'grid',
            gridTemplateColumns: `repeat(${Math.max(1, ...tiles.map((u) => u.tile!.col)) - Math.min(...tiles.map((u) => u.tile!.col)) + 1}, minmax(150px, 1fr))`,
            gap: 8,
            maxWidth: 1000,
          }}
        >
          {tiles.map((u) => {
            const c = shownPeriod === undefined ? undefined : byKey.get(`${u.unitCode}|${type}|${shownPeriod}`);
            const { key: k, byPrinted } = tileClass(c);
            const colors = CLASS_COLORS[k];
            const minRow = Math.min(...tiles.map((x) => x.tile!.row));
            const minCol = Math.min(...tiles.map((x) => x.tile!.col));
            return (
              <div
                key={u.unitCode}
                data-testid={`market-tile-${u.unitCode}`}
                data-class={k}
                data-by-printed={byPrinted ? 'true' : 'false'}
                style={{
                  outline: byPrinted ? `2px dashed ${colors.fg}` : undefined,
                  outlineOffset: -6,
                  gridRow: u.tile!.row - minRow + 1,
                  gridColumn: u.tile!.col - minCol + 1,
                  background: colors.bg,
                  color: colors.fg,
                  borderRadius: 8,
                  padding: '10px 12px',
                  minHeight: 96,
                  display: 'flex',
                  flexDirection: 'column',
                  justifyContent: 'space-between',
                  boxShadow: '0 1px 2px rgba(0,0,0,0.08)',
                }}
              >
                <div style={{ fontWeight: 600, fontSize: 15, lineHeight: 1.3 }}>{pick(u.nameZh, u.nameEn)}</div>
                <div style={{ fontSize: 18, fontWeight: 600 }}>
                  {c !== undefined && c.kind === 'no-data' ? (
                    <span style={{ fontSize: 14, fontWeight: 400 }}>{m.notComputable}</span>
                  ) : (
                    cycleValue(c, { color: colors.fg })
                  )}
                </div>
                <div style={{ fontSize: 12 }}>
                  {c?.printed == null ? null : (
                    <span>
                      {m.printed} {printedValue(c, { color: colors.fg })}
                      {' · '}
                    </span>
                  )}
                  {byPrinted && c?.printedClass != null ? (
                    <NumberValue
                      value={c.printedClass.classId}
                      uom=""
                      text={`${pick(c.printedClass.classZh, c.printedClass.classEn)}（${m.byPrinted}）`}
                      style={{ color: colors.fg }}
                      explained={{
                        explained: c.printedClass.explained,
                        title: [app.unitName(c.unitCode), m.classOf, formatPeriod(c.period, lang)].join(' · '),
                      }}
                    />
                  ) : c === undefined || c.kind === 'no-data' ? (
                    m.legendNoData
                  ) : (
                    pick(c.classZh, c.classEn)
                  )}
                  {c?.partial ? ` · ${m.partial}` : ''}
                </div>
              </div>
            );
          })}
        </div>
        <div
          data-testid="market-legend"
          style={{ display: 'flex', gap: 16, marginTop: 14, fontSize: 12, flexWrap: 'wrap', alignItems: 'center' }}
        >
          {(
            [
              ['below', m.legendBelow],
              ['within', m.legendWithin],
              ['above', m.legendAbove],
              ['no-sales', m.legendNoSales],
              ['no-data', m.legendNoData],
            ] as const
          ).map(([k, label]) => (
            <span key={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
              <span
                style={{
                  width: 14,
                  height: 10,
                  borderRadius: 2,
                  background: CLASS_COLORS[k].bg,
                  border: '1px solid #d9d9d9',
                  display: 'inline-block',
                }}
              />
              {label}
            </span>
          ))}
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <span
              style={{ width: 14, height: 10, border: '2px dashed #8c8c8c', borderRadius: 2, display: 'inline-block' }}
            />
            {m.legendByPrinted}
          </span>
          {root === undefined || shownPeriod === undefined ? null : (
            <span style={{ marginLeft: 'auto', color: '#595959' }} data-testid="market-city-cycle">
              {pick(root.nameZh, root.nameEn)}：{m.computed}{' '}
              {cycleValue(byKey.get(`${rootCode}|${type}|${shownPeriod}`))} · {m.printed}{' '}
              {printedValue(byKey.get(`${rootCode}|${type}|${shownPeriod}`))}
            </span>
          )}
        </div>
      </Card>

      <Card
        title={`${m.trendTitle} · ${typeName(trendType)}`}
        extra={
          <div style={{ display: 'flex', gap: 8 }}>
            <Select
              data-testid="market-trend-type"
              style={{ width: 140 }}
              value={trendType}
              onChange={(v: PropertyType) => setTrendType(v)}
              options={typeOptions}
            />
            <Select
              data-testid="market-trend-unit"
              style={{ width: 200 }}
              value={focus}
              onChange={(v: string) => setTrendUnit(v)}
              options={unitsWithCycles.map((u) => ({ value: u.unitCode, label: pick(u.nameZh, u.nameEn) }))}
            />
          </div>
        }
      >
        <CycleTrend
          cycles={trendCycles.filter((c) => c.unitCode === focus)}
          periods={periods}
          typeLabel={typeName(trendType)}
        />
        <DataTable<MarketCycle>
          testId="market-cycle-table"
          rowKey={(c) => `${c.unitCode}|${c.period}`}
          dataSource={trendCycles.filter((c) => c.unitCode === focus && c.kind !== 'no-data')}
          pagination={false}
          columns={[
            { title: m.period, dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
            { title: m.computed, key: 'computed', align: 'right', render: (_: unknown, c) => cycleValue(c) },
            { title: m.printed, key: 'printed', align: 'right', render: (_: unknown, c) => printedValue(c) },
            {
              title: t.market.classOf,
              key: 'class',
              render: (_: unknown, c) => (
                <NumberValue
                  value={c.classId}
                  uom=""
                  text={pick(c.classZh, c.classEn)}
                  explained={{
                    explained: c.classExplained,
                    title: [app.unitName(c.unitCode), m.classOf, formatPeriod(c.period, lang)].join(' · '),
                  }}
                />
              ),
            },
          ]}
        />
        <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 8 }}>{m.printedNote}</div>
      </Card>

      <InventoryAgeCard defaultAsOf={defaultAsOf} />

      <Card title={m.priceTitle}>
        {prices.error === undefined ? null : <Alert type="error" showIcon title={prices.error.message} />}
        <DataTable<MarketPrice>
          testId="market-prices"
          rowKey={(p) => `${p.unitCode}|${p.kind}|${p.period}`}
          dataSource={(prices.data?.prices ?? [])
            .filter((p) => p.status !== 'no-data')
            .sort((a, b) => b.period.localeCompare(a.period))}
          onRow={(p) => (p.status === 'above-cap' ? { style: { background: '#fff1f0' } } : {})}
          columns={[
            { title: m.unit, dataIndex: 'unitCode', render: (u: string) => app.unitName(u) },
            { title: m.kind, dataIndex: 'kind', render: (k: string) => m.kinds[k] ?? k },
            { title: m.period, dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
            {
              title: m.change,
              key: 'change',
              align: 'right',
              render: (_: unknown, p) => (
                <NumberValue
                  value={p.change}
                  uom=""
                  text={percent(p.change, lang)}
                  explained={{
                    explained: p.changeExplained,
                    title: [
                      app.unitName(p.unitCode),
                      m.kinds[p.kind] ?? p.kind,
                      m.change,
                      formatPeriod(p.period, lang),
                    ].join(' · '),
                  }}
                />
              ),
            },
            { title: m.cap, key: 'cap', align: 'right', render: (_: unknown, p) => percent(p.cap, lang) },
            {
              title: m.status,
              key: 'status',
              render: (_: unknown, p) => (
                <span
                  role="button"
                  tabIndex={0}
                  style={{ cursor: 'pointer' }}
                  onClick={() =>
                    app.explainValue({
                      explained: p.explained,
                      title: [app.unitName(p.unitCode), m.kinds[p.kind] ?? p.kind, formatPeriod(p.period, lang)].join(
                        ' · ',
                      ),
                    })
                  }
                >
                  <Tag color={p.status === 'above-cap' ? 'red' : p.status === 'within-cap' ? 'green' : 'default'}>
                    {m.statuses[p.status] ?? p.status}
                  </Tag>
                </span>
              ),
            },
          ]}
        />
      </Card>

      <WarningLogCard />
    </div>
  );
}

/** Computed and printed cycles of one unit across periods; clicking a point opens its explanation. */
function CycleTrend({
  cycles,
  periods,
  typeLabel,
}: {
  readonly cycles: readonly MarketCycle[];
  readonly periods: readonly string[];
  readonly typeLabel: string;
}) {
  const { t, lang } = useI18n();
  const app = useApp();
  const m = t.market;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const latest = useRef({ cycles, periods, app, typeLabel, lang });
  latest.current = { cycles, periods, app, typeLabel, lang };

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('../components/echarts-setup.js').then(({ init }) => {
      if (disposed || el.current === null) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      chart.current = c;
      c.on('click', (p) => {
        const cur = latest.current;
        const period = cur.periods[p.dataIndex];
        const cycle = cur.cycles.find((x) => x.period === period);
        if (cycle === undefined) return;
        if (p.seriesIndex === 1) {
          if (cycle.printed !== null)
            cur.app.explain({
              unit: cycle.unitCode,
              measure: REPORTED,
              dimension: cycle.propertyType,
              period: cycle.period,
            });
          return;
        }
        if (cycle.kind === 'no-data') return;
        cur.app.explainValue({
          explained: cycle.explained,
          title: [
            cur.app.unitName(cycle.unitCode),
            cur.typeLabel + m.cycleOf,
            formatPeriod(cycle.period, cur.lang),
          ].join(' · '),
        });
      });
      observer = new ResizeObserver(() => c.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, [m.cycleOf]);

  useEffect(() => {
    const c = chart.current;
    if (!ready || c === undefined) return;
    const by = new Map(cycles.map((x) => [x.period, x]));
    const computed = periods.map((p) => {
      const x = by.get(p);
      return x === undefined || x.months === null ? null : Number(Number(x.months).toFixed(1));
    });
    const printed = periods.map((p) => {
      const v = by.get(p)?.printed;
      return v == null ? null : Number(v);
    });
    const label = (o: { value: unknown }) => (typeof o.value === 'number' ? String(o.value) : '');
    c.setOption(
      {
        animation: false,
        color: ['#1d5fbf', '#fa8c16'],
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, right: 0 },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v} ${m.months}` : '—'),
        },
        xAxis: { type: 'category', data: periods.map((p) => shortPeriod(p)) },
        yAxis: { type: 'value', name: m.months, nameTextStyle: { align: 'left' } },
        series: [
          {
            type: 'line',
            name: m.computed,
            data: computed,
            symbolSize: 8,
            lineStyle: { width: 3 },
            label: { show: true, position: 'top', formatter: label },
          },
          {
            type: 'line',
            name: m.printed,
            data: printed,
            symbolSize: 8,
            lineStyle: { type: 'dashed', width: 2 },
            label: { show: true, position: 'bottom', formatter: label },
          },
        ],
      },
      { notMerge: true },
    );
  }, [ready, cycles, periods, m]);

  const last = cycles.filter((x) => x.kind === 'months').at(-1);
  return (
    <div
      data-testid="market-trend"
      ref={el}
      aria-label={
        last === undefined
          ? ''
          : `${app.unitName(last.unitCode)} ${formatPeriod(last.period, lang)} ${m.computed} ${last.display} ${m.printed} ${last.printed ?? '—'}`
      }
      style={{ width: '100%', height: 300, marginBottom: 12 }}
    />
  );
}
