// 月度统计 / 季度分析 / 年度评估 (003 第五章第三节三) of the chosen period as XLSX or PDF, from
// GET /api/cities/{city}/reports/{kind}. Only the kinds the data's grain supports are offered: yearly data gives the
// annual evaluation only; the others say why they are disabled.
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';
import { useState } from 'react';
import { marketDashboardApi, type ReportFormat, type ReportKind } from '../api.js';
import { useApp } from '../app-context.js';
import { formatPeriod } from '../format.js';
import { useI18n } from '../i18n.js';

type Grain = 'month' | 'quarter' | 'year';

export interface ReportChoice {
  readonly kind: ReportKind;
  /** The report's period (of the kind's grain), or undefined when the kind is not offered. */
  readonly period: string | undefined;
  /** Why the kind is not offered: 'monthly' / 'quarterly' need finer data, 'no-period' has nothing chosen. */
  readonly reason: 'needs-monthly' | 'needs-quarterly' | 'no-period' | undefined;
}

/**
 * The report each kind would be for, given the data's grain and the chosen period: monthly data → the month, its
 * quarter and its year; quarterly data → the quarter and its year; yearly data → the year only.
 *
 * @example reportChoices('year', '2025') // → monthly: needs-monthly, quarterly: needs-quarterly, annual: '2025'
 */
export function reportChoices(grain: Grain | undefined, period: string | undefined): readonly ReportChoice[] {
  const month = period === undefined ? null : /^(\d{4})-(\d{2})$/.exec(period);
  const quarter = period === undefined ? null : /^(\d{4})Q([1-4])$/.exec(period);
  const year = period === undefined ? null : /^(\d{4})$/.exec(period);
  const off = (kind: ReportKind, reason: ReportChoice['reason']): ReportChoice => ({ kind, period: undefined, reason });
  const on = (kind: ReportKind, p: string): ReportChoice => ({ kind, period: p, reason: undefined });
  if (grain === undefined || period === undefined || (month === null && quarter === null && year === null))
    return (['monthly', 'quarterly', 'annual'] as const).map((k) => off(k, 'no-period'));
  if (month !== null && grain === 'month') {
    const q = Math.ceil(Number(month[2]) / 3);
    return [on('monthly', period), on('quarterly', `${month[1]}Q${q}`), on('annual', month[1]!)];
  }
  if (quarter !== null && grain !== 'year')
    return [off('monthly', 'needs-monthly'), on('quarterly', period), on('annual', quarter[1]!)];
  const y = (year ?? quarter ?? month)![1]!;
  return [off('monthly', 'needs-monthly'), off('quarterly', 'needs-quarterly'), on('annual', y)];
}

export interface ReportButtonsProps {
  readonly grain: Grain | undefined;
  /** The period the page shows. */
  readonly period: string | undefined;
}

export function ReportButtons({ grain, period }: ReportButtonsProps) {
  const { t, lang } = useI18n();
  const app = useApp();
  const { message } = AntApp.useApp();
  const mm = t.marketMore;
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const city = app.city.cityCode;
  const grainWord = grain === undefined ? '' : (mm.grains[grain] ?? grain);

  const download = async (kind: ReportKind, p: string, format: ReportFormat): Promise<void> => {
    const key = `${kind}-${format}`;
    setBusy(key);
    try {
      const file = await marketDashboardApi.report(city, kind, p, format);
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      void message.success(`${mm.reportSaved}：${file.fileName}`);
    } catch (e) {
      void message.error(`${mm.reportFailed}：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div data-testid="market-reports" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center' }}>
      {reportChoices(grain, period).map((c) => {
        const why =
          c.reason === 'needs-monthly'
            ? mm.reportNeedsMonthly.replace('{grain}', grainWord)
            : c.reason === 'needs-quarterly'
              ? mm.reportNeedsQuarterly.replace('{grain}', grainWord)
              : c.reason === 'no-period'
                ? mm.reportNoPeriod
                : undefined;
        const label = mm.reportKinds[c.kind] ?? c.kind;
        return (
          <Tooltip key={c.kind} title={why}>
            <span
              data-testid={`report-${c.kind}`}
              data-enabled={c.period === undefined ? 'false' : 'true'}
              data-period={c.period ?? ''}
              style={{
                display: 'inline-flex',
                alignItems: 'center',
                gap: 6,
                padding: '4px 8px',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
                color: c.period === undefined ? '#bfbfbf' : undefined,
              }}
            >
              <span>
                {label}
                {c.period === undefined
                  ? ''
                  : lang === 'zh'
                    ? `（${formatPeriod(c.period, lang)}）`
                    : ` (${formatPeriod(c.period, lang)})`}
              </span>
              {(['xlsx', 'pdf'] as const).map((f) => (
                <Button
                  key={f}
                  size="small"
                  data-testid={`report-${c.kind}-${f}`}
                  disabled={c.period === undefined || (busy !== undefined && busy !== `${c.kind}-${f}`)}
                  loading={busy === `${c.kind}-${f}`}
                  onClick={() => (c.period === undefined ? undefined : void download(c.kind, c.period, f))}
                >
                  {f.toUpperCase()}
                </Button>
              ))}
            </span>
          </Tooltip>
        );
      })}
    </div>
  );
}
