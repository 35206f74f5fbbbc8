/**
 * Price watch (SPEC §3.2): yearly change of new-home, second-hand, rent and residential land prices against the
 * profile's caps. New homes: growth above `priceCaps.newHomePriceGrowthMaxRatePerYear` (003 第三章第四节
 * “房价年均涨幅控制在4%以内”: 以内 includes the bound, so exactly 4 % is within). Land: a change beyond
 * `priceCaps.landPriceChangeMaxRatePerYear` in either direction (001 四（一）“变化幅度控制在5%以内”). Second-hand
 * prices and rents have no cap in any seed profile: their change is reported with status `no-cap`.
 */
import { compareDecimals, subtractDecimals } from '../quantity/decimal.js';
import { derive, type Explained } from '../provenance/explained.js';
import { yearOnYear } from './change.js';
import {
  numberToDecimal,
  parameterSource,
  profileRef,
  type MarketProfile,
  type SeriesValue,
} from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

export const priceKinds = ['new-home', 'second-hand', 'rent', 'land'] as const;
export type PriceKind = (typeof priceKinds)[number];
export type PriceWatchStatus = 'within-cap' | 'above-cap' | 'no-cap' | 'no-data';

export interface PriceWatch {
  readonly kind: PriceKind;
  readonly period: string;
  readonly status: PriceWatchStatus;
  /** Year-on-year change as a ratio (0.04 = 4 %), explained. */
  readonly change: Explained;
  /** The cap as a ratio, or null. */
  readonly cap: string | null;
  readonly explained: Explained;
}

/**
 * Year-on-year price change of one kind for `period` against its cap.
 *
 * @example priceWatch('new-home', series, '2024', cityProfile) // 3232.51 → 3576.71: +10.65 % → 'above-cap'
 */
export function priceWatch(
  kind: PriceKind,
  series: readonly SeriesValue[],
  period: string,
  uom: string,
  profile: MarketProfile,
): PriceWatch {
  const t = MARKET_TEXT.price;
  const change = yearOnYear(series, period, uom);
  const capParam =
    kind === 'new-home'
      ? {
          path: 'priceCaps.newHomePriceGrowthMaxRatePerYear',
          value: profile.priceCaps.newHomePriceGrowthMaxRatePerYear.value,
        }
      : kind === 'land'
        ? {
            path: 'priceCaps.landPriceChangeMaxRatePerYear',
            value: profile.priceCaps.landPriceChangeMaxRatePerYear.value,
          }
        : undefined;
  const cap = capParam === undefined ? null : numberToDecimal(capParam.value);
  let status: PriceWatchStatus;
  if (change.value === null) status = 'no-data';
  else if (cap === null) status = 'no-cap';
  else {
    // New homes: rises only; land: either direction (|change| compared).
    const measured =
      kind === 'land' && compareDecimals(change.value, '0') < 0 ? subtractDecimals('0', change.value) : change.value;
    status = compareDecimals(measured, cap) > 0 ? 'above-cap' : 'within-cap';
  }
  const label = t.kinds[kind]!;
  const statusLabel = t.status[status]!;
  const explained = derive({
    value: statusLabel.zh,
    uom: '',
    labels: { zh: `${label.zh}变化与上限`, en: `${label.en} change against the cap` },
    formula: kind === 'land' ? '|同比| > 上限 → 超过上限' : kind === 'new-home' ? '同比 > 上限 → 超过上限' : '无上限',
    inputs: [
      { name: '同比', value: change },
      ...(capParam === undefined || cap === null
        ? []
        : [{ name: t.cap.zh, value: { value: cap, uom: 'ratio', source: parameterSource(profile, capParam.path) } }]),
    ],
    profile: profileRef(profile),
    branch: status,
  });
  return { kind, period, status, change, cap, explained };
}
