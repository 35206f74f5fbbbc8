// Plan status against the statuses Statistics Canada published with the Open SDG method (issue 17): the 243 series of
// ../shared/corpus/progress/statcan_sdg_statuses.json (sdg-build 2.4.0, sdg/ProgressMeasure.py), each run through
// core's indicatorStatus as a one-indicator plan — with the method's defaults and with every bundled profile's
// thresholds — and compared with the published status and value. The corpus is read here, never by core.
// ANJU_SHARED_DIR points elsewhere than ../shared beside the repository (a worktree).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_PLAN_STATUS_THRESHOLDS,
  indicatorStatus,
  parsePlanDocument,
  planStatusThresholds,
  type PlanStatusThresholds,
  type StatusKind,
} from '@anju/core';
import { describe, expect, test } from 'vitest';

import { profileCatalogue } from './profiles.js';

interface PublishedSeries {
  readonly id: string;
  readonly config: {
    readonly base_year: number;
    readonly target_year: number;
    readonly direction: 'positive' | 'negative';
    readonly target?: number;
    readonly limit?: number | undefined;
  };
  readonly data: readonly (readonly [number, number])[];
  readonly recorded_status: string;
  readonly recorded_value: number | null;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedDir = process.env.ANJU_SHARED_DIR ?? resolve(repoRoot, '../shared');
const corpusFile = resolve(sharedDir, 'corpus/progress/statcan_sdg_statuses.json');
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')) as PublishedSeries[];

/** Open SDG's status names and Anju's. */
const PUBLISHED_KIND: Readonly<Record<string, StatusKind>> = {
  target_achieved: 'achieved',
  substantial_progress: 'on-track',
  moderate_progress: 'acceleration-needed',
  limited_progress: 'limited-progress',
  deterioration: 'deterioration',
  not_available: 'not-available',
};

/**
 * Series where Anju deliberately reads otherwise than the method, each with the extension that does it. Empty: with
 * the method's defaults (and every bundled profile) no extension touches a published series — they have no range,
 * exact or cumulative target, and no base or target of 0 read as an absolute change.
 */
const DELIBERATE_DIFFERENCES: ReadonlyMap<string, string> = new Map();

/** A float as decimal text (the corpus's values are plain; this keeps an exponent out of the plan schema). */
function decimalText(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(20).replace(/\.?0+$/, '') : s;
}

function statusOf(series: PublishedSeries, t: PlanStatusThresholds) {
  const c = series.config;
  const parsed = parsePlanDocument({
    id: 'statcan-series',
    cityCode: '000000',
    nameZh: series.id,
    nameEn: series.id,
    startYear: c.base_year + 1,
    endYear: c.target_year,
    baseYear: c.base_year,
    source: { seed: 'user', titleZh: 'Statistics Canada SDG data platform' },
    indicators: [
      {
        id: 'series',
        categoryZh: 'SDG',
        nameZh: series.id,
        nameEn: series.id,
        uom: 'ratio',
        attribute: null,
        direction: c.direction === 'positive' ? 'at-least' : 'at-most',
        ...(c.target === undefined
          ? {}
          : {
              target: {
                kind: 'end-of-period',
                value: decimalText(c.target),
                source: { seed: 'user', section: 'config' },
              },
            }),
        ...(c.limit === undefined ? {} : { naturalLimit: decimalText(c.limit) }),
      },
    ],
  });
  if (!parsed.ok) throw new Error(`${series.id}: ${JSON.stringify(parsed.issues)}`);
  const plan = parsed.plan;
  const year = Math.max(...series.data.map(([y]) => y));
  const observations = series.data.map(([y, v]) => ({ year: y, value: decimalText(v) }));
  return indicatorStatus(plan, plan.indicators[0]!, observations, year, t);
}

/** Each series that disagrees with its published status or value, as one line. */
function disagreements(t: PlanStatusThresholds): string[] {
  const out: string[] = [];
  for (const s of corpus) {
    const got = statusOf(s, t);
    const want = PUBLISHED_KIND[s.recorded_status];
    const valueAgrees =
      got.kind === 'achieved' ||
      got.kind === 'not-available' ||
      s.recorded_value === null ||
      Math.abs(Number(got.status.value) - s.recorded_value) <= 0.00005;
    if (got.kind !== want || !valueAgrees) {
      out.push(`${s.id}: ${got.kind} ${got.status.value ?? '—'} ≠ published ${want} ${s.recorded_value ?? '—'}`);
    }
  }
  return out.filter((line) => !DELIBERATE_DIFFERENCES.has(line.slice(0, line.indexOf(': '))));
}

describe('the published Statistics Canada statuses (Open SDG method)', () => {
  test('the corpus holds the 243 series, every status of the method among them', () => {
    expect(corpus).toHaveLength(243);
    expect(new Set(corpus.map((s) => s.recorded_status))).toEqual(new Set(Object.keys(PUBLISHED_KIND)));
    // the cases issue 17 is about are in it: natural limits, targets of 0
    expect(corpus.filter((s) => s.config.limit !== undefined).length).toBeGreaterThan(50);
    expect(corpus.some((s) => s.config.target === 0)).toBe(true);
  });

  test('with the method’s defaults every published status and value is reproduced', () => {
    expect(disagreements(DEFAULT_PLAN_STATUS_THRESHOLDS)).toEqual([]);
  });

  test('each series with a natural limit needs it: without the limit some statuses change', () => {
    const limited = corpus.filter((s) => s.config.limit !== undefined && s.config.target === undefined);
    const changed = limited.filter((s) => {
      return (
        statusOf({ ...s, config: { ...s.config, limit: undefined } }, DEFAULT_PLAN_STATUS_THRESHOLDS).kind !==
        PUBLISHED_KIND[s.recorded_status]
      );
    });
    expect(changed.length).toBeGreaterThan(0);
  });

  test('every bundled profile reads the corpus as the method does (its extensions leave these series alone)', async () => {
    const catalogue = await profileCatalogue();
    for (const { id: profile } of catalogue.list()) {
      const r = catalogue.resolve(profile)!;
      expect({ profile, differences: disagreements(planStatusThresholds(r.profile)) }).toEqual({
        profile,
        differences: [],
      });
    }
  });
});
