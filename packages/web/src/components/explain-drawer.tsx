// The one explanation panel: for any stored or derived number, its value, formula, inputs (recursively), the source
// cell (file / sheet / row / column), the revision that wrote it (who / when / why) and every value it ever had.
// A computed value that already carries its explanation (`direct`, from the market routes) is shown as it is.
import Alert from 'antd/es/alert';
import Descriptions from 'antd/es/descriptions';
import Drawer from 'antd/es/drawer';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { api, type Explained, type PlainInput, type SourceRef } from '../api.js';
import { useApp, type ExplainedTarget, type ExplainTarget } from '../app-context.js';
import { formatPeriod, formatTime, formatWithUnit } from '../format.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { DataTable } from './data-table.js';

/** A value with its unit; ratios (computed changes and shares) as percentages. */
function valueText(value: string, uom: string, label: (uom: string) => string, lang: 'zh' | 'en'): string {
  if (uom === 'ratio' && Number.isFinite(Number(value)))
    return formatWithUnit((Number(value) * 100).toFixed(2), '%', lang);
  return formatWithUnit(value, label(uom), lang);
}

function isExplained(v: Explained | PlainInput): v is Explained {
  return 'inputs' in v && 'labelZh' in v;
}

function SourceView({ source }: { readonly source: SourceRef }) {
  const { t, lang } = useI18n();
  const app = useApp();
  const e = t.explain;
  switch (source.kind) {
    case 'cell':
      return (
        <Descriptions
          size="small"
          column={2}
          bordered
          data-testid="explain-cell"
          items={[
            { key: 'file', label: e.file, children: source.file, span: 2 },
            ...(source.sheet === undefined ? [] : [{ key: 'sheet', label: e.sheet, children: source.sheet }]),
            { key: 'row', label: e.row, children: source.row },
            { key: 'column', label: e.column, children: source.column },
            ...(source.revisionId === undefined
              ? []
              : [{ key: 'rev', label: e.revision, children: `#${source.revisionId}` }]),
          ]}
        />
      );
    case 'seed':
      return (
        <div>
          {e.seed} {source.seed} · {e.section} {source.section}
          {source.quote === undefined ? null : <blockquote style={quoteStyle}>{source.quote}</blockquote>}
        </div>
      );
    case 'observation':
      return (
        <span>
          {app.unitName(source.unitCode)} · {app.measureName(source.measureCode)}
          {source.dimension === '' ? '' : ` · ${app.dimensionName(source.dimension)}`} ·{' '}
          {formatPeriod(source.period, lang)} · {e.revision} #{source.revisionId}
        </span>
      );
    case 'parameter':
      return (
        <span>
          {e.parameter} {source.profileId}@{source.profileVersion}: <code>{source.path}</code>
        </span>
      );
  }
}

const quoteStyle = {
  margin: '6px 0 0',
  padding: '4px 10px',
  borderLeft: '3px solid #d9d9d9',
  color: '#595959',
} as const;

function ExplainedView({
  node,
  name,
  depth,
}: {
  readonly node: Explained;
  readonly name?: string;
  readonly depth: number;
}) {
  const { t, lang, pick } = useI18n();
  const app = useApp();
  const e = t.explain;
  const label = pick(node.labelZh, node.labelEn);
  const value =
    node.value === null ? <Tag color="warning">{e.missing}</Tag> : valueText(node.value, node.uom, app.uomLabel, lang);
  return (
    <div style={depth === 0 ? undefined : { borderLeft: '2px solid #e6f4ff', paddingLeft: 12, marginTop: 10 }}>
      <div
        style={{ fontSize: depth === 0 ? 22 : 14, fontWeight: 600 }}
        data-testid={depth === 0 ? 'explain-value' : undefined}
      >
        {depth === 0 ? value : `${name !== undefined && name !== label ? `${name}（${label}）` : label} = `}
        {depth === 0 ? null : value}
      </div>
      {depth === 0 ? <div style={{ color: '#595959', marginBottom: 8 }}>{label}</div> : null}
      {node.formula === undefined ? null : (
        <div>
          {e.formula}：<code>{node.formula}</code>
        </div>
      )}
      {node.profile === undefined ? null : (
        <div>
          {e.profile}：{node.profile.id}@{node.profile.version}
        </div>
      )}
      {node.branch === undefined ? null : (
        <div>
          {e.branch}：{node.branch}
        </div>
      )}
      {node.source === undefined ? null : (
        <div style={{ marginTop: 6 }}>
          <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 4 }}>{e.source}</div>
          <SourceView source={node.source} />
        </div>
      )}
      {node.notes.map((n, i) => (
        <Alert
          key={i}
          style={{ marginTop: 6 }}
          type={n.level === 'warning' ? 'warning' : 'info'}
          showIcon
          title={pick(n.messageZh, n.messageEn)}
        />
      ))}
      {node.inputs.length === 0 ? null : (
        <div style={{ marginTop: 8 }}>
          {depth === 0 ? <div style={{ color: '#8c8c8c', fontSize: 12 }}>{e.inputs}</div> : null}
          {node.inputs.map((input, i) =>
            isExplained(input.value) ? (
              <ExplainedView key={i} node={input.value} name={input.name} depth={depth + 1} />
            ) : (
              <div key={i} style={{ borderLeft: '2px solid #e6f4ff', paddingLeft: 12, marginTop: 10 }}>
                <div style={{ fontWeight: 600 }}>
                  {input.name} ={' '}
                  {input.value.value === null
                    ? e.missing
                    : valueText(input.value.value, input.value.uom, app.uomLabel, lang)}
                </div>
                {input.value.source === undefined ? null : <SourceView source={input.value.source} />}
              </div>
            ),
          )}
        </div>
      )}
    </div>
  );
}

export interface ExplainDrawerProps {
  readonly target: ExplainTarget | undefined;
  /** A value with its explanation; takes the place of `target` (nothing is fetched). */
  readonly direct?: ExplainedTarget | undefined;
  readonly onClose: () => void;
}

export function ExplainDrawer({ target, direct, onClose }: ExplainDrawerProps) {
  const { t } = useI18n();
  if (direct !== undefined)
    return (
      <Drawer
        open
        onClose={onClose}
        title={
          <div>
            <div style={{ fontSize: 12, color: '#8c8c8c', fontWeight: 400 }}>{t.explain.title}</div>
            <div>{direct.title}</div>
          </div>
        }
        size={560}
        destroyOnHidden
        rootClassName="anju-explain"
      >
        <div data-testid="explain-drawer">
          <ExplainedView node={direct.explained} depth={0} />
        </div>
      </Drawer>
    );
  return <LookupDrawer target={target} onClose={onClose} />;
}

function LookupDrawer({ target, onClose }: Omit<ExplainDrawerProps, 'direct'>) {
  const { t, lang } = useI18n();
  const app = useApp();
  const e = t.explain;
  const code = app.city.cityCode;
  const { data, error, loading } = useAsync(
    () => (target === undefined ? undefined : api.explain(code, target)),
    [code, target?.unit, target?.measure, target?.dimension, target?.period, lang],
  );
  const title =
    target === undefined
      ? e.title
      : [
          app.unitName(target.unit),
          app.measureName(target.measure),
          ...(target.dimension === '' ? [] : [app.dimensionName(target.dimension)]),
          formatPeriod(target.period, lang),
        ].join(' · ');
  return (
    <Drawer
      open={target !== undefined}
      onClose={onClose}
      title={
        <div>
          <div style={{ fontSize: 12, color: '#8c8c8c', fontWeight: 400 }}>{e.title}</div>
          <div>{title}</div>
        </div>
      }
      size={560}
      destroyOnHidden
      rootClassName="anju-explain"
    >
      <div data-testid="explain-drawer">
        {loading ? <Spin /> : null}
        {error === undefined ? null : <Alert type="error" showIcon title={error.message} />}
        {data === undefined || loading ? null : (
          <>
            <ExplainedView node={data.explained} depth={0} />
            {data.revision === null ? null : (
              <section style={{ marginTop: 20 }}>
                <h4 style={{ margin: '0 0 8px' }}>
                  {e.revision} #{data.revision.revisionId}
                </h4>
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  data-testid="explain-revision"
                  items={[
                    { key: 'who', label: e.who, children: data.revision.createdBy },
                    { key: 'when', label: e.when, children: formatTime(data.revision.createdAt, lang) },
                    { key: 'why', label: e.why, children: data.revision.reason },
                    ...(data.revision.publishedAt === null
                      ? []
                      : [
                          {
                            key: 'published',
                            label: e.published,
                            children: [
                              data.revision.publishedBy ?? '',
                              formatTime(data.revision.publishedAt, lang),
                              data.revision.publishReason ?? '',
                            ]
                              .filter((x) => x !== '')
                              .join(' · '),
                          },
                        ]),
                  ]}
                />
              </section>
            )}
            {data.history.length === 0 ? null : (
              <section style={{ marginTop: 20 }}>
                <h4 style={{ margin: '0 0 8px' }}>{e.history}</h4>
                <DataTable
                  testId="explain-history"
                  scroll={undefined}
                  rowKey="revisionId"
                  dataSource={[...data.history]}
                  columns={[
                    { title: e.revision, dataIndex: 'revisionId', render: (v: string) => `#${v}` },
                    {
                      title: t.explain.value,
                      key: 'value',
                      align: 'right',
                      render: (_: unknown, h) => formatWithUnit(h.value, app.uomLabel(h.uom), lang),
                    },
                    { title: e.who, dataIndex: 'createdBy' },
                    {
                      title: e.when,
                      dataIndex: 'createdAt',
                      render: (v: string | undefined) => (v === undefined ? '' : formatTime(v, lang)),
                    },
                    { title: e.why, dataIndex: 'reason' },
                  ]}
                />
              </section>
            )}
          </>
        )}
      </div>
    </Drawer>
  );
}
