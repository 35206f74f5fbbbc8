// What a revision adds or changes against the published view: one row per key with the old and new value.
import Tag from 'antd/es/tag';
import type { DiffRow, RevisionDiff } from '../api.js';
import { useApp } from '../app-context.js';
import { formatPeriod } from '../format.js';
import { useI18n } from '../i18n.js';
import { DataTable } from './data-table.js';
import { NumberValue } from './number-value.js';

type Row = DiffRow & { readonly change: 'added' | 'changed' | 'unchanged' };

export interface DiffTableProps {
  readonly diff: Pick<RevisionDiff, 'addedRows' | 'changedRows' | 'unchangedRows'>;
  /** Also list the keys re-stated with an equal value (a published revision's own rows). */
  readonly showUnchanged?: boolean;
}

export function DiffTable({ diff, showUnchanged = false }: DiffTableProps) {
  const { t, lang } = useI18n();
  const app = useApp();
  const r = t.revisions;
  const rows: Row[] = [
    ...diff.changedRows.map((d) => ({ ...d, change: 'changed' as const })),
    ...diff.addedRows.map((d) => ({ ...d, change: 'added' as const })),
    ...(showUnchanged ? diff.unchangedRows.map((d) => ({ ...d, change: 'unchanged' as const })) : []),
  ];
  const target = (d: DiffRow) => ({
    unit: d.unitCode,
    measure: d.measureCode,
    dimension: d.dimension,
    period: d.period,
  });
  return (
    <DataTable<Row>
      testId="diff-table"
      rowKey={(d) => `${d.unitCode}|${d.measureCode}|${d.dimension}|${d.period}`}
      dataSource={rows}
      columns={[
        {
          title: r.change,
          dataIndex: 'change',
          width: 72,
          render: (c: Row['change']) =>
            c === 'added' ? (
              <Tag color="green">{t.imports.diffAdded}</Tag>
            ) : c === 'changed' ? (
              <Tag color="orange">{t.imports.diffChanged}</Tag>
            ) : (
              <Tag>{t.imports.diffUnchanged}</Tag>
            ),
        },
        { title: r.unitCol, dataIndex: 'unitCode', render: (u: string) => app.unitName(u) },
        { title: r.measureCol, dataIndex: 'measureCode', render: (m: string) => app.measureName(m) },
        { title: r.dimensionCol, dataIndex: 'dimension', render: (d: string) => app.dimensionName(d) },
        { title: r.periodCol, dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
        {
          title: r.oldValue,
          key: 'old',
          align: 'right',
          render: (_: unknown, d) =>
            d.oldValue === null ? '—' : <NumberValue value={d.oldValue} uom={d.oldUom ?? d.uom} explain={target(d)} />,
        },
        {
          title: r.newValue,
          key: 'new',
          align: 'right',
          render: (_: unknown, d) => (
            <NumberValue value={d.newValue} uom={d.uom} style={{ fontWeight: 600 }} explain={target(d)} />
          ),
        },
      ]}
    />
  );
}
