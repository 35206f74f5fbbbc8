// 预警记录: the stored warning log (GET …/market/warning-log, recomputed after every publish) with filters by level,
// state, rule and unit, the state of the last computation, and a unit's history (click a unit: its warnings period by
// period, rule by rule). A row's explanation is recomputed on request from the per-request warnings route, which
// carries the rule's evaluation.
import AntApp from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Tag from 'antd/es/tag';
import { useMemo, useState } from 'react';
import {
  api,
  marketDashboardApi,
  type StoredWarning,
  type WarningLevel,
  type WarningLogQuery,
  type WarningState,
} from '../api.js';
import { useApp } from '../app-context.js';
import { formatPeriod, formatTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { DataTable } from './data-table.js';

const LEVELS: readonly WarningLevel[] = ['blue', 'yellow', 'orange', 'red'];
const STATES: readonly WarningState[] = ['raised', 'active', 'cleared', 'pending'];
const LEVEL_TAG: Readonly<Record<string, string>> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };
const LEVEL_BG: Readonly<Record<string, string>> = {
  blue: '#1677ff',
  yellow: '#fadb14',
  orange: '#fa8c16',
  red: '#f5222d',
};

/** What the dashboard needs of a profile's warning rule (the profile route answers with an open record). */
export interface RuleInfo {
  readonly id: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly indicator: string;
  readonly range: { readonly min: number; readonly max: number } | undefined;
}

/** The warning rules of an effective profile as the profile route returns it (unknown fields are skipped). */
export function rulesOf(profile: Record<string, unknown> | undefined): ReadonlyMap<string, RuleInfo> {
  const out = new Map<string, RuleInfo>();
  const list = profile?.['warningRules'];
  if (!Array.isArray(list)) return out;
  for (const r of list as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    if (typeof o['id'] !== 'string') continue;
    const range = o['comparison'] === 'outside-range' ? (o['range'] as { min?: unknown; max?: unknown }) : undefined;
    out.set(o['id'], {
      id: o['id'],
      labelZh: typeof o['labelZh'] === 'string' ? o['labelZh'] : o['id'],
      labelEn: typeof o['labelEn'] === 'string' ? o['labelEn'] : o['id'],
      indicator: typeof o['indicator'] === 'string' ? o['indicator'] : '',
      range:
        range !== undefined && typeof range.min === 'number' && typeof range.max === 'number'
          ? { min: range.min, max: range.max }
          : undefined,
    });
  }
  return out;
}

/**
 * A stored value as the per-request route shows it: cycles in months with one decimal, every other indicator (a
 * yearly change held as a fraction) as a percentage with two.
 */
export function warningValueText(value: string | null, rule: RuleInfo | undefined): string {
  if (value === null) return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return rule?.indicator === 'market.destocking-cycle' ? n.toFixed(1) : `${(n * 100).toFixed(2)}%`;
}

/** The threshold as shown: an outside-range rule's is the range itself (its stored threshold is a distance). */
export function warningThresholdText(threshold: string | null, rule: RuleInfo | undefined, lang: 'zh' | 'en'): string {
  if (threshold === null || rule?.range === undefined) return warningValueText(threshold, rule);
  const beyond = Number(threshold) !== 0 ? warningValueText(threshold, rule) : undefined;
  const { min, max } = rule.range;
  return lang === 'zh'
    ? `${min}—${max} 外${beyond === undefined ? '' : ` ${beyond} 以上`}`
    : `outside ${min}–${max}${beyond === undefined ? '' : ` by ${beyond}+`}`;
}

function grainOf(period: string): 'month' | 'quarter' | 'year' {
  return /^\d{4}-\d{2}$/.test(period) ? 'month' : /Q[1-4]$/.test(period) ? 'quarter' : 'year';
}

export function WarningLogCard() {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const { message } = AntApp.useApp();
  const m = t.market;
  const mm = t.marketMore;
  const city = app.city.cityCode;
  const [level, setLevel] = useState<WarningLevel | undefined>(undefined);
  const [state, setState] = useState<WarningState | undefined>(undefined);
  const [rule, setRule] = useState<string | undefined>(undefined);
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [recomputing, setRecomputing] = useState(false);
  const [explaining, setExplaining] = useState<string | undefined>(undefined);

  const query: WarningLogQuery = {
    ...(unit === undefined ? {} : { unit }),
    ...(rule === undefined ? {} : { rule }),
    ...(level === undefined ? {} : { level }),
    ...(state === undefined ? {} : { states: [state] }),
  };
  const log = useAsync(() => marketDashboardApi.warningLog(city, query), [city, unit, rule, level, state]);
  // The unit's whole history, whatever the other filters say.
  const history = useAsync(
    () => (unit === undefined ? undefined : marketDashboardApi.warningLog(city, { unit })),
    [city, unit, log.data],
  );
  const derived = log.data?.state ?? null;
  const profileId = derived?.profileId;
  const profile = useAsync(() => (profileId === undefined ? undefined : api.profile(profileId)), [profileId]);
  const rules = useMemo(() => rulesOf(profile.data?.profile), [profile.data]);
  const ruleName = (id: string): string => {
    const r = rules.get(id);
    return r === undefined ? id : pick(r.labelZh, r.labelEn);
  };

  const recompute = async (): Promise<void> => {
    setRecomputing(true);
    try {
      const r = await marketDashboardApi.recompute(city);
      void message.success(`${mm.recomputed}：${mm.rows.replace('{n}', String(r.warnings))}`);
      log.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setRecomputing(false);
    }
  };

  const explain = async (w: StoredWarning): Promise<void> => {
    const key = `${w.unitCode}|${w.ruleId}|${w.period}`;
    setExplaining(key);
    try {
      const live = await marketDashboardApi.warningsAt(city, {
        unit: w.unitCode,
        period: w.period,
        grain: grainOf(w.period),
      });
      const hit = live.warnings.find((x) => x.ruleId === w.ruleId && x.period === w.period);
      if (hit === undefined) {
        void message.warning(mm.explainMissing);
        return;
      }
      app.explainValue({
        explained: hit.explained,
        title: [app.unitName(w.unitCode), pick(hit.ruleZh, hit.ruleEn), formatPeriod(w.period, lang)].join(' · '),
      });
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExplaining(undefined);
    }
  };

  const stateLine =
    derived === null ? (
      <span>{mm.neverComputed}</span>
    ) : (
      <span>
        {mm.lastComputed} {formatTime(derived.computedAt, lang)} · {mm.profile} {derived.profileId}@
        {derived.profileVersion} ·{' '}
        {derived.fullRecompute ? mm.fullRecompute : mm.incremental.replace('{n}', String(derived.unitsRecomputed))}
      </span>
    );

  return (
    <Card
      title={mm.logTitle}
      data-testid="warning-log"
      extra={
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'flex-end' }}>
          <Select
            data-testid="warning-level"
            style={{ width: 120 }}
            allowClear
            placeholder={m.allLevels}
            value={level}
            onChange={(v: WarningLevel | undefined) => setLevel(v)}
            options={LEVELS.map((l) => ({ value: l, label: m.levels[l] }))}
          />
          <Select
            data-testid="warning-state"
            style={{ width: 120 }}
            allowClear
            placeholder={mm.allStates}
            value={state}
            onChange={(v: WarningState | undefined) => setState(v)}
            options={STATES.map((s) => ({ value: s, label: m.states[s] }))}
          />
          <Select
            data-testid="warning-rule"
            style={{ width: 260 }}
            allowClear
            placeholder={mm.allRules}
            value={rule}
            onChange={(v: string | undefined) => setRule(v)}
            options={[...rules.values()].map((r) => ({ value: r.id, label: pick(r.labelZh, r.labelEn) }))}
          />
          <Select
            data-testid="warning-unit"
            style={{ width: 180 }}
            allowClear
            placeholder={m.allUnits}
            value={unit}
            onChange={(v: string | undefined) => setUnit(v)}
            options={app.units.map((u) => ({ value: u.unitCode, label: pick(u.nameZh, u.nameEn) }))}
          />
        </div>
      }
    >
      <div
        data-testid="warning-log-state"
        style={{ display: 'flex', alignItems: 'center', gap: 12, color: '#595959', fontSize: 13, marginBottom: 12 }}
      >
        {stateLine}
        <Button size="small" data-testid="warning-recompute" loading={recomputing} onClick={() => void recompute()}>
          {mm.recompute}
        </Button>
        <span style={{ marginLeft: 'auto', color: '#8c8c8c', fontSize: 12 }}>{mm.historyHint}</span>
      </div>
      {log.error === undefined ? null : <Alert type="error" showIcon title={log.error.message} />}
      {unit === undefined ? null : (
        <UnitHistory
          unitCode={unit}
          warnings={history.data?.warnings ?? []}
          ruleName={ruleName}
          onClose={() => setUnit(undefined)}
        />
      )}
      <DataTable<StoredWarning>
        testId="market-warnings"
        rowKey={(w) => `${w.unitCode}|${w.ruleId}|${w.period}`}
        loading={log.loading}
        dataSource={[...(log.data?.warnings ?? [])]}
        locale={{ emptyText: m.noWarnings }}
        columns={[
          {
            title: m.unit,
            dataIndex: 'unitCode',
            render: (u: string) => (
              <a
                data-testid={`warning-unit-link-${u}`}
                onClick={(e) => {
                  e.preventDefault();
                  setUnit(u);
                }}
              >
                {app.unitName(u)}
              </a>
            ),
          },
          { title: m.period, dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
          { title: m.rule, dataIndex: 'ruleId', render: (id: string) => ruleName(id) },
          {
            title: m.level,
            dataIndex: 'level',
            render: (l: string | null) =>
              l === null ? '—' : <Tag color={LEVEL_TAG[l] ?? 'default'}>{m.levels[l] ?? l}</Tag>,
          },
          { title: m.state, dataIndex: 'state', render: (s: string) => m.states[s] ?? s },
          {
            title: m.value,
            key: 'value',
            align: 'right',
            render: (_: unknown, w) => warningValueText(w.value, rules.get(w.ruleId)),
          },
          {
            title: m.threshold,
            key: 'threshold',
            align: 'right',
            render: (_: unknown, w) => warningThresholdText(w.threshold, rules.get(w.ruleId), lang),
          },
          {
            title: m.since,
            dataIndex: 'since',
            render: (s: string | null) => (s === null ? '—' : formatPeriod(s, lang)),
          },
          {
            title: mm.explainRow,
            key: 'explain',
            render: (_: unknown, w) => (
              <Button
                size="small"
                type="link"
                data-testid="warning-explain"
                loading={explaining === `${w.unitCode}|${w.ruleId}|${w.period}`}
                onClick={() => void explain(w)}
              >
                {t.explain.title}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One unit's warnings over time: a row per rule, a column per period, each cell coloured by its level. */
function UnitHistory({
  unitCode,
  warnings,
  ruleName,
  onClose,
}: {
  readonly unitCode: string;
  readonly warnings: readonly StoredWarning[];
  readonly ruleName: (id: string) => string;
  readonly onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const app = useApp();
  const m = t.market;
  const mm = t.marketMore;
  const periods = [...new Set(warnings.map((w) => w.period))].sort();
  const ruleIds = [...new Set(warnings.map((w) => w.ruleId))].sort();
  const at = new Map(warnings.map((w) => [`${w.ruleId}|${w.period}`, w]));
  return (
    <div
      data-testid="warning-history"
      style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12, marginBottom: 12, background: '#fafafa' }}
    >
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
        <strong>{mm.historyOf.replace('{unit}', app.unitName(unitCode))}</strong>
        <Button size="small" style={{ marginLeft: 'auto' }} data-testid="warning-history-close" onClick={onClose}>
          {mm.backToAll}
        </Button>
      </div>
      {warnings.length === 0 ? (
        <div style={{ color: '#8c8c8c' }}>{m.noWarnings}</div>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table style={{ borderCollapse: 'separate', borderSpacing: 4, fontSize: 12 }}>
            <thead>
              <tr>
                <th />
                {periods.map((p) => (
                  <th key={p} style={{ fontWeight: 500, color: '#595959', padding: '0 4px' }}>
                    {formatPeriod(p, lang)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ruleIds.map((r) => (
                <tr key={r} data-rule={r}>
                  <td style={{ paddingRight: 8, whiteSpace: 'nowrap' }}>{ruleName(r)}</td>
                  {periods.map((p) => {
                    const w = at.get(`${r}|${p}`);
                    const bg = w?.level == null ? undefined : LEVEL_BG[w.level];
                    const faded = w?.state === 'cleared' || w?.state === 'pending';
                    return (
                      <td
                        key={p}
                        data-period={p}
                        data-level={w?.level ?? ''}
                        data-state={w?.state ?? ''}
                        title={w === undefined ? '' : `${m.levels[w.level ?? ''] ?? '—'} · ${m.states[w.state]}`}
                        style={{
                          minWidth: 64,
                          height: 26,
                          textAlign: 'center',
                          borderRadius: 4,
                          background: w === undefined ? '#fff' : faded ? '#fff' : (bg ?? '#d9d9d9'),
                          border: w === undefined ? '1px dashed #e8e8e8' : `2px solid ${bg ?? '#d9d9d9'}`,
                          color: w === undefined || faded || w.level === 'yellow' ? '#262626' : '#fff',
                        }}
                      >
                        {w === undefined ? '' : (m.states[w.state] ?? w.state)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
