// 修订记录: every revision of the city (who / when / why), its diff against the published view, and publish / discard
// for drafts (a reason is required for both).
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { api, type Revision } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { DiffTable } from '../components/diff-table.js';
import { formatTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { navigate, useRoute } from '../router.js';
import { useAsync } from '../use-async.js';

const STATUS_COLOR = { draft: 'gold', published: 'green', discarded: 'default' } as const;

function RevisionDetail({ id, onChanged }: { readonly id: string; readonly onChanged: () => void }) {
  const { t } = useI18n();
  const app = useApp();
  const { message } = AntApp.useApp();
  const r = t.revisions;
  const city = app.city.cityCode;
  const detail = useAsync(() => api.revision(city, id), [city, id]);
  const [action, setAction] = useState<'publish' | 'discard' | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  const act = async (): Promise<void> => {
    if (action === undefined || reason.trim() === '') return;
    setBusy(true);
    try {
      await (action === 'publish' ? api.publish(city, id, reason.trim()) : api.discard(city, id, reason.trim()));
      void message.success(r.done);
      setAction(undefined);
      setReason('');
      detail.reload();
      onChanged();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid="revision-detail"
      title={
        <span>
          {t.revisions.id} #{id} · {r.diff}
        </span>
      }
      extra={
        d?.revision.status !== 'draft' ? null : (
          <Space>
            <Button type="primary" data-testid="publish" onClick={() => setAction('publish')}>
              {r.publish}
            </Button>
            <Button danger data-testid="discard" onClick={() => setAction('discard')}>
              {r.discard}
            </Button>
          </Space>
        )
      }
    >
      {detail.loading ? <Spin /> : null}
      {detail.error === undefined ? null : <span style={{ color: '#cf1322' }}>{detail.error.message}</span>}
      {d === undefined ? null : (
        <>
          <div style={{ marginBottom: 12, color: '#595959' }}>
            {t.imports.diffAdded} {d.diff.added} · {t.imports.diffChanged} {d.diff.changed} · {t.imports.diffUnchanged}{' '}
            {d.diff.unchanged}
          </div>
          <DiffTable diff={d.diff} showUnchanged />
        </>
      )}
      <Modal
        open={action !== undefined}
        title={action === 'publish' ? `${r.publish} #${id}` : `${r.discard} #${id}`}
        okText={r.confirm}
        cancelText={r.cancel}
        okButtonProps={{ disabled: reason.trim() === '', loading: busy, danger: action === 'discard' }}
        onOk={() => void act()}
        onCancel={() => setAction(undefined)}
      >
        <Input.TextArea
          data-testid="decision-reason"
          rows={3}
          value={reason}
          placeholder={r.reasonPrompt}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

export function RevisionsPage() {
  const { t, lang } = useI18n();
  const app = useApp();
  const route = useRoute();
  const r = t.revisions;
  const city = app.city.cityCode;
  const list = useAsync(() => api.revisions(city), [city]);
  const selected = route.arg;
  const select = (id: string): void => navigate({ city, page: 'revisions', arg: id === selected ? '' : id });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card title={r.title} styles={{ body: { padding: 0 } }}>
        <Spin spinning={list.loading}>
          <DataTable<Revision>
            testId="revisions-table"
            rowKey="revisionId"
            dataSource={[...(list.data ?? [])].reverse()}
            onRow={(rev) => ({ onClick: () => select(rev.revisionId), style: { cursor: 'pointer' } })}
            rowClassName={(rev) => (rev.revisionId === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { title: r.id, dataIndex: 'revisionId', width: 64, render: (v: string) => `#${v}` },
              {
                title: r.status,
                dataIndex: 'status',
                width: 90,
                render: (s: Revision['status']) => <Tag color={STATUS_COLOR[s]}>{r[`status_${s}`]}</Tag>,
              },
              { title: r.createdBy, dataIndex: 'createdBy', width: 110 },
              { title: r.createdAt, dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v, lang) },
              { title: r.reason, dataIndex: 'reason', ellipsis: true },
              { title: r.file, dataIndex: 'sourceFile', ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: r.rowCount, dataIndex: 'rowCount', width: 90, align: 'right' },
              {
                title: r.publishedAt,
                key: 'published',
                width: 150,
                render: (_: unknown, rev) => (rev.publishedAt === null ? '—' : formatTime(rev.publishedAt, lang)),
              },
            ]}
          />
        </Spin>
      </Card>
      {selected === '' ? null : <RevisionDetail key={selected} id={selected} onChanged={list.reload} />}
    </div>
  );
}
