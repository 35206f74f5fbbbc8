// 单元: one unit's time series, grouped 人 / 房 / 地 / 钱, rolled up by month / quarter / year, compared with the city
// and the unit's siblings.
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import Empty from 'antd/es/empty';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import Tabs from 'antd/es/tabs';
import { useMemo, useState } from 'react';
import { api, type Element, type Grain, type SeriesView } from '../api.js';
import { useApp } from '../app-context.js';
import { NumberValue } from '../components/number-value.js';
import { SeriesChart, type ChartLine } from '../components/series-chart.js';
import { formatPeriod } from '../format.js';
import { useI18n } from '../i18n.js';
import { navigate, useRoute } from '../router.js';
import { useAsync } from '../use-async.js';

const ELEMENTS: readonly Element[] = ['people', 'housing', 'land', 'money'];
type GrainChoice = Grain | 'stored';

interface ChartSpec {
  readonly series: SeriesView;
  readonly focus: string;
  readonly compare: readonly string[];
}

function SeriesCard({ spec }: { readonly spec: ChartSpec }) {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const { series, focus } = spec;
  const { lines, periods } = useMemo(() => {
    const order = new Map<string, string>();
    const byUnit = new Map<string, Map<string, string>>();
    for (const p of series.points) {
      order.set(p.period, `${p.periodEnd}|${p.periodStart}`);
      const m = byUnit.get(p.unitCode) ?? new Map<string, string>();
      m.set(p.period, p.value);
      byUnit.set(p.unitCode, m);
    }
    const ps = [...order.keys()].sort((a, b) => order.get(a)!.localeCompare(order.get(b)!));
    const ls: ChartLine[] = [focus, ...spec.compare]
      .filter((u) => byUnit.has(u))
      .map((u) => ({ unit: u, name: app.unitName(u), values: byUnit.get(u)!, emphasis: u === focus }));
    return { lines: ls, periods: ps };
  }, [series, focus, spec.compare, app]);
  const own = series.points.filter((p) => p.unitCode === focus);
  const last = own.at(-1);
  const unit = pick(series.uom.labelZh, series.uom.labelEn);
  const title = `${pick(series.measure.nameZh, series.measure.nameEn)}${
    series.dimension === '' ? '' : ` · ${app.dimensionName(series.dimension)}`
  }${unit === '' ? '' : `（${unit}）`}`;
  return (
    <Card
      size="small"
      title={title}
      data-testid={`series-${series.measure.code}${series.dimension === '' ? '' : `-${series.dimension}`}`}
      extra={
        last === undefined ? null : (
          <span style={{ fontSize: 13 }}>
            <span style={{ color: '#8c8c8c' }}>
              {t.unit.latest} {formatPeriod(last.period, lang)}
              {last.complete ? '' : t.unit.incomplete}：
            </span>
            <NumberValue
              value={last.value}
              uom={series.uom.code}
              style={{ fontWeight: 600 }}
              explain={{ unit: focus, measure: series.measure.code, dimension: series.dimension, period: last.period }}
            />
          </span>
        )
      }
    >
      <SeriesChart
        testId="series-chart"
        lines={lines}
        periods={periods}
        uom={series.uom.code}
        measure={series.measure.code}
        dimension={series.dimension}
      />
    </Card>
  );
}

export function UnitPage() {
  const { t, pick } = useI18n();
  const app = useApp();
  const route = useRoute();
  const city = app.city.cityCode;
  const root = app.units.find((u) => u.parentCode === null)?.unitCode ?? city;
  const firstChild = app.units.find((u) => u.parentCode === root)?.unitCode ?? root;
  const focus = app.unitByCode.has(route.arg) ? route.arg : firstChild;
  const focusUnit = app.unitByCode.get(focus);
  const [grain, setGrain] = useState<GrainChoice>('year');
  const [element, setElement] = useState<Element>('housing');
  const [compareCity, setCompareCity] = useState(true);
  const [compareSiblings, setCompareSiblings] = useState(true);
  const siblings = useMemo(
    () =>
      app.units
        .filter((u) => focusUnit !== undefined && u.parentCode === focusUnit.parentCode && u.unitCode !== focus)
        .map((u) => u.unitCode),
    [app.units, focusUnit, focus],
  );
  const compare = [
    ...(compareCity && focus !== root ? [root] : []),
    ...(compareSiblings && focusUnit?.parentCode !== null ? siblings : []),
  ];
  const unitsWanted = [focus, ...compare];
  const loaded = useAsync(
    () =>
      api.unitSeries(city, {
        units: unitsWanted,
        focus,
        measures: app.measures.filter((m) => m.element === element),
        grain: grain === 'stored' ? undefined : grain,
      }),
    [city, unitsWanted.join(','), focus, element, grain],
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card size="small">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 20, alignItems: 'center' }}>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {t.unit.title}
            <Select
              data-testid="unit-select"
              style={{ width: 200 }}
              value={focus}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(u: string) => navigate({ city, page: 'unit', arg: u })}
              options={app.units.map((u) => ({
                value: u.unitCode,
                label: `${u.parentCode === null ? '' : '　'}${pick(u.nameZh, u.nameEn)}`,
              }))}
            />
          </label>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {t.unit.grain}
            <Segmented<GrainChoice>
              data-testid="grain-switch"
              value={grain}
              onChange={setGrain}
              options={[
                { value: 'month', label: t.unit.month },
                { value: 'quarter', label: t.unit.quarter },
                { value: 'year', label: t.unit.year },
                { value: 'stored', label: t.unit.asStored },
              ]}
            />
          </label>
          <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {t.unit.compare}
            <Checkbox
              checked={compareCity}
              disabled={focus === root}
              onChange={(e) => setCompareCity(e.target.checked)}
            >
              {t.unit.compareCity}
            </Checkbox>
            <Checkbox
              checked={compareSiblings}
              disabled={siblings.length === 0}
              onChange={(e) => setCompareSiblings(e.target.checked)}
            >
              {t.unit.compareSiblings}
            </Checkbox>
          </span>
        </div>
      </Card>
      <Tabs
        activeKey={element}
        onChange={(k) => setElement(k as Element)}
        items={ELEMENTS.map((el) => ({ key: el, label: `${t.element[el]} · ${t.elementLong[el]}` }))}
      />
      {loaded.error === undefined ? null : <Alert type="error" showIcon title={loaded.error.message} />}
      <Spin spinning={loaded.loading}>
        {loaded.data === undefined ? (
          <div style={{ minHeight: 200 }} />
        ) : loaded.data.length === 0 ? (
          <Empty description={t.unit.noSeries} />
        ) : (
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(460px, 1fr))', gap: 16 }}
            data-testid="unit-charts"
          >
            {loaded.data.map((s) => (
              <SeriesCard key={`${s.measure.code}/${s.dimension}`} spec={{ series: s, focus, compare }} />
            ))}
          </div>
        )}
      </Spin>
    </div>
  );
}
