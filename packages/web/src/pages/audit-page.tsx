// 审核: upload printed plan tables (CSV / XLSX, several at once for cross-table checks) and optional rules, and see
// every finding on the table itself — the cell coloured, a tooltip with printed / computed / difference / cause —
// and in the findings list below (SPEC §3.5, the plan-table auditor).
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Space from 'antd/es/space';
import Statistic from 'antd/es/statistic';
import Tag from 'antd/es/tag';
import Tooltip from 'antd/es/tooltip';
import Upload from 'antd/es/upload';
import { useState, type ReactNode } from 'react';
import { auditUpload, type AuditFinding, type AuditProposal, type AuditReport, type AuditedTable } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n.js';

type Status = 'ok' | 'within-precision' | 'mismatch' | 'unchecked';

const BACKGROUND: Readonly<Record<Status, string>> = {
  ok: '#f0f9eb',
  'within-precision': '#fffbe6',
  mismatch: '#fff1f0',
  unchecked: '#f0f5ff',
};
const BORDER: Readonly<Record<Status, string>> = {
  ok: '#b7eb8f',
  'within-precision': '#ffe58f',
  mismatch: '#ff4d4f',
  unchecked: '#adc6ff',
};

function cellKey(tableId: string, address: string, part?: number): string {
  return `${tableId}|${address}|${part ?? ''}`;
}

function FindingTip({ findings }: { readonly findings: readonly AuditFinding[] }) {
  const { t, pick } = useI18n();
  const s = t.audit;
  return (
    <div style={{ maxWidth: 420 }}>
      {findings.map((f, i) => (
        <div key={i} style={{ marginBottom: i < findings.length - 1 ? 8 : 0 }}>
          <div>
            <b>{s.kinds[f.kind]}</b> · {s.printed} {f.printed}
            {f.computed === undefined ? '' : ` · ${s.computed} ${f.computed}`}
            {f.difference === undefined ? '' : ` · ${s.difference} ${f.difference}`}
            {f.tolerance === undefined ? '' : ` · ${s.tolerance} ±${f.tolerance}`}
          </div>
          <div>
            {s.cause}：{pick(f.causeZh, f.causeEn)}
          </div>
          <div style={{ opacity: 0.85 }}>{pick(f.messageZh, f.messageEn)}</div>
        </div>
      ))}
    </div>
  );
}

function TableView({ table, findings }: { readonly table: AuditedTable; readonly findings: readonly AuditFinding[] }) {
  const { t, pick } = useI18n();
  const s = t.audit;
  const status = new Map<string, Status>();
  for (const c of table.checks) {
    const k = cellKey(table.id, c.address);
    const was = status.get(k);
    if (was === 'mismatch') continue;
    if (c.status === 'mismatch' || was === undefined || (was === 'ok' && c.status === 'within-precision'))
      status.set(k, c.status);
  }
  // cells the auditor could not read (a range, a bound, text) with the reason, and bound checks with their verdict
  const notes = new Map<string, string[]>();
  const addNote = (k: string, note: string) => notes.set(k, [...(notes.get(k) ?? []), note]);
  for (const u of table.unchecked) {
    const k = cellKey(table.id, u.address);
    if (!status.has(k)) status.set(k, 'unchecked');
    addNote(k, `${s.uncheckedTag}：${pick(u.reasonZh, u.reasonEn)}`);
  }
  for (const c of table.checks) {
    if (c.noteZh !== undefined) addNote(cellKey(table.id, c.address), pick(c.noteZh, c.noteEn ?? c.noteZh));
  }
  const byCell = new Map<string, AuditFinding[]>();
  for (const f of findings) {
    const k = cellKey(table.id, f.address, f.part);
    byCell.set(k, [...(byCell.get(k) ?? []), f]);
  }
  const totalRows = new Set(table.totalRows);
  const source = [table.source.seed, table.source.section, table.source.file]
    .filter((x) => x !== undefined)
    .join(' · ');
  return (
    <Card
      size="small"
      title={table.title}
      extra={source === '' ? null : <span style={{ fontSize: 12, opacity: 0.7 }}>{source}</span>}
      data-testid={`audit-table-${table.id}`}
      style={{ marginBottom: 16 }}
    >
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
          <tbody>
            {table.grid.map((row, r) => (
              <tr key={r} style={{ fontWeight: r < table.headerRows || totalRows.has(row[0]?.row ?? -1) ? 600 : 400 }}>
                <td style={{ padding: '2px 6px', color: '#999', fontSize: 11 }}>{row[0]?.row}</td>
                {row.map((cell, c) => {
                  const fs = byCell.get(cellKey(table.id, cell.address, cell.part));
                  const st: Status | undefined =
                    fs !== undefined ? 'mismatch' : status.get(cellKey(table.id, cell.address));
                  const note = notes.get(cellKey(table.id, cell.address));
                  const content: ReactNode = (
                    <td
                      key={c}
                      data-testid={`audit-cell-${table.id}-${cell.address}${cell.part === undefined ? '' : `.${cell.part}`}`}
                      data-status={st ?? ''}
                      style={{
                        padding: '2px 8px',
                        border: `1px solid ${st === undefined ? '#f0f0f0' : BORDER[st]}`,
                        background: r < table.headerRows ? '#fafafa' : st === undefined ? undefined : BACKGROUND[st],
                        textAlign: /^[\d.,[\]%\s-]+/.test(cell.text) && r >= table.headerRows ? 'right' : 'left',
                        whiteSpace: 'nowrap',
                        cursor: fs === undefined && note === undefined ? undefined : 'help',
                      }}
                    >
                      {cell.text}
                    </td>
                  );
                  if (fs === undefined && note === undefined) return content;
                  return (
                    <Tooltip
                      key={c}
                      title={
                        <div style={{ maxWidth: 420 }}>
                          {fs === undefined ? null : <FindingTip findings={fs} />}
                          {note?.map((n, i) => (
                            <div key={i} data-testid="audit-cell-note">
                              {n}
                            </div>
                          ))}
                        </div>
                      }
                    >
                      {content}
                    </Tooltip>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Space size="small" style={{ marginTop: 8, fontSize: 12 }} wrap>
        <Tag color="red">{s.legendMismatch}</Tag>
        <Tag color="gold">{s.legendRounding}</Tag>
        <Tag color="green">{s.legendOk}</Tag>
        <Tag color="geekblue">{s.legendUnchecked}</Tag>
        {table.nonAdditiveLines.length === 0 ? null : (
          <span style={{ opacity: 0.7 }}>
            {s.notSummed}：{table.nonAdditiveLines.join('、')}
          </span>
        )}
      </Space>
    </Card>
  );
}

function FindingsList({ report }: { readonly report: AuditReport }) {
  const { t, pick } = useI18n();
  const s = t.audit;
  const titles = new Map(report.tables.map((tb) => [tb.id, tb.title]));
  return (
    <DataTable<AuditFinding & { readonly n: number }>
      testId="audit-findings"
      scroll={{ x: 1100 }}
      rowKey={(f) => String(f.n)}
      dataSource={report.findings.map((f, n) => ({ ...f, n }))}
      columns={[
        { title: s.colTable, key: 'table', width: 200, render: (_: unknown, f) => titles.get(f.tableId) ?? f.tableId },
        {
          title: s.colCell,
          key: 'cell',
          width: 80,
          render: (_: unknown, f) => (f.part === undefined ? f.address : `${f.address}.${f.part}`),
        },
        { title: s.colKind, key: 'kind', width: 80, render: (_: unknown, f) => s.kinds[f.kind] },
        { title: s.colPrinted, dataIndex: 'printed', width: 110, align: 'right' },
        {
          title: s.colComputed,
          key: 'computed',
          width: 110,
          align: 'right',
          render: (_: unknown, f) => f.computed ?? '—',
        },
        {
          title: s.colDifference,
          key: 'difference',
          width: 90,
          align: 'right',
          render: (_: unknown, f) => f.difference ?? '—',
        },
        { title: s.colCause, key: 'cause', width: 220, render: (_: unknown, f) => pick(f.causeZh, f.causeEn) },
        { title: s.colMessage, key: 'message', render: (_: unknown, f) => pick(f.messageZh, f.messageEn) },
      ]}
    />
  );
}

export function AuditPage() {
  const { t, pick } = useI18n();
  const s = t.audit;
  const [files, setFiles] = useState<File[]>([]);
  const [rules, setRules] = useState<File | undefined>();
  const [report, setReport] = useState<AuditReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<AuditProposal[]>([]);

  const run = async (withAccepted: readonly AuditProposal[] = accepted): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await auditUpload(files, rules, withAccepted));
    } catch (e) {
      setReport(undefined);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={s.title}>
        <p style={{ marginTop: 0 }}>{s.intro}</p>
        <Space wrap align="start">
          <Upload
            multiple
            accept=".csv,.xlsx,.txt,.tsv"
            fileList={files.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
            beforeUpload={(f, list) => {
              setFiles((prev) => [...prev, ...list.filter((x) => x === f)]);
              return false;
            }}
            onRemove={(item) => setFiles((prev) => prev.filter((_, i) => String(i) !== item.uid))}
          >
            <Button data-testid="audit-files">{s.chooseFiles}</Button>
          </Upload>
          <Upload
            accept=".yaml,.yml,.json"
            maxCount={1}
            fileList={rules === undefined ? [] : [{ uid: 'rules', name: rules.name, status: 'done' as const }]}
            beforeUpload={(f) => {
              setRules(f);
              return false;
            }}
            onRemove={() => setRules(undefined)}
          >
            <Button data-testid="audit-rules">{s.chooseRules}</Button>
          </Upload>
          <Button
            type="primary"
            loading={busy}
            disabled={files.length === 0}
            onClick={() => void run()}
            data-testid="audit-run"
          >
            {s.run}
          </Button>
          <Button
            onClick={() => {
              setFiles([]);
              setRules(undefined);
              setAccepted([]);
              setReport(undefined);
              setError(undefined);
            }}
          >
            {s.clear}
          </Button>
        </Space>
      </Card>
      {error === undefined ? null : <Alert type="error" showIcon message={error} data-testid="audit-error" />}
      {report === undefined ? null : (
        <>
          <Card data-testid="audit-summary">
            <Space size="large" wrap>
              <Statistic title={s.tables} value={report.summary.tables} />
              <Statistic title={s.checks} value={report.summary.checks} />
              <Statistic title={s.withinPrecision} value={report.summary.withinPrecision} />
              <Statistic
                title={s.unchecked}
                value={report.summary.unchecked}
                valueStyle={{ color: report.summary.unchecked > 0 ? '#1d39c4' : undefined }}
              />
              <Statistic
                title={s.findings}
                value={report.summary.findings}
                valueStyle={{ color: report.summary.findings > 0 ? '#cf1322' : '#389e0d' }}
              />
            </Space>
            <div style={{ marginTop: 8 }} data-testid="audit-summary-line">
              {pick(
                `核对 ${report.summary.checks} 处，未核对 ${report.summary.unchecked} 处，发现 ${report.summary.findings} 处问题`,
                `${report.summary.checks} checked, ${report.summary.unchecked} not checked, ${report.summary.findings} findings`,
              )}
            </div>
            {report.findings.length === 0 && report.summary.unchecked === 0 ? (
              <Alert style={{ marginTop: 12 }} type="success" showIcon message={s.clean} />
            ) : null}
          </Card>
          {report.tables.map((tb) => (
            <TableView key={tb.id} table={tb} findings={report.findings.filter((f) => f.tableId === tb.id)} />
          ))}
          {report.proposals.length === 0 && accepted.length === 0 ? null : (
            <Card title={s.proposals} data-testid="audit-proposals">
              {report.proposals.map((p, i) => (
                <div key={i} style={{ marginBottom: 8 }} data-testid="audit-proposal">
                  <Button
                    size="small"
                    type="primary"
                    data-testid={`audit-accept-${i}`}
                    style={{ marginRight: 8 }}
                    onClick={() => {
                      const next = [...accepted, p];
                      setAccepted(next);
                      void run(next);
                    }}
                  >
                    {s.accept}
                  </Button>
                  <code>
                    {p.tableId}：{p.line} = {p.formula}
                  </code>
                  <span style={{ marginLeft: 8, opacity: 0.7 }}>
                    {pick(p.reasonZh, p.reasonEn)}
                    {p.status === 'mismatch' ? ` · ${s.proposalMismatch}` : ''}
                  </span>
                </div>
              ))}
              {accepted.length === 0 ? null : (
                <div style={{ marginTop: 8, opacity: 0.8 }} data-testid="audit-accepted">
                  {s.accepted}：
                  <pre style={{ margin: 0 }}>
                    {accepted
                      .map(
                        (a) => `- { match: '${a.tableId}', derived: [{ line: '${a.line}', formula: '${a.formula}' }] }`,
                      )
                      .join('\n')}
                  </pre>
                </div>
              )}
            </Card>
          )}
          {report.findings.length === 0 ? null : (
            <Card title={s.findingsList}>
              <FindingsList report={report} />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
