// 以人定房·以房定地: 003's demand chain recomputed from its printed inputs with every inconsistency (both numbers),
// and 003 第六章's annual building and land plans with the affordable-land ≥ 20 % check (routes/planning.ts).
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { api, type PrintedPlanLine, type SeedFinding } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { IdleLandTable } from './planning-idle-land.js';
import { LandClassMap } from './planning-land-map.js';
import { ScenarioCompare } from './planning-scenarios.js';

const show = (v: string | null | undefined, places = 2): string => {
  if (v === null || v === undefined) return '—';
  const n = Number(v);
  return Number.isInteger(n) ? v : n.toFixed(places);
};

export function PlanningPage() {
  const { t, lang } = useI18n();
  const p = t.planning;
  const chain = useAsync(() => api.zhangyeChain(), []);
  const plans = useAsync(() => api.zhangyePlans(), []);
  if (chain.error !== undefined || plans.error !== undefined) {
    return <Alert type="error" message={t.error} description={(chain.error ?? plans.error)?.message} />;
  }
  if (chain.data === undefined || plans.data === undefined) return <Spin />;
  const c = chain.data;
  const years = plans.data.building[0]?.values.map((_, i) => plans.data!.firstYear + i) ?? [];
  const planColumns = [
    { title: p.housingType, key: 'type', render: (r: PrintedPlanLine) => p.types[r.housingType] ?? r.housingType },
    { title: p.measure, key: 'measure', render: (r: PrintedPlanLine) => p.measures[r.measure] ?? r.measure },
    ...years.map((y, i) => ({
      title: String(y),
      key: String(y),
      align: 'right' as const,
      render: (r: PrintedPlanLine) => r.values[i],
    })),
    { title: p.total, key: 'total', align: 'right' as const, render: (r: PrintedPlanLine) => r.total },
  ];
  const checks = plans.data.affordableLandChecks;
  return (
    <div data-testid="planning-page" style={{ display: 'grid', gap: 16 }}>
      <Card title={p.chainTitle} size="small">
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={p.commercialArea}>{show(c.commercialAreaWanSqm.value)}</Descriptions.Item>
          <Descriptions.Item label={p.affordableArea}>{show(c.affordableAreaWanSqm.value)}</Descriptions.Item>
          <Descriptions.Item label={p.newArea}>{show(c.newAreaWanSqm.value)}</Descriptions.Item>
          <Descriptions.Item label={p.endStock}>{show(c.endStockWanSqm.value)}</Descriptions.Item>
          <Descriptions.Item label={p.impliedPopulation}>{show(c.impliedUrbanPopulationWan.value)}</Descriptions.Item>
          <Descriptions.Item label={p.landTotal}>{show(c.land.totalLandHa.value)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={p.findingsTitle} size="small">
        <DataTable<SeedFinding>
          testId="seed-findings"
          rowKey="id"
          dataSource={[...c.findings]}
          columns={[
            { title: p.item, dataIndex: 'id', key: 'id' },
            { title: p.printed, dataIndex: 'printed', key: 'printed', align: 'right' },
            { title: p.computed, dataIndex: 'other', key: 'other', align: 'right' },
            { title: p.note, key: 'note', render: (f: SeedFinding) => (lang === 'zh' ? f.messageZh : f.messageEn) },
          ]}
        />
      </Card>
      <Card title={p.scenarioTitle} size="small" data-testid="scenario-card">
        <ScenarioCompare />
      </Card>
      <Card title={p.landMapTitle} size="small" data-testid="land-class-card">
        <LandClassMap />
      </Card>
      <Card title={t.idleLand.title} size="small" data-testid="idle-land-card">
        <IdleLandTable />
      </Card>
      <Card
        title={p.buildingTitle}
        size="small"
        extra={
          <a data-testid="plan-xlsx" href="/api/plan/reference/zhangye.xlsx" download>
            {p.exportXlsx}
          </a>
        }
      >
        <DataTable<PrintedPlanLine>
          testId="building-plan"
          rowKey={(r) => `${r.housingType}-${r.measure}`}
          dataSource={[...plans.data.building]}
          columns={planColumns}
        />
      </Card>
      <Card title={p.landTitle} size="small">
        <DataTable<PrintedPlanLine>
          testId="land-plan"
          rowKey={(r) => `${r.housingType}-${r.measure}`}
          dataSource={[...plans.data.land]}
          columns={planColumns}
        />
        <DataTable<(typeof checks)[number]>
          testId="affordable-land-check"
          rowKey="year"
          dataSource={[...checks]}
          columns={[
            { title: '', dataIndex: 'year', key: 'year' },
            {
              title: p.affordableShare,
              key: 'share',
              align: 'right',
              render: (r: (typeof checks)[number]) =>
                r.share.value === null ? '—' : `${(Number(r.share.value) * 100).toFixed(1)}%`,
            },
            {
              title: p.meetsMinimum,
              key: 'ok',
              render: (r: (typeof checks)[number]) => <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? '✓' : '✗'}</Tag>,
            },
            {
              title: p.shortfall,
              key: 'shortfall',
              align: 'right',
              render: (r: (typeof checks)[number]) => show(r.shortfallHa),
            },
          ]}
        />
      </Card>
    </div>
  );
}
