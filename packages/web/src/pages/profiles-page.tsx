// 政策配置: each policy profile as readable tables — one per section, one row per parameter with its value, unit and
// the seed passage it comes from (seed number, section, and the quote in a tooltip and an expandable row).
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import Tooltip from 'antd/es/tooltip';
import { useMemo } from 'react';
import { api, type ProfileDetail } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { useI18n, type I18n } from '../i18n.js';
import { navigate, useRoute } from '../router.js';
import { useAsync } from '../use-async.js';

interface Citation {
  readonly seed: string;
  readonly section: string;
  readonly quote?: string;
}

/** One cited parameter of the effective profile. */
interface ParamRow {
  readonly path: string;
  readonly section: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  readonly source: Citation | undefined;
  readonly note: string | undefined;
  readonly origin: string | undefined;
}

const META_KEYS = new Set(['id', 'version', 'nameZh', 'nameEn', 'cityCode', 'extends', 'description']);
const SKIP_KEYS = new Set(['source', 'note', 'labelZh', 'labelEn', 'unit', 'value', 'id']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function citation(v: unknown): Citation | undefined {
  if (!isRecord(v) || typeof v['seed'] !== 'string' || typeof v['section'] !== 'string') return undefined;
  return { seed: v['seed'], section: v['section'], ...(typeof v['quote'] === 'string' ? { quote: v['quote'] } : {}) };
}

function scalar(v: unknown, i18n: I18n): string {
  if (typeof v === 'boolean') return i18n.lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map((x) => scalar(x, i18n)).join(i18n.lang === 'zh' ? '、' : ', ');
  if (isRecord(v)) return describe(v, i18n);
  return v === null || v === undefined ? '—' : String(v);
}

/** A range such as `>18，≤36` from min/max fields and their inclusiveness. */
function range(o: Record<string, unknown>, minKey: string, maxKey: string): string | undefined {
  const min = o[minKey];
  const max = o[maxKey];
  if (min === undefined && max === undefined) return undefined;
  const parts: string[] = [];
  if (typeof min === 'number') parts.push(`${o['minInclusive'] === false ? '>' : '≥'}${min}`);
  if (typeof max === 'number') parts.push(`${o['maxInclusive'] === false ? '<' : '≤'}${max}`);
  return parts.join('，');
}

/** A parameter object written as one line: its value, a range, or its other fields as `key: value`. */
function describe(o: Record<string, unknown>, i18n: I18n): string {
  const label = typeof o['labelZh'] === 'string' ? i18n.pick(o['labelZh'], String(o['labelEn'] ?? o['labelZh'])) : '';
  if ('value' in o) return scalar(o['value'], i18n);
  const r = range(o, 'minMonths', 'maxMonths') ?? range(o, 'min', 'max');
  const rest = Object.entries(o)
    .filter(
      ([k]) =>
        !SKIP_KEYS.has(k) && !['min', 'max', 'minMonths', 'maxMonths', 'minInclusive', 'maxInclusive'].includes(k),
    )
    .map(([k, v]) => `${k}: ${scalar(v, i18n)}`);
  return [label, r, ...rest].filter((x) => x !== undefined && x !== '').join('；');
}

/** Every cited parameter (an object with a `source`) of the effective profile, in document order. */
function flatten(profile: Record<string, unknown>, origins: Record<string, { id: string }>, i18n: I18n): ParamRow[] {
  const rows: ParamRow[] = [];
  const labels = i18n.t.profileParams as Readonly<Record<string, string>>;
  const walk = (v: unknown, path: string, section: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, section));
      return;
    }
    if (!isRecord(v)) return;
    if ('source' in v) {
      const generic = path.replace(/\[\d+\]/g, '[]');
      const own = typeof v['labelZh'] === 'string' ? i18n.pick(v['labelZh'], String(v['labelEn'] ?? '')) : undefined;
      const base = labels[generic] ?? labels[path.replace(/\[\d+\]$/, '')] ?? path;
      rows.push({
        path,
        section,
        label: own === undefined ? base : `${base} · ${own}`,
        value: 'value' in v ? scalar(v['value'], i18n) : describe({ ...v, labelZh: undefined }, i18n),
        unit: typeof v['unit'] === 'string' ? v['unit'] : '',
        source: citation(v['source']),
        note: typeof v['note'] === 'string' ? v['note'] : undefined,
        origin: (origins[path] ?? origins[path.replace(/\[\d+\]$/, '')] ?? origins[section])?.id,
      });
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`, section === '' ? k : section);
  };
  for (const [k, v] of Object.entries(profile)) if (!META_KEYS.has(k)) walk(v, k, k);
  return rows;
}

function ProfileView({ detail }: { readonly detail: ProfileDetail }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const p = t.profiles;
  const rows = useMemo(() => flatten(detail.profile, detail.origins, i18n), [detail, i18n]);
  const sections = [...new Set(rows.map((r) => r.section))];
  const sectionNames = t.profileSections as Readonly<Record<string, string>>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card size="small">
        <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', alignItems: 'baseline' }}>
          <span style={{ fontSize: 18, fontWeight: 600 }}>{pick(detail.summary.nameZh, detail.summary.nameEn)}</span>
          <span>
            {p.version} {detail.summary.version}
          </span>
          <span>
            {p.chain}：{detail.chain.map((c) => `${c.id}@${c.version}`).join(' → ')}
          </span>
        </div>
        {typeof detail.profile['description'] === 'string' ? (
          <p style={{ margin: '8px 0 0', color: '#595959' }}>{detail.profile['description']}</p>
        ) : null}
      </Card>
      {sections.map((s) => (
        <Card key={s} size="small" title={sectionNames[s] ?? s} data-testid={`profile-section-${s}`}>
          <DataTable<ParamRow>
            rowKey="path"
            scroll={{ x: 960 }}
            dataSource={rows.filter((r) => r.section === s)}
            pagination={false}
            expandable={{
              rowExpandable: (r) => r.source?.quote !== undefined || r.note !== undefined,
              expandedRowRender: (r) => (
                <div style={{ maxWidth: 900 }}>
                  {r.source?.quote === undefined ? null : (
                    <blockquote style={{ margin: 0, padding: '2px 10px', borderLeft: '3px solid #d9d9d9' }}>
                      {p.quote}：{r.source.quote}
                    </blockquote>
                  )}
                  {r.note === undefined ? null : <p style={{ margin: '8px 0 0', color: '#595959' }}>{r.note}</p>}
                </div>
              ),
            }}
            columns={[
              {
                title: p.parameter,
                dataIndex: 'label',
                width: 260,
                render: (label: string, r) => (
                  <span>
                    {label}
                    {r.origin !== undefined && r.origin !== detail.summary.id ? (
                      <Tag style={{ marginLeft: 6 }}>
                        {p.inherits} {r.origin}
                      </Tag>
                    ) : null}
                  </span>
                ),
              },
              {
                title: p.value,
                dataIndex: 'value',
                render: (v: string) => <span style={{ fontWeight: 600, wordBreak: 'break-word' }}>{v}</span>,
              },
              { title: p.unitOfMeasure, dataIndex: 'unit', width: 90 },
              {
                title: p.source,
                key: 'source',
                width: 260,
                render: (_: unknown, r) =>
                  r.source === undefined ? (
                    <span style={{ color: '#8c8c8c' }}>{p.noSource}</span>
                  ) : (
                    <Tooltip title={r.source.quote} styles={{ root: { maxWidth: 480 } }}>
                      <span style={{ borderBottom: '1px dashed #8c8c8c', cursor: 'help' }}>
                        {r.source.seed === 'anju' ? p.anjuDefault : `${p.seed} ${r.source.seed} · ${r.source.section}`}
                      </span>
                    </Tooltip>
                  ),
              },
            ]}
          />
        </Card>
      ))}
    </div>
  );
}

export function ProfilesPage() {
  const { t, pick } = useI18n();
  const app = useApp();
  const route = useRoute();
  const list = useAsync(() => api.profiles(), []);
  const profiles = list.data ?? [];
  const chosen =
    profiles.find((p) => p.id === route.arg)?.id ??
    profiles.find((p) => p.cityCode === app.city.cityCode)?.id ??
    profiles[0]?.id;
  const detail = useAsync(() => (chosen === undefined ? undefined : api.profile(chosen)), [chosen]);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card size="small">
        <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          {t.profiles.pick}
          <Select
            data-testid="profile-select"
            style={{ width: 240 }}
            loading={list.loading}
            value={chosen}
            onChange={(id: string) => navigate({ city: app.city.cityCode, page: 'profiles', arg: id })}
            options={profiles.map((p) => ({ value: p.id, label: `${pick(p.nameZh, p.nameEn)}（${p.id}）` }))}
          />
        </label>
      </Card>
      <Spin spinning={detail.loading}>
        {detail.data === undefined ? <div style={{ minHeight: 120 }} /> : <ProfileView detail={detail.data} />}
      </Spin>
    </div>
  );
}
