/**
 * Classifies a destocking cycle against the profile's reasonable range and display bands (SPEC §3.2).
 *
 * Boundaries are exact and come from the profile: each bound says whether it is inclusive (national default and
 * seed 003: 12 ≤ x ≤ 18 is within the range, so 18.0 is inside and 18.000001 is above). The exact quotient is
 * compared, never the rounded display: a cycle of 18.04 shows as "18.0" and is above the range.
 */
import { compareDecimals } from '../quantity/decimal.js';
import { derive, type Explained } from '../provenance/explained.js';
import type { CycleDisplayBand } from '../profile/profile-schema.js';
import type { DestockingCycle } from './destocking-cycle.js';
import { numberToDecimal, parameterSource, profileRef, type MarketProfile } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

export type RangePosition = 'below' | 'within' | 'above';

/** The class of one cycle: a band and its position against the reasonable range, or no sales / not computable. */
export type CycleClassification =
  | {
      readonly kind: 'band';
      readonly bandId: string | null;
      readonly labelZh: string;
      readonly labelEn: string;
      readonly range: RangePosition;
      readonly explained: Explained;
    }
  | { readonly kind: 'no-sales'; readonly explained: Explained }
  | { readonly kind: 'no-data'; readonly explained: Explained };

interface Bounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
}

/** Where an exact decimal lies against bounds: below the lower, inside, or above the upper. */
export function positionInBounds(value: string, b: Bounds): RangePosition {
  if (b.min !== undefined) {
    const c = compareDecimals(value, numberToDecimal(b.min));
    if (c < 0 || (c === 0 && !b.minInclusive)) return 'below';
  }
  if (b.max !== undefined) {
    const c = compareDecimals(value, numberToDecimal(b.max));
    if (c > 0 || (c === 0 && !b.maxInclusive)) return 'above';
  }
  return 'within';
}

/** The first band (in profile order) that contains the value; an absent bound is open. */
export function bandOf(value: string, bands: readonly CycleDisplayBand[]): CycleDisplayBand | undefined {
  return bands.find(
    (b) =>
      positionInBounds(value, {
        min: b.minMonths,
        max: b.maxMonths,
        minInclusive: b.minInclusive,
        maxInclusive: b.maxInclusive,
      }) === 'within',
  );
}

function boundsText(b: Bounds): string {
  const lo = b.min === undefined ? '' : `${b.min} ${b.minInclusive ? '≤' : '<'} `;
  const hi = b.max === undefined ? '' : ` ${b.maxInclusive ? '≤' : '<'} ${b.max}`;
  return `${lo}x${hi}`;
}

/**
 * Classifies a cycle with the profile's `destocking.bands` and `destocking.reasonableRangeMonths`.
 *
 * @example classifyCycle(cycleOf18, cityProfile) // → { kind: 'band', bandId: 'within-range', range: 'within', … }
 */
export function classifyCycle(cycle: DestockingCycle, profile: MarketProfile): CycleClassification {
  const t = MARKET_TEXT.classification;
  const range = profile.destocking.reasonableRangeMonths;
  const common = {
    uom: '',
    labels: t.label,
    inputs: [
      { name: cycle.explained.labelZh, value: cycle.explained },
      {
        name: '合理区间',
        value: {
          value: boundsText(range),
          uom: 'month',
          source: parameterSource(profile, 'destocking.reasonableRangeMonths'),
        },
      },
    ],
    profile: profileRef(profile),
  };
  if (cycle.kind === 'no-sales') {
    return { kind: 'no-sales', explained: derive({ ...common, value: t.noSales.zh, branch: 'no-sales' }) };
  }
  if (cycle.kind === 'no-data') {
    return { kind: 'no-data', explained: derive({ ...common, value: null, branch: 'no-data' }) };
  }
  const position = positionInBounds(cycle.months, range);
  const band = bandOf(cycle.months, profile.destocking.bands);
  const label = band === undefined ? t.range[position] : { zh: band.labelZh, en: band.labelEn };
  const bandIndex = band === undefined ? -1 : profile.destocking.bands.indexOf(band);
  const explained = derive({
    ...common,
    value: label.zh,
    formula: band === undefined ? boundsText(range) : boundsText({ ...band, min: band.minMonths, max: band.maxMonths }),
    branch: `${band?.id ?? 'unbanded'} / ${position}`,
    inputs:
      band === undefined
        ? common.inputs
        : [
            ...common.inputs,
            {
              name: '分档',
              value: {
                value: band.id,
                uom: '',
                source: parameterSource(profile, `destocking.bands[${bandIndex}]`),
              },
            },
          ],
    notes: band === undefined ? [t.unbanded] : [],
  });
  return {
    kind: 'band',
    bandId: band?.id ?? null,
    labelZh: label.zh,
    labelEn: label.en,
    range: position,
    explained,
  };
}
