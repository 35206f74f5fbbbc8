// Scenario comparison (以人定房): 003's Zhangye scenario as the base and an editable copy of it, compared side by side
// with the difference (POST /api/forecast/compare). The copy's parameters live in React state only; each change
// re-runs the comparison. A value of the copy opens its explanation (POST /api/forecast/run).
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Spin from 'antd/es/spin';
import { useEffect, useState } from 'react';
import { planningApi, type ForecastRunBody, type ForecastScenarioBody } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';

const PROFILE = 'zhangye';
/** The parameters the editor offers. */
export const EDITABLE_PARAMETERS = [
  'perCapitaAreaTargetSqm',
  'householdSizePersons',
  'plotRatio',
  'depreciationRatePerYear',
] as const;
type Editable = (typeof EDITABLE_PARAMETERS)[number];

/** 003 第四章第二节: Zhangye city 2025 → 2030 from its printed inputs (the same scenario the API tests run). */
const BASE: ForecastScenarioBody = {
  id: 'zhangye-003',
  version: '1',
  nameZh: '003 基准',
  nameEn: '003 base',
  units: [
    {
      unitCode: '620700',
      startYear: 2025,
      endYear: 2030,
      startStockWanSqm: '3511.36',
      populationByYear: { '2030': { kind: 'urban', urbanWan: '65.45' } },
      affordableUnits: { publicRental: '1200', affordableRental: '2446' },
    },
  ],
};

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** Which explained value of a unit forecast each comparison metric reads. */
function explainedOf(u: ForecastRunBody['units'][number], metric: string) {
  switch (metric) {
    case 'perCapitaNewFloorAreaWanSqm':
      return u.perCapita.newFloorAreaWanSqm;
    case 'householdNewFloorAreaWanSqm':
      return u.household.newFloorAreaWanSqm;
    case 'stockNewFloorAreaWanSqm':
      return u.stockCheck.newFloorAreaWanSqm;
    case 'commercialUnits':
      return u.perCapita.commercialUnits;
    case 'totalLandHa':
      return u.land.totalLandHa;
    default:
      return undefined;
  }
}

const show = (v: string | null | undefined, metric: string): string => {
  if (v === null || v === undefined) return '—';
  return Number(v).toFixed(metric === 'commercialUnits' ? 0 : 2);
};

export function ScenarioCompare() {
  const { t, lang } = useI18n();
  const app = useApp();
  const p = t.planning;
  const base = useAsync(() => planningApi.run(PROFILE, BASE), []);
  const [edits, setEdits] = useState<Partial<Record<Editable, string>>>({});
  const baseValues = new Map((base.data?.units[0]?.parameters ?? []).map((x) => [x.key, x.value]));
  // Until the base run is back the editor shows nothing; then each field starts at the base's value.
  const valueOf = (k: Editable): string => edits[k] ?? baseValues.get(k) ?? '';
  const valid = EDITABLE_PARAMETERS.filter((k) => edits[k] !== undefined && DECIMAL.test(edits[k]!));
  const overrides = Object.fromEntries(valid.map((k) => [k, edits[k]!]));
  const variant: ForecastScenarioBody = {
    ...BASE,
    id: 'variant',
    nameZh: p.variantScenario,
    nameEn: p.variantScenario,
    parameters: overrides,
  };
  const key = JSON.stringify(overrides);
  // Typing settles for a moment before the comparison is asked for.
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const h = setTimeout(() => setSettled(key), 250);
    return () => clearTimeout(h);
  }, [key]);
  const comparison = useAsync(() => planningApi.compare(PROFILE, [BASE, variant]), [settled]);
  const variantRun = useAsync(() => planningApi.run(PROFILE, variant), [settled]);

  const error = base.error ?? comparison.error ?? variantRun.error;
  if (error !== undefined) return <Alert type="error" message={t.error} description={error.message} />;
  if (base.data === undefined) return <Spin />;
  const rows = comparison.data?.rows ?? [];
  const baseUnit = base.data.units[0];
  const variantUnit = variantRun.data?.units[0];
  const open = (which: 'base' | 'variant', metric: string): void => {
    const u = which === 'base' ? baseUnit : variantUnit;
    const e = u === undefined ? undefined : explainedOf(u, metric);
    if (e === undefined) return;
    app.explainValue({
      explained: e,
      title: [which === 'base' ? p.baseScenario : p.variantScenario, p.metrics[metric] ?? metric].join(' · '),
    });
  };
  const clickable = (which: 'base' | 'variant', metric: string, v: string | null) => (
    <span
      role="button"
      tabIndex={0}
      className="anju-number"
      data-testid={`scenario-${which}-${metric}`}
      style={{ cursor: 'pointer', borderBottom: '1px dashed #8c8c8c' }}
      onClick={() => open(which, metric)}
    >
      {show(v, metric)}
    </span>
  );
  // A value with a note (e.g. the household method's need clamped at 0 because the stock already covers the
  // households) carries a marker whose tooltip is the note, so a 0.00 is never left unexplained.
  const noteOf = (which: 'base' | 'variant', metric: string) => {
    const u = which === 'base' ? baseUnit : variantUnit;
    const notes = (u === undefined ? undefined : explainedOf(u, metric))?.notes ?? [];
    if (notes.length === 0) return null;
    const text = notes.map((n) => (lang === 'zh' ? n.messageZh : n.messageEn)).join('；');
    return (
      <sup title={text} data-testid={`scenario-${which}-${metric}-note`} style={{ color: '#d46b08', marginLeft: 2 }}>
        ⓘ
      </sup>
    );
  };
  type Row = (typeof rows)[number];

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 340px) 1fr', gap: 24, alignItems: 'start' }}>
      <div data-testid="scenario-editor" style={{ display: 'grid', gap: 10 }}>
        <div style={{ color: '#666', fontSize: 12 }}>{p.scenarioHint}</div>
        {EDITABLE_PARAMETERS.map((k) => {
          const v = valueOf(k);
          const bad = v !== '' && !DECIMAL.test(v);
          const changed = edits[k] !== undefined && edits[k] !== baseValues.get(k);
          return (
            <label key={k} style={{ display: 'grid', gap: 4 }}>
              <span style={{ fontSize: 13 }}>
                {p.params[k] ?? k}
                <span style={{ color: '#8c8c8c', marginLeft: 6 }}>
                  {p.baseScenario} {baseValues.get(k) ?? '—'}
                </span>
              </span>
              <Input
                data-testid={`param-${k}`}
                value={v}
                status={bad ? 'error' : undefined}
                style={changed ? { background: '#fffbe6' } : undefined}
                onChange={(e) => setEdits((s) => ({ ...s, [k]: e.target.value }))}
              />
            </label>
          );
        })}
        <div>
          <Button data-testid="reset-variant" onClick={() => setEdits({})} disabled={valid.length === 0}>
            {p.resetVariant}
          </Button>
        </div>
      </div>
      <div>
        <DataTable<Row>
          testId="scenario-compare"
          rowKey={(r) => `${r.unitCode}-${r.metric}`}
          dataSource={[...rows]}
          loading={comparison.loading}
          columns={[
            { title: p.metric, key: 'metric', render: (r: Row) => p.metrics[r.metric] ?? r.metric },
            {
              title: p.baseScenario,
              key: 'base',
              align: 'right',
              render: (r: Row) => (
                <>
                  {clickable('base', r.metric, r.values[0] ?? null)}
                  {noteOf('base', r.metric)}
                </>
              ),
            },
            {
              title: p.variantScenario,
              key: 'variant',
              align: 'right',
              render: (r: Row) => (
                <>
                  {clickable('variant', r.metric, r.values[1] ?? null)}
                  {noteOf('variant', r.metric)}
                </>
              ),
            },
            {
              title: p.diff,
              key: 'diff',
              align: 'right',
              render: (r: Row) => {
                const d = r.diffs[1] ?? null;
                const n = d === null ? 0 : Number(d);
                const color = n > 0 ? '#cf1322' : n < 0 ? '#096dd9' : '#8c8c8c';
                return (
                  <span data-testid={`scenario-diff-${r.metric}`} style={{ color }}>
                    {d === null ? '—' : `${n > 0 ? '+' : ''}${show(d, r.metric)}`}
                  </span>
                );
              },
            },
          ]}
        />
        <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 6 }}>
          {lang === 'zh'
            ? `政策配置 ${base.data.profile.id}@${base.data.profile.version}`
            : `profile ${base.data.profile.id}@${base.data.profile.version}`}
        </div>
      </div>
    </div>
  );
}
