// A multi-line time-series chart (ECharts, SVG renderer): one line per unit, the focus unit drawn boldest, the
// latest value of each line written at its end with its unit. Clicking a point opens its explanation.
import { useEffect, useRef, useState } from 'react';
import { useApp, type ExplainTarget } from '../app-context.js';
import { formatPeriod, formatWithUnit, shortPeriod } from '../format.js';
import { useI18n } from '../i18n.js';
import type { EChartsType } from './echarts-setup.js';

export interface ChartLine {
  /** Unit code the line belongs to (used for the explanation). */
  readonly unit: string;
  readonly name: string;
  /** Value per period code (decimal strings). */
  readonly values: ReadonlyMap<string, string>;
  readonly emphasis?: boolean;
}

export interface SeriesChartProps {
  readonly lines: readonly ChartLine[];
  /** Period codes along the x axis, in order. */
  readonly periods: readonly string[];
  readonly uom: string;
  readonly measure: string;
  readonly dimension: string;
  readonly height?: number;
  readonly testId?: string;
}

const PALETTE = ['#1677ff', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#13c2c2', '#a0d911', '#faad14', '#8c8c8c'];

export function SeriesChart({ lines, periods, uom, measure, dimension, height = 280, testId }: SeriesChartProps) {
  const { lang } = useI18n();
  const app = useApp();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  const [ready, setReady] = useState(false);
  // The click handler reads the latest props through a ref, so the chart is not re-created on every render.
  const latest = useRef({ lines, periods, measure, dimension, explain: app.explain });
  latest.current = { lines, periods, measure, dimension, explain: app.explain };

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup.js').then(({ init }) => {
      if (disposed || el.current === null) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      chart.current = c;
      c.on('click', (p) => {
        const { lines: ls, periods: ps, measure: m, dimension: d, explain } = latest.current;
        const line = ls[p.seriesIndex ?? -1];
        const period = ps[p.dataIndex];
        if (line === undefined || period === undefined || !line.values.has(period)) return;
        const target: ExplainTarget = { unit: line.unit, measure: m, dimension: d, period };
        explain(target);
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
    const unit = app.uomLabel(uom);
    const fmt = (v: unknown): string => (typeof v === 'string' ? formatWithUnit(v, unit, lang) : '—');
    c.setOption(
      {
        color: PALETTE,
        animation: false,
        grid: { left: 8, right: 120, top: 40, bottom: 8, containLabel: true },
        legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { fontSize: 12 } },
        tooltip: {
          trigger: 'axis',
          valueFormatter: fmt,
        },
        xAxis: {
          type: 'category',
          data: periods.map((p) => shortPeriod(p)),
          boundaryGap: periods.length === 1,
          axisLabel: { hideOverlap: true },
          axisPointer: { label: { formatter: (o: { value: unknown }) => String(o.value) } },
        },
        yAxis: {
          type: 'value',
          scale: true,
          axisLabel: { formatter: (v: number) => formatWithUnit(String(v), '', lang) },
        },
        series: lines.map((l) => {
          const data = periods.map((p) => l.values.get(p) ?? null);
          return {
            type: 'line',
            name: l.name,
            data,
            connectNulls: true,
            showSymbol: true,
            symbolSize: l.emphasis ? 7 : 5,
            lineStyle: { width: l.emphasis ? 3 : 1.5, opacity: l.emphasis ? 1 : 0.75 },
            z: l.emphasis ? 3 : 2,
            endLabel: {
              show: l.emphasis === true,
              formatter: (o: { value: unknown }) => fmt(o.value),
              fontWeight: 'bold',
            },
          };
        }),
      },
      { notMerge: true },
    );
  }, [ready, lines, periods, uom, lang, app]);

  return (
    <div
      data-testid={testId}
      aria-label={lines
        .filter((l) => l.emphasis)
        .map((l) => {
          const last = periods.filter((p) => l.values.has(p)).at(-1);
          return last === undefined
            ? l.name
            : `${l.name} ${formatPeriod(last, lang)} ${formatWithUnit(l.values.get(last)!, app.uomLabel(uom), lang)}`;
        })
        .join('；')}
      ref={el}
      style={{ width: '100%', height }}
    />
  );
}
