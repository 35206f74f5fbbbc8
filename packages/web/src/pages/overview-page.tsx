// 总览: the city's units as a tile map coloured by a chosen measure and period, the period slider, and four headline
// cards (人 / 房 / 地 / 钱) for the whole city.
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Slider from 'antd/es/slider';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { useMemo, useState } from 'react';
import { api, type Element } from '../api.js';
import { useApp } from '../app-context.js';
import { NumberValue } from '../components/number-value.js';
import { UnitMap } from '../components/unit-map.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { MeasureSelect } from '../components/measure-select.js';

const ELEMENT_COLORS: Record<Element, string> = {
  people: '#1d5fbf',
  housing: '#d46b08',
  land: '#389e0d',
  money: '#c41d7f',
};

export function OverviewPage() {
  const { t, pick } = useI18n();
  const app = useApp();
  const city = app.city.cityCode;
  const [measure, setMeasure] = useState<string | undefined>(undefined);
  const [dimension, setDimension] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const overview = useAsync(
    () => api.overview(city, { measure, dimension, period }),
    [city, measure, dimension, period],
  );
  const data = overview.data;
  const current = data?.measure.code ?? measure;
  const currentDim = data?.dimension ?? dimension ?? '';
  const measureDef = current === undefined ? undefined : app.measureByCode.get(current);
  // The root's children as tiles (a city with sub-areas shows its districts here; sub-areas on the unit page).
  const root = data?.rootCode ?? null;
  const tiles = useMemo(
    () => app.units.filter((u) => u.tile !== null && (root === null || u.parentCode === root)),
    [app.units, root],
  );
  const values = useMemo(() => new Map((data?.units ?? []).map((v) => [v.unitCode, v.value])), [data]);
  const periods = data?.periods ?? [];
  const periodIndex = data?.period == null ? -1 : periods.findIndex((p) => p.code === data.period?.code);
  const markEvery = Math.max(1, Math.ceil(periods.length / 10));

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 16 }}
        data-testid="headline-cards"
      >
        {(data?.headlines ?? []).map((h) => (
          <Card
            key={h.element}
            size="small"
            styles={{ body: { padding: '14px 16px' } }}
            style={{ borderTop: `3px solid ${ELEMENT_COLORS[h.element]}` }}
            data-testid={`headline-${h.element}`}
          >
            <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
              <span style={{ fontSize: 20, fontWeight: 700, color: ELEMENT_COLORS[h.element] }}>
                {t.element[h.element]}
              </span>
              <span style={{ color: '#595959', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {h.measure === null ? '' : pick(h.measure.nameZh, h.measure.nameEn)}
              </span>
            </div>
            <NumberValue
              value={h.value}
              uom={h.uom?.code ?? ''}
              style={{ fontSize: 24, fontWeight: 600, display: 'block', marginTop: 6 }}
              explain={
                h.value === null || h.measure === null || h.period === null || root === null
                  ? undefined
                  : { unit: root, measure: h.measure.code, dimension: '', period: h.period.code }
              }
            />
            <div style={{ color: '#8c8c8c', fontSize: 12 }}>
              {h.period === null ? '\u00a0' : pick(h.period.labelZh, h.period.labelEn)}
            </div>
          </Card>
        ))}
      </div>

      <Card
        title={
          <span>
            {t.overview.tileMapTitle}
            {measureDef === undefined ? '' : ` · ${pick(measureDef.nameZh, measureDef.nameEn)}`}
            {currentDim === '' ? '' : `（${app.dimensionName(currentDim)}）`}
            {data?.period == null ? '' : ` · ${pick(data.period.labelZh, data.period.labelEn)}`}
          </span>
        }
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center', marginBottom: 16 }}>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {t.overview.measure}
            <MeasureSelect
              testId="measure-select"
              value={current}
              onChange={(m) => {
                setMeasure(m);
                setDimension('');
                setPeriod(undefined);
              }}
            />
          </label>
          {measureDef === undefined || measureDef.dimensions.length === 0 ? null : (
            <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              {t.overview.dimension}
              <Select
                data-testid="dimension-select"
                style={{ width: 180 }}
                value={currentDim}
                onChange={(d: string) => {
                  setDimension(d);
                  setPeriod(undefined);
                }}
                options={[
                  { value: '', label: app.dimensionName('') },
                  ...measureDef.dimensions.map((d) => ({ value: d.code, label: pick(d.nameZh, d.nameEn) })),
                ]}
              />
            </label>
          )}
          {periods.length === 0 ? null : (
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, flex: '1 1 320px', minWidth: 260 }}>
              <span style={{ whiteSpace: 'nowrap' }}>{t.overview.period}</span>
              <div style={{ flex: 1, padding: '0 24px' }} data-testid="period-slider">
                {periods.length === 1 ? (
                  <Tag color="blue">{pick(periods[0]!.labelZh, periods[0]!.labelEn)}</Tag>
                ) : (
                  <Slider
                    min={0}
                    max={Math.max(0, periods.length - 1)}
                    value={periodIndex < 0 ? periods.length - 1 : periodIndex}
                    marks={Object.fromEntries(
                      periods
                        .map((p, i) => [i, pick(p.labelZh, p.labelEn)] as const)
                        .filter(([i]) => i % markEvery === 0 || i === periods.length - 1),
                    )}
                    tooltip={{
                      formatter: (i) => {
                        const p = i === undefined ? undefined : periods[i];
                        return p === undefined ? '' : pick(p.labelZh, p.labelEn);
                      },
                    }}
                    onChange={(i: number) => setPeriod(periods[i]?.code)}
                  />
                )}
              </div>
            </div>
          )}
        </div>
        {overview.error === undefined ? null : <Alert type="error" showIcon title={overview.error.message} />}
        {data === undefined ? (
          <Spin />
        ) : (
          <Spin spinning={overview.loading}>
            {data.period === null ? (
              <Alert type="info" showIcon title={t.overview.noPeriods} style={{ marginBottom: 12 }} />
            ) : null}
            <UnitMap
              units={tiles}
              values={values}
              uom={data.uom.code}
              measure={data.measure.code}
              dimension={data.dimension}
              period={data.period?.code ?? ''}
              onOpenUnit={(u) => app.go('unit', u)}
            />
          </Spin>
        )}
      </Card>
    </div>
  );
}
