// 闲置土地 (000 §九（二）): every parcel of the city's published parcel ledger assessed on a chosen date by the server
// (GET /api/cities/{city}/linkage/idle) — status, days overdue, the idle fee at one full year (click for the
// explanation), the dates at which the fee and the reclaim apply — with the totals.
import Alert from 'antd/es/alert';
import Input from 'antd/es/input';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import { useMemo, useState } from 'react';
import { api, idleLandApi, type IdleParcel } from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { NumberValue } from '../components/number-value.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';

const STATUS_COLORS: Readonly<Record<string, string>> = {
  'started-on-time': 'green',
  'started-late': 'cyan',
  'not-due': 'default',
  overdue: 'gold',
  'overdue-renegotiable': 'gold',
  'idle-fee': 'orange',
  reclaim: 'red',
  unassessed: 'default',
};

/** Square metres (decimal string) as hectares, without float noise for the ledger's 4-decimal areas. */
const hectares = (sqm: string): string => String(Number((Number(sqm) / 10000).toFixed(4)));

/** Today in local time as YYYY-MM-DD (the dashboard may read the clock; core may not). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function IdleLandTable() {
  const { t, pick } = useI18n();
  const app = useApp();
  const s = t.idleLand;
  const city = app.city.cityCode;
  const [asOf, setAsOf] = useState<string>(today);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(asOf);
  const idle = useAsync(() => (valid ? idleLandApi.idle(city, asOf) : undefined), [city, asOf, valid]);
  const revisions = useAsync(() => api.revisions(city), [city]);
  // Parcels stated by a revision flagged synthetic (the bundled demo ledger) are marked as such.
  const synthetic = useMemo(() => {
    const ids = new Set((idle.data?.parcels ?? []).map((p) => p.revisionId));
    return (revisions.data ?? []).some((r) => ids.has(r.revisionId) && r.synthetic);
  }, [idle.data, revisions.data]);

  const picker = (
    <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      {s.asOf}
      <Input
        type="date"
        data-testid="idle-land-asof"
        style={{ width: 160 }}
        value={asOf}
        onChange={(e) => setAsOf(e.target.value)}
      />
    </label>
  );
  if (idle.error !== undefined) {
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        {picker}
        <Alert type="error" message={t.error} description={idle.error.message} />
      </div>
    );
  }
  if (idle.data === undefined) return valid ? <Spin /> : picker;
  const d = idle.data;
  const dash = (v: string | number | null) => (v === null ? '—' : String(v));
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="idle-land">
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        {picker}
        <span style={{ color: '#8c8c8c' }}>
          {s.hint}（{d.profile.id}@{d.profile.version}）
        </span>
        {synthetic ? (
          <Tag color="purple" data-testid="idle-land-synthetic">
            {s.synthetic}
          </Tag>
        ) : null}
      </div>
      {d.parcels.length === 0 ? (
        <Alert type="info" message={s.empty} />
      ) : (
        <>
          <DataTable<IdleParcel>
            testId="idle-land-table"
            rowKey="parcelId"
            dataSource={[...d.parcels]}
            columns={[
              { title: s.parcel, dataIndex: 'parcelId', key: 'parcelId' },
              { title: s.unit, key: 'unit', render: (p: IdleParcel) => pick(p.unitNameZh, p.unitNameEn) },
              { title: s.use, key: 'use', render: (p: IdleParcel) => s.uses[p.landUse] ?? p.landUse },
              { title: s.areaHa, key: 'area', align: 'right', render: (p: IdleParcel) => hectares(p.areaSqm) },
              { title: s.contractStart, key: 'contract', render: (p: IdleParcel) => dash(p.contractStart) },
              { title: s.actualStart, key: 'actual', render: (p: IdleParcel) => dash(p.actualStart) },
              {
                title: s.status,
                key: 'status',
                render: (p: IdleParcel) => (
                  <Tag color={STATUS_COLORS[p.status] ?? 'default'} data-testid={`idle-status-${p.parcelId}`}>
                    {pick(p.statusZh, p.statusEn)}
                  </Tag>
                ),
              },
              {
                title: s.daysOverdue,
                key: 'days',
                align: 'right',
                render: (p: IdleParcel) => dash(p.daysOverdue),
              },
              {
                title: s.fee,
                key: 'fee',
                align: 'right',
                render: (p: IdleParcel) =>
                  p.explanation === null ? (
                    '—'
                  ) : (
                    <NumberValue
                      value={p.idleFeeWanYuan}
                      uom="wan-yuan"
                      explained={{
                        explained: p.explanation,
                        title: [p.parcelId, pick(p.unitNameZh, p.unitNameEn), s.fee, `${s.asOf} ${d.asOf}`].join(' · '),
                      }}
                    />
                  ),
              },
              { title: s.feeDate, key: 'feeDate', render: (p: IdleParcel) => dash(p.feeDate) },
              { title: s.reclaimDate, key: 'reclaimDate', render: (p: IdleParcel) => dash(p.reclaimDate) },
            ]}
          />
          <div data-testid="idle-land-totals">
            {s.totals(d.totals.parcels, d.totals.idleFeeWanYuan, d.totals.reclaimAreaSqm)}
          </div>
        </>
      )}
    </div>
  );
}
