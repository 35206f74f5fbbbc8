// 规划评估: the plan board — every indicator of a plan with its status colour, a sparkline, the target and the latest
// value — for one year; a click opens the indicator's detail (narrative, explanation of its status, district
// ranking); the evaluation report downloads as XLSX, PDF or a printable page.
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import type { AppType } from '@anju/api';
import { hc, type InferResponseType } from 'hono/client';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type Explained } from '../api.js';
import { useApp } from '../app-context.js';
import { sessionHeaders } from '../csrf.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';

const client = hc<AppType>(window.location.origin, { headers: () => ({ ...sessionHeaders() }) });
const plansApi = client.api.cities[':city'].plans;
type PlanList = InferResponseType<(typeof plansApi)['$get'], 200>;
type Board = InferResponseType<(typeof plansApi)[':plan']['status']['$get'], 200>;
type BoardRow = Board['rows'][number];

async function ok<T>(pending: Promise<Response>): Promise<T> {
  const res = await pending;
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
  throw new ApiError(res.status, body.title ?? `HTTP ${res.status}`, body.detail ?? '', body);
}

const TEXT = {
  zh: {
    plan: '规划',
    year: '评估年份',
    indicator: '指标',
    target: '规划目标',
    latest: '完成情况',
    trend: '趋势',
    status: '进展状态',
    ratio: '进度比 R',
    attribute: '属性',
    export: '导出评估报告',
    explain: '解释状态',
    ranking: '分区域排名',
    rank: '排名',
    unit: '区县',
    share: '分解目标',
    done: '累计完成',
    pick: '点击表中一行查看该指标的评估说明',
    pass: '达标',
    fail: '未达标',
  },
  en: {
    plan: 'Plan',
    year: 'Year',
    indicator: 'Indicator',
    target: 'Target',
    latest: 'Achieved',
    trend: 'Trend',
    status: 'Status',
    ratio: 'Ratio R',
    attribute: 'Attribute',
    export: 'Evaluation report',
    explain: 'Explain status',
    ranking: 'District ranking',
    rank: 'Rank',
    unit: 'District',
    share: 'Share of target',
    done: 'Done',
    pick: 'Click a row for the indicator’s evaluation',
    pass: 'pass',
    fail: 'fail',
  },
} as const;

/** A tiny inline sparkline of the actual values (running totals for cumulative targets) and the target point. */
function Sparkline({ row }: { readonly row: BoardRow }) {
  const values = row.trend.actual.map((v) => (v === null ? null : Number(v)));
  const target = row.trend.target === null ? null : Number(row.trend.target);
  const all = [...values.filter((v): v is number => v !== null), ...(target === null ? [] : [target])];
  if (values.every((v) => v === null)) return <span style={{ color: '#bfbfbf' }}>—</span>;
  const min = Math.min(...all);
  const max = Math.max(...all);
  const w = 110;
  const h = 26;
  const x = (i: number) => (i / Math.max(row.trend.years.length - 1, 1)) * (w - 6) + 3;
  const y = (v: number) => (max === min ? h / 2 : h - 3 - ((v - min) / (max - min)) * (h - 6));
  const points = values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]));
  const ti = row.trend.years.indexOf(row.trend.targetYear);
  return (
    <svg width={w} height={h} aria-label="sparkline" data-testid={`spark-${row.indicatorId}`}>
      <polyline points={points.join(' ')} fill="none" stroke={row.colour} strokeWidth={1.6} />
      {target === null || ti < 0 ? null : <circle cx={x(ti)} cy={y(target)} r={2.5} fill="#cf1322" />}
    </svg>
  );
}

export function EvaluationPage() {
  const { city, explainValue } = useApp();
  const { lang } = useI18n();
  const t = TEXT[lang];
  const plans = useAsync(() => ok<PlanList>(plansApi.$get({ param: { city: city.cityCode } })), [city.cityCode]);
  const [planId, setPlanId] = useState<string | undefined>(undefined);
  const [year, setYear] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const plan = plans.data?.plans.find((p) => p.planId === planId) ?? plans.data?.plans[0];
  useEffect(() => {
    if (plan !== undefined && year === undefined)
      setYear(Math.min(plan.endYear, Math.max(plan.startYear, plan.endYear)));
  }, [plan, year]);
  const board = useAsync(
    () =>
      plan === undefined || year === undefined
        ? Promise.resolve(undefined)
        : ok<Board>(
            plansApi[':plan'].status.$get({
              param: { city: city.cityCode, plan: plan.planId },
              query: { year: String(year) },
            }),
          ),
    [city.cityCode, plan?.planId, year],
  );
  const row = useMemo(() => board.data?.rows.find((r) => r.indicatorId === selected), [board.data, selected]);
  const download = (format: 'xlsx' | 'pdf' | 'html') =>
    plan === undefined || year === undefined
      ? undefined
      : `/api/cities/${city.cityCode}/plans/${plan.planId}/evaluation?year=${year}&format=${format}`;

  if (plans.loading) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="evaluation-page">
      <Space wrap>
        <span>{t.plan}</span>
        <Select
          style={{ minWidth: 360 }}
          value={plan?.planId}
          onChange={(v) => {
            setPlanId(v);
            setYear(undefined);
            setSelected(undefined);
          }}
          options={(plans.data?.plans ?? []).map((p) => ({
            value: p.planId,
            label: `${lang === 'zh' ? p.nameZh : p.nameEn}（${p.startYear}—${p.endYear}）`,
          }))}
          data-testid="plan-select"
        />
        <span>{t.year}</span>
        <InputNumber
          value={year}
          min={1990}
          max={2100}
          onChange={(v) => setYear(v ?? undefined)}
          data-testid="year-input"
        />
        <span>{t.export}</span>
        {(['xlsx', 'pdf', 'html'] as const).map((f) => (
          <Button key={f} href={download(f)} target={f === 'html' ? '_blank' : undefined} data-testid={`export-${f}`}>
            {f.toUpperCase()}
          </Button>
        ))}
      </Space>
      {board.data === undefined ? null : (
        <Space wrap>
          <strong>{board.data.titleZh}</strong>
          {board.data.legend
            .filter((l) => (board.data?.counts[l.kind] ?? 0) > 0)
            .map((l) => (
              <Tag key={l.kind} color={l.colour}>
                {lang === 'zh' ? l.zh : l.en} {board.data?.counts[l.kind]}
              </Tag>
            ))}
        </Space>
      )}
      <Table<BoardRow>
        size="small"
        rowKey="indicatorId"
        loading={board.loading}
        dataSource={board.data?.rows ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => setSelected(r.indicatorId), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.indicatorId === selected ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t.status,
            key: 'status',
            width: 150,
            render: (_, r) => (
              <span data-testid={`status-${r.indicatorId}`}>
                <span
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    borderRadius: 5,
                    background: r.colour,
                    marginRight: 6,
                  }}
                />
                {lang === 'zh' ? r.statusZh : r.statusEn}
              </span>
            ),
          },
          { title: t.indicator, key: 'name', render: (_, r) => (lang === 'zh' ? r.nameZh : r.nameEn) },
          { title: t.target, key: 'target', align: 'right', render: (_, r) => `${r.targetText} ${r.uomZh}` },
          {
            title: t.latest,
            key: 'latest',
            align: 'right',
            render: (_, r) => (r.achievedYear === null ? '—' : `${r.achievedText}（${r.achievedYear}）`),
          },
          { title: t.trend, key: 'trend', render: (_, r) => <Sparkline row={r} /> },
          { title: t.ratio, key: 'ratio', align: 'right', render: (_, r) => r.ratio ?? '—' },
          {
            title: t.attribute,
            key: 'attr',
            render: (_, r) => `${r.attributeZh}${r.pass === null ? '' : `（${r.pass ? t.pass : t.fail}）`}`,
          },
        ]}
      />
      <Card size="small" data-testid="indicator-detail">
        {row === undefined ? (
          <span style={{ color: '#8c8c8c' }}>{t.pick}</span>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <strong>{lang === 'zh' ? row.nameZh : row.nameEn}</strong>
            <span data-testid="indicator-narrative">{row.narrativeZh}</span>
            <Button
              size="small"
              onClick={() =>
                explainValue({ explained: row.status as unknown as Explained, title: `${row.nameZh} · ${year ?? ''}` })
              }
              data-testid="explain-status"
            >
              {t.explain}
            </Button>
            {row.ranking.length === 0 ? null : (
              <Table
                size="small"
                rowKey="unitCode"
                pagination={false}
                title={() => t.ranking}
                dataSource={row.ranking}
                columns={[
                  { title: t.rank, dataIndex: 'rank', render: (v: number | null) => v ?? '—' },
                  { title: t.unit, dataIndex: 'nameZh' },
                  { title: t.share, dataIndex: 'target', align: 'right' },
                  { title: t.done, dataIndex: 'latest', align: 'right', render: (v: string | null) => v ?? '—' },
                  { title: t.ratio, dataIndex: 'ratio', align: 'right', render: (v: string | null) => v ?? '—' },
                  {
                    title: t.status,
                    dataIndex: 'kind',
                    render: (k: string) => board.data?.legend.find((l) => l.kind === k)?.[lang] ?? k,
                  },
                ]}
              />
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}
