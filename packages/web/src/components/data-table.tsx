// The dashboard's one table look: compact, striped header, paginated at 20 rows, scrolls sideways when narrow.
import Table, { type TableProps } from 'antd/es/table';
import { useI18n } from '../i18n.js';

export type DataTableProps<T> = Omit<TableProps<T>, 'rowKey'> & {
  /** How each row is keyed (a field name or a function). */
  readonly rowKey: TableProps<T>['rowKey'];
  readonly testId?: string;
};

export function DataTable<T extends object>({ testId, pagination, locale, ...rest }: DataTableProps<T>) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <Table<T>
        size="small"
        bordered
        scroll={{ x: 'max-content' }}
        pagination={pagination ?? { pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t.noData, ...locale }}
        {...rest}
      />
    </div>
  );
}
