// 审计记录: who did what, when, to which revision or value, why and from where — filterable, exportable to XLSX,
// and read-only (the API has no route to change an event; the table refuses it in SQL).
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { authApi, type AuditEvent, type AuditQuery } from '../auth-api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { formatTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { canSeeAuditTrail, useSession } from '../session.js';
import { useAsync } from '../use-async.js';

const ACTIONS = [
  'revision.',
  'revision.create',
  'revision.publish',
  'revision.discard',
  'user.',
  'session.',
  'http.',
] as const;

function short(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export function AuditTrailPage() {
  const { t, lang } = useI18n();
  const a = t.auth;
  const app = useApp();
  const session = useSession();
  // Sign-ins and account changes belong to no city, so the trail opens unfiltered; the city is one filter among others.
  const [draft, setDraft] = useState<AuditQuery>({});
  const [query, setQuery] = useState<AuditQuery>({});
  const [older, setOlder] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const allowed = canSeeAuditTrail(session);
  const trail = useAsync(
    () =>
      allowed
        ? authApi.auditTrail(query).then((r) => {
            setOlder([]);
            setNext(r.nextBefore);
            return r.events;
          })
        : undefined,
    [query, allowed],
  );
  if (!allowed) return <Alert type="warning" showIcon title={a.notAllowed} />;
  const more = async (): Promise<void> => {
    if (next === null) return;
    const r = await authApi.auditTrail({ ...query, before: next });
    setOlder((o) => [...o, ...r.events]);
    setNext(r.nextBefore);
  };
  const rows = [...(trail.data ?? []), ...older];
  return (
    <Card
      title={a.audit}
      extra={
        <a href={authApi.auditXlsxUrl(query)} data-testid="audit-export">
          <Button>{a.exportXlsx}</Button>
        </a>
      }
    >
      <p style={{ color: '#8c8c8c', marginTop: 0 }}>{a.appendOnly}</p>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          placeholder={a.cityCode}
          allowClear
          style={{ width: 130 }}
          data-testid="audit-city"
          value={draft.city}
          options={[{ value: app.city.cityCode, label: app.unitName(app.city.cityCode) || app.city.cityCode }]}
          onChange={(v: string | undefined) => setDraft({ ...draft, city: v })}
        />
        <Input
          placeholder={a.actor}
          allowClear
          style={{ width: 140 }}
          data-testid="audit-actor"
          value={draft.actor ?? ''}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
        />
        <Select
          placeholder={a.action}
          allowClear
          style={{ width: 190 }}
          data-testid="audit-action"
          value={draft.action}
          options={ACTIONS.map((x) => ({ value: x, label: x.endsWith('.') ? `${x}*` : x }))}
          onChange={(v: string | undefined) => setDraft({ ...draft, action: v })}
        />
        <Select
          placeholder={a.outcome}
          allowClear
          style={{ width: 110 }}
          value={draft.outcome}
          options={[
            { value: 'ok', label: a.ok },
            { value: 'refused', label: a.refused },
          ]}
          onChange={(v: 'ok' | 'refused' | undefined) => setDraft({ ...draft, outcome: v })}
        />
        <DatePicker
          placeholder={a.from}
          onChange={(d) => setDraft({ ...draft, from: d === null ? undefined : d.format('YYYY-MM-DD') })}
        />
        <DatePicker
          placeholder={a.to}
          onChange={(d) => setDraft({ ...draft, to: d === null ? undefined : d.add(1, 'day').format('YYYY-MM-DD') })}
        />
        <Input
          placeholder={a.text}
          allowClear
          style={{ width: 180 }}
          value={draft.text ?? ''}
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
        />
        <Button type="primary" data-testid="audit-search" onClick={() => setQuery({ ...draft })}>
          {a.search}
        </Button>
      </Space>
      <DataTable<AuditEvent>
        testId="audit-table"
        rowKey="eventId"
        loading={trail.loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: a.at, dataIndex: 'at', render: (s: string) => formatTime(s, lang) },
          { title: a.actor, dataIndex: 'actor' },
          {
            title: a.role,
            dataIndex: 'actorRole',
            render: (r: string | null) => (r === null ? '' : (a.roles[r] ?? r)),
          },
          { title: a.action, dataIndex: 'action' },
          {
            title: a.outcome,
            dataIndex: 'outcome',
            render: (o: 'ok' | 'refused') => (
              <Tag color={o === 'ok' ? 'green' : 'red'}>{o === 'ok' ? a.ok : a.refused}</Tag>
            ),
          },
          { title: a.target, dataIndex: 'target' },
          {
            title: a.revisions,
            key: 'revisions',
            render: (_: unknown, e) =>
              e.revisionBefore === null && e.revisionAfter === null
                ? ''
                : `${e.revisionBefore ?? '—'} → ${e.revisionAfter ?? '—'}`,
          },
          {
            title: a.change,
            key: 'change',
            render: (_: unknown, e) =>
              e.valueBefore === null && e.valueAfter === null
                ? ''
                : `${short(e.valueBefore) || '—'} → ${short(e.valueAfter)}`,
          },
          { title: a.reason, dataIndex: 'reason' },
          { title: a.client, dataIndex: 'clientAddress' },
        ]}
      />
      {next === null ? null : (
        <Button style={{ marginTop: 12 }} onClick={() => void more()}>
          {a.more}
        </Button>
      )}
    </Card>
  );
}
