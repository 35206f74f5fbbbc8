// 数据导入: upload a CSV/XLSX (and optionally its YAML mapping), dry-run it to see every located error and every
// printed-total warning, then import and publish it with a reason, and see the revision it wrote.
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Statistic from 'antd/es/statistic';
import Tag from 'antd/es/tag';
import Upload from 'antd/es/upload';
import { useState } from 'react';
import { ApiError, importFile, type ImportResult, type IntakeIssue } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n.js';
import { DiffTable } from '../components/diff-table.js';

function isImportResult(v: unknown): v is ImportResult {
  return typeof v === 'object' && v !== null && 'errors' in v && 'warnings' in v && 'observations' in v;
}

function IssueTable({ issues, testId }: { readonly issues: readonly IntakeIssue[]; readonly testId: string }) {
  const { t, pick } = useI18n();
  const s = t.imports;
  return (
    <DataTable<IntakeIssue>
      testId={testId}
      scroll={{ x: 960 }}
      rowKey={(r) => `${r.file}|${r.sheet ?? ''}|${r.row ?? ''}|${r.column ?? ''}|${r.code}|${r.messageZh}`}
      dataSource={[...issues]}
      columns={[
        { title: s.colFile, dataIndex: 'file', width: 180, ellipsis: true },
        { title: s.colSheet, dataIndex: 'sheet', width: 100, render: (v?: string) => v ?? '—' },
        { title: s.colRow, dataIndex: 'row', width: 64, align: 'right', render: (v?: number) => v ?? '—' },
        { title: s.colColumn, dataIndex: 'column', width: 64, align: 'center', render: (v?: string) => v ?? '—' },
        { title: s.colHeader, dataIndex: 'header', width: 160, render: (v?: string) => v ?? '—' },
        {
          title: s.colMessage,
          key: 'message',
          render: (_: unknown, r) => <span style={{ whiteSpace: 'pre-wrap' }}>{pick(r.messageZh, r.messageEn)}</span>,
        },
      ]}
    />
  );
}

function ResultView({ result }: { readonly result: ImportResult }) {
  const { t } = useI18n();
  const app = useApp();
  const s = t.imports;
  return (
    <Card
      title={result.dryRun ? s.result : s.commitResult}
      data-testid={result.dryRun ? 'dry-run-result' : 'commit-result'}
      extra={
        result.revisionId === undefined ? null : (
          <span data-testid="import-revision">
            {s.revision} <b>#{result.revisionId}</b>{' '}
            <Tag color={result.published === true ? 'green' : 'gold'}>
              {result.published === true ? s.published : s.draft}
            </Tag>
            <Button type="link" size="small" onClick={() => app.go('revisions', result.revisionId)}>
              {s.viewRevisions}
            </Button>
          </span>
        )
      }
    >
      <Alert
        type={result.ok ? 'success' : 'error'}
        showIcon
        title={result.ok ? s.ok : s.failed}
        description={result.file}
        style={{ marginBottom: 16 }}
      />
      <div style={{ display: 'flex', gap: 40, flexWrap: 'wrap', marginBottom: 16 }}>
        <Statistic title={s.rows} value={result.rows} />
        <Statistic title={s.observations} value={result.observations} />
        <Statistic
          title={s.errors}
          value={result.errorCount}
          styles={{ content: { color: result.errorCount > 0 ? '#cf1322' : undefined } }}
        />
        <Statistic
          title={s.warnings}
          value={result.warningCount}
          styles={{ content: { color: result.warningCount > 0 ? '#d48806' : undefined } }}
        />
        {result.diff === undefined ? null : (
          <>
            <Statistic title={s.diffAdded} value={result.diff.added} />
            <Statistic title={s.diffChanged} value={result.diff.changed} />
            <Statistic title={s.diffUnchanged} value={result.diff.unchanged} />
          </>
        )}
      </div>
      {result.errors.length === 0 ? null : (
        <section style={{ marginBottom: 16 }}>
          <h4 style={{ color: '#cf1322' }}>
            {s.errors}（{result.errorCount}）
          </h4>
          <IssueTable issues={result.errors} testId="import-errors" />
        </section>
      )}
      {result.warnings.length === 0 ? null : (
        <section style={{ marginBottom: 16 }}>
          <h4 style={{ color: '#d48806' }}>
            {s.warnings}（{result.warningCount}）
          </h4>
          <IssueTable issues={result.warnings} testId="import-warnings" />
        </section>
      )}
      {result.diff === undefined || result.diff.addedRows.length + result.diff.changedRows.length === 0 ? null : (
        <DiffTable diff={result.diff} />
      )}
    </Card>
  );
}

export function ImportPage() {
  const { t } = useI18n();
  const app = useApp();
  const s = t.imports;
  const [file, setFile] = useState<File | undefined>(undefined);
  const [mapping, setMapping] = useState<File | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [reasonMissing, setReasonMissing] = useState(false);

  const run = async (dryRun: boolean): Promise<void> => {
    if (file === undefined) {
      setError(s.noFile);
      return;
    }
    if (!dryRun && reason.trim() === '') {
      setReasonMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await importFile(app.city.cityCode, {
          file,
          ...(mapping === undefined ? {} : { mapping }),
          dryRun,
          publish: !dryRun,
          reason: reason.trim(),
        }),
      );
    } catch (e) {
      // A file refused for its errors comes back as a problem that carries the whole result.
      const body = e instanceof ApiError ? (e.body as { result?: unknown } | undefined) : undefined;
      if (body !== undefined && isImportResult(body.result)) setResult(body.result);
      else if (isImportResult(body)) setResult(body);
      else {
        setResult(undefined);
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const picker = (testId: string, label: string, accept: string, value: File | undefined, set: (f?: File) => void) => (
    <div data-testid={testId} style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
      <span style={{ width: 150 }}>{label}</span>
      <Upload
        accept={accept}
        maxCount={1}
        fileList={value === undefined ? [] : [{ uid: value.name, name: value.name, status: 'done' }]}
        beforeUpload={(f) => {
          set(f);
          setResult(undefined);
          return false;
        }}
        onRemove={() => set(undefined)}
      >
        <Button>{testId === 'import-file' ? s.pickFile : s.pickMapping}</Button>
      </Upload>
    </div>
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card title={s.title}>
        <Space orientation="vertical" size={14} style={{ width: '100%' }}>
          {picker('import-file', s.file, '.csv,.xlsx,.txt', file, setFile)}
          {picker('import-mapping', s.mapping, '.yaml,.yml', mapping, setMapping)}
          <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
            <span style={{ width: 150 }}>{s.reason}</span>
            <Input
              data-testid="import-reason"
              style={{ maxWidth: 420 }}
              value={reason}
              status={reasonMissing ? 'error' : undefined}
              placeholder={s.reasonPlaceholder}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonMissing(false);
              }}
            />
            {reasonMissing ? <span style={{ color: '#cf1322' }}>{s.reasonRequired}</span> : null}
          </div>
          <Space>
            <Button data-testid="dry-run" loading={busy} disabled={file === undefined} onClick={() => void run(true)}>
              {s.dryRun}
            </Button>
            <Button
              data-testid="commit"
              type="primary"
              loading={busy}
              disabled={file === undefined}
              onClick={() => void run(false)}
            >
              {s.commit}
            </Button>
          </Space>
        </Space>
      </Card>
      {error === undefined ? null : <Alert type="error" showIcon title={error} />}
      {result === undefined ? null : <ResultView result={result} />}
    </div>
  );
}
