// 库存结构: saleable inventory of each unit by age since presale approval (< 1 年, 1–3 年, 3–5 年, > 5 年; 000 专栏3)
// as a stacked bar, with the pipeline not yet approved beside it, seen on a chosen day. Every segment and every number
// opens its explanation (the route's Explained values: the projects it adds up, the profile's bucket bounds).
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, marketDashboardApi, type AgePropertyType, type Explained, type InventoryAge } from '../api.js';
import { useApp } from '../app-context.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { DataTable } from './data-table.js';
import type { EChartsType } from './echarts-setup.js';
import { NumberValue } from './number-value.js';

type Basis = 'area' | 'units';
type UnitAge = InventoryAge['units'][number];

/** Young to old: green, yellow, orange, red; the pipeline grey. */
export const AGE_COLORS: readonly string[] = ['#73d13d', '#fadb14', '#fa8c16', '#f5222d'];
const PIPELINE_COLOR = '#bfbfbf';

/**
 * The last day of a period code: '2025' → '2025-12-31', '2025Q2' → '2025-06-30', '2024-02' → '2024-02-29';
 * undefined for anything else (spans).
 */
export function periodEndDate(code: string): string | undefined {
  const last = (y: number, m: number): string => {
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(days).padStart(2, '0')}`;
  };
  let m = /^(\d{4})$/.exec(code);
  if (m) return last(Number(m[1]), 12);
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return last(Number(m[1]), Number(m[2]) * 3);
  m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return last(Number(m[1]), Number(m[2]));
  return undefined;
}

/** Square metres as 万㎡ text with two decimals (the seeds' unit for inventory). */
function wan(sqm: string | null): number | null {
  if (sqm === null) return null;
  return Number((Number(sqm) / 10000).toFixed(2));
}

function segmentValue(e: Explained, basis: Basis): number | null {
  return basis === 'area' ? wan(e.value) : e.value === null ? null : Number(e.value);
}

export interface InventoryAgeCardProps {
  /** The day to show first (the last day of the latest period on the page); the picker changes it. */
  readonly defaultAsOf: string | undefined;
}

export function InventoryAgeCard({ defaultAsOf }: InventoryAgeCardProps) {
  const { t, pick } = useI18n();
  const app = useApp();
  const mm = t.marketMore;
  const city = app.city.cityCode;
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [basis, setBasis] = useState<Basis>('area');
  const [type, setType] = useState<AgePropertyType>('');
  const asOf = picked ?? defaultAsOf;
  const age = useAsync(
    () => (asOf === undefined ? undefined : marketDashboardApi.inventoryAge(city, asOf, type)),
    [city, asOf, type],
  );
  const revisions = useAsync(() => api.revisions(city), [city]);

  const order = useMemo(() => new Map(app.units.map((u, i) => [u.unitCode, i])), [app.units]);
  const units = useMemo(
    () =>
      [...(age.data?.units ?? [])].sort(
        (a, b) => (order.get(a.unitCode) ?? Infinity) - (order.get(b.unitCode) ?? Infinity),
      ),
    [age.data, order],
  );
  const synthetic = useMemo(() => {
    const ids = new Set(age.data?.revisionIds ?? []);
    return (revisions.data ?? []).some((r) => ids.has(r.revisionId) && r.synthetic);
  }, [age.data, revisions.data]);
  const bucketLabels = units[0]?.buckets.map((b) => pick(b.labelZh, b.labelEn)) ?? [];
  const uom = basis === 'area' ? 'wan-sqm' : 'dwelling';
  const uomText = app.uomLabel(uom);
  const inconsistent = units.flatMap((u) => u.inconsistentProjectIds);

  const title = (u: UnitAge, what: string): string =>
    [app.unitName(u.unitCode), what, `${mm.asOf} ${u.asOf}`].join(' · ');
  const cell = (u: UnitAge, e: Explained, what: string) => (
    <NumberValue
      value={basis === 'area' ? (wan(e.value)?.toFixed(2) ?? null) : e.value}
      uom={uom}
      explained={{ explained: e, title: title(u, what) }}
      {...(Number(e.value) === 0 ? { style: { color: '#bfbfbf' } } : {})}
    />
  );

  return (
    <Card
      title={mm.ageTitle}
      data-testid="market-age"
      extra={
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {mm.asOf}
            <Input
              type="date"
              data-testid="market-age-asof"
              style={{ width: 160 }}
              value={asOf ?? ''}
              onChange={(e) => setPicked(e.target.value === '' ? undefined : e.target.value)}
            />
          </label>
          <Select<AgePropertyType>
            data-testid="market-age-type"
            style={{ width: 120 }}
            value={type}
            onChange={(v) => setType(v)}
            options={[
              { value: '', label: mm.allTypes },
              ...(['residential', 'commercial', 'office', 'non-residential'] as const).map((v) => ({
                value: v,
                label: mm.types[v] ?? v,
              })),
            ]}
          />
          <Segmented<Basis>
            data-testid="market-age-basis"
            value={basis}
            onChange={(v) => setBasis(v)}
            options={[
              { value: 'area', label: mm.basisArea },
              { value: 'units', label: mm.basisUnits },
            ]}
          />
        </div>
      }
    >
      {age.error === undefined ? null : <Alert type="error" showIcon title={age.error.message} />}
      {age.loading && age.data === undefined ? <Spin /> : null}
      {age.data !== undefined && units.length === 0 ? (
        <Alert
          data-testid="market-age-empty"
          type="info"
          showIcon
          title={mm.ageEmptyTitle}
          description={
            <div>
              <div>{mm.ageEmptyHint}</div>
              <pre style={{ margin: '8px 0 0', padding: '6px 10px', background: '#f5f5f5', borderRadius: 4 }}>
                <code>{mm.ageEmptyCommand.replace('{city}', city)}</code>
              </pre>
            </div>
          }
        />
      ) : null}
      {units.length === 0 ? null : (
        <>
          {synthetic ? (
            <Alert
              data-testid="market-age-synthetic"
              type="warning"
              showIcon
              title={mm.ageSynthetic}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <AgeChart units={units} basis={basis} uomText={uomText} />
          <DataTable<UnitAge>
            testId="market-age-table"
            rowKey="unitCode"
            pagination={false}
            dataSource={units}
            columns={[
              { title: t.market.unit, dataIndex: 'unitCode', render: (c: string) => app.unitName(c) },
              ...bucketLabels.map((label, i) => ({
                title: `${mm.saleable} ${label}`,
                key: `b${i}`,
                align: 'right' as const,
                render: (_: unknown, u: UnitAge) => {
                  const b = u.buckets[i]!;
                  return cell(u, basis === 'area' ? b.saleableArea : b.saleableUnits, `${mm.saleable} ${label}`);
                },
              })),
              {
                title: mm.pipelineColumn,
                key: 'pipeline',
                align: 'right',
                render: (_: unknown, u: UnitAge) =>
                  cell(
                    u,
                    basis === 'area' ? u.pipelineNotApproved.area : u.pipelineNotApproved.units,
                    mm.pipelineShort,
                  ),
              },
              { title: mm.projects, dataIndex: 'projectCount', align: 'right' },
            ]}
          />
          <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 8 }}>
            {mm.ageNote}
            {age.data === undefined || age.data.revisionIds.length === 0
              ? null
              : ` ${mm.ageSources} ${age.data.revisionIds.map((r) => `#${r}`).join('、')}`}
            {inconsistent.length === 0 ? null : (
              <div>
                {mm.ageInconsistent}
                {[...new Set(inconsistent)].map((id) => (
                  <Tag key={id}>{id}</Tag>
                ))}
              </div>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

/** The stacked bars: one row per unit, the four buckets stacked, the pipeline as its own bar beside them. */
function AgeChart({
  units,
  basis,
  uomText,
}: {
  readonly units: readonly UnitAge[];
  readonly basis: Basis;
  readonly uomText: string;
}) {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const mm = t.marketMore;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const latest = useRef({ units, basis, app, mm, pick });
  latest.current = { units, basis, app, mm, pick };

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts-bar-setup.js').then(({ init }) => {
      if (disposed || el.current === null) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      chart.current = c;
      c.on('click', (p) => {
        const cur = latest.current;
        const u = cur.units[p.dataIndex];
        if (u === undefined || p.seriesIndex === undefined) return;
        const bucket = u.buckets[p.seriesIndex];
        const explained =
          bucket === undefined
            ? cur.basis === 'area'
              ? u.pipelineNotApproved.area
              : u.pipelineNotApproved.units
            : cur.basis === 'area'
              ? bucket.saleableArea
              : bucket.saleableUnits;
        const what =
          bucket === undefined
            ? cur.mm.pipelineShort
            : `${cur.mm.saleable} ${cur.pick(bucket.labelZh, bucket.labelEn)}`;
        cur.app.explainValue({
          explained,
          title: [cur.app.unitName(u.unitCode), what, `${cur.mm.asOf} ${u.asOf}`].join(' · '),
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
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!ready || c === undefined) return;
    const names = units.map((u) => app.unitName(u.unitCode));
    const labels = units[0]?.buckets.map((b) => pick(b.labelZh, b.labelEn)) ?? [];
    const digits = basis === 'area' ? 2 : 0;
    const fmt = (v: unknown): string =>
      typeof v === 'number'
        ? `${v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${uomText}`
        : '—';
    c.setOption(
      {
        animation: false,
        color: [...AGE_COLORS, PIPELINE_COLOR],
        grid: { left: 8, right: 32, top: 40, bottom: 28, containLabel: true },
        legend: { top: 0, left: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
        xAxis: {
          type: 'value',
          name: uomText,
          nameLocation: 'middle',
          nameGap: 26,
        },
        yAxis: { type: 'category', data: names, inverse: true },
        series: [
          ...labels.map((label, i) => ({
            type: 'bar' as const,
            name: `${mm.saleable} ${label}`,
            stack: 'saleable',
            barMaxWidth: 22,
            data: units.map((u) =>
              segmentValue(basis === 'area' ? u.buckets[i]!.saleableArea : u.buckets[i]!.saleableUnits, basis),
            ),
          })),
          {
            type: 'bar' as const,
            name: mm.pipeline,
            stack: 'pipeline',
            barMaxWidth: 22,
            itemStyle: { borderType: 'dashed', borderColor: '#8c8c8c', borderWidth: 1 },
            data: units.map((u) =>
              segmentValue(basis === 'area' ? u.pipelineNotApproved.area : u.pipelineNotApproved.units, basis),
            ),
          },
        ],
      },
      { notMerge: true },
    );
  }, [ready, units, basis, uomText, app, lang, pick, mm]);

  const first = units[0];
  const label =
    first === undefined
      ? ''
      : [
          app.unitName(first.unitCode),
          first.asOf,
          ...first.buckets.map(
            (b) =>
              `${pick(b.labelZh, b.labelEn)} ${String(segmentValue(basis === 'area' ? b.saleableArea : b.saleableUnits, basis))}`,
          ),
          `${mm.pipelineShort} ${String(segmentValue(basis === 'area' ? first.pipelineNotApproved.area : first.pipelineNotApproved.units, basis))}`,
        ].join(' · ');
  return (
    <div
      data-testid="market-age-chart"
      data-buckets={first?.buckets.length ?? 0}
      data-basis={basis}
      ref={el}
      aria-label={label}
      style={{ width: '100%', height: 90 + 52 * units.length, marginBottom: 12 }}
    />
  );
}
