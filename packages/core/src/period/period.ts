/**
 * Periods: months, quarters, years and multi-year spans (a five-year plan such as “十四五” = 2021–2025), read from the
 * labels Chinese spreadsheets use and written back in Chinese or English.
 *
 * Canonical codes: month `2025-12`, quarter `2025Q4`, year `2025`, span `2021-2025` (years inclusive).
 */

/** How long a period is. */
export type PeriodGrain = 'month' | 'quarter' | 'year' | 'span';

/** A calendar period, from the first day of its start month to the last day of its end month. */
export interface Period {
  readonly grain: PeriodGrain;
  readonly code: string;
  readonly startYear: number;
  readonly startMonth: number;
  readonly endYear: number;
  readonly endMonth: number;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// Five-year plans are supported from 十一五 (2006–2010) to 二十五 (the 20th, 2051–2055); earlier plans do not follow a regular 5-year
// grid (the 1963–1965 adjustment period), so they are deliberately not recognised.
const FIRST_PLAN = 11;
const LAST_PLAN = 20;
const FIRST_PLAN_START = 2006;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function validYear(y: number): boolean {
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
}

/** A month period; undefined when out of range. */
function monthPeriod(year: number, month: number): Period | undefined {
  if (!validYear(year) || !Number.isInteger(month) || month < 1 || month > 12) return undefined;
  return {
    grain: 'month',
    code: `${year}-${pad2(month)}`,
    startYear: year,
    startMonth: month,
    endYear: year,
    endMonth: month,
  };
}

function quarterPeriod(year: number, quarter: number): Period | undefined {
  if (!validYear(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) return undefined;
  const startMonth = quarter * 3 - 2;
  return {
    grain: 'quarter',
    code: `${year}Q${quarter}`,
    startYear: year,
    startMonth,
    endYear: year,
    endMonth: startMonth + 2,
  };
}

function yearPeriod(year: number): Period | undefined {
  if (!validYear(year)) return undefined;
  return { grain: 'year', code: String(year), startYear: year, startMonth: 1, endYear: year, endMonth: 12 };
}

function spanPeriod(from: number, to: number): Period | undefined {
  if (!validYear(from) || !validYear(to) || to <= from) return undefined;
  return { grain: 'span', code: `${from}-${to}`, startYear: from, startMonth: 1, endYear: to, endMonth: 12 };
}

/** Chinese numeral 一..九, 十, 十一..十九, 二十..二十九 → number; undefined otherwise. */
function zhNumber(text: string): number | undefined {
  const digit = (c: string | undefined): number =>
    c === undefined ? -1 : ZH_DIGITS.indexOf(c as (typeof ZH_DIGITS)[number]);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (m === null || text === '') return undefined;
  const [, a, ten, b] = m;
  if (ten === undefined) return a !== undefined && b === undefined ? digit(a) : undefined;
  return (a === undefined ? 1 : digit(a)) * 10 + (b === undefined ? 0 : digit(b));
}

/** The span of the Nth five-year plan (十一五 = 2006–2010 … 二十五 = 2051–2055). */
function planSpan(n: number): Period | undefined {
  if (n < FIRST_PLAN || n > LAST_PLAN) return undefined;
  const start = FIRST_PLAN_START + 5 * (n - FIRST_PLAN);
  return spanPeriod(start, start + 4);
}

/** The plan number of a span that is exactly a five-year plan, else undefined. */
function planNumberOf(p: Period): number | undefined {
  if (p.grain !== 'span' || p.endYear - p.startYear !== 4) return undefined;
  const offset = p.startYear - FIRST_PLAN_START;
  if (offset % 5 !== 0) return undefined;
  const n = FIRST_PLAN + offset / 5;
  return n >= FIRST_PLAN && n <= LAST_PLAN ? n : undefined;
}

/** The Chinese name of plan n: 14 → 十四五. */
function planNameZh(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (ZH_DIGITS[tens] ?? '')}十${ones === 0 ? '' : (ZH_DIGITS[ones] ?? '')}五`;
}

const QUOTES = /["'“”‘’「」『』《》〈〉]/g;
const DASHES = '[-—–~至到]';

const PATTERNS: readonly { re: RegExp; build: (m: RegExpExecArray) => Period | undefined }[] = [
  // 十四五, “十四五”期间, 十五五时期, 十四五规划
  {
    re: /^(十[一二三四五六七八九]|二十)五(?:规划)?(?:期间|时期)?$/,
    build: (m) => planSpan(zhNumber(m[1] ?? '') ?? 0),
  },
  // formatPeriod's own output: “十四五”（2021—2025年）; the years must match the plan.
  {
    re: new RegExp(`^(十[一二三四五六七八九]|二十)五(?:规划)?(?:期间|时期)?\\((\\d{4})年?${DASHES}+(\\d{4})年?\\)$`),
    build: (m) => {
      const plan = planSpan(zhNumber(m[1] ?? '') ?? 0);
      return plan !== undefined && plan.startYear === Number(m[2]) && plan.endYear === Number(m[3]) ? plan : undefined;
    },
  },
  // 2021-2025, 2021—2025年, 2021年～2025年, 2021至2025年
  {
    re: new RegExp(`^(\\d{4})年?${DASHES}+(\\d{4})年?(?:度)?$`),
    build: (m) => spanPeriod(Number(m[1]), Number(m[2])),
  },
  // 2025Q4, 2025-Q4, 2025 Q4 (spaces are already removed), 2025q4
  { re: /^(\d{4})[-/.]?q([1-4])$/i, build: (m) => quarterPeriod(Number(m[1]), Number(m[2])) },
  // 2025年第四季度, 2025年四季度, 2025年第4季度, 2025年一季
  {
    re: /^(\d{4})年?第?([1-4一二三四])季度?$/,
    build: (m) => {
      const q = m[2] ?? '';
      return quarterPeriod(Number(m[1]), /\d/.test(q) ? Number(q) : (zhNumber(q) ?? 0));
    },
  },
  // 2025年12月, 2025年12月份, 2025年1月
  { re: /^(\d{4})年(\d{1,2})月份?$/, build: (m) => monthPeriod(Number(m[1]), Number(m[2])) },
  // 2025-12, 2025/12, 2025.12, 2025-1
  { re: /^(\d{4})[-/.](\d{1,2})$/, build: (m) => monthPeriod(Number(m[1]), Number(m[2])) },
  // 202512
  { re: /^(\d{4})(\d{2})$/, build: (m) => monthPeriod(Number(m[1]), Number(m[2])) },
  // 2025, 2025年, 2025年度, 2025年底, 2025年末
  { re: /^(\d{4})(?:年(?:度|底|末)?)?$/, build: (m) => yearPeriod(Number(m[1])) },
];

/**
 * Reads a period label as found in Chinese spreadsheets ("2025年12月", "202512", "2025年第四季度", "2025Q4",
 * "2025年度", "“十四五”期间", "2021—2025年"); undefined for anything else, including out-of-range months,
 * quarters and years (1900–2100).
 *
 * @example parsePeriod('十四五') // { grain: 'span', code: '2021-2025', … }
 */
export function parsePeriod(label: string): Period | undefined {
  const text = label.normalize('NFKC').replace(QUOTES, '').replace(/\s+/g, '');
  for (const { re, build } of PATTERNS) {
    const m = re.exec(text);
    if (m !== null) return build(m);
  }
  return undefined;
}

/** The period for a canonical code (`2025-12`, `2025Q4`, `2025`, `2021-2025`); throws RangeError for anything else. */
export function periodOf(code: string): Period {
  const p = parsePeriod(code);
  if (p === undefined || p.code !== code) throw new RangeError(`Not a canonical period code: "${code}"`);
  return p;
}

/**
 * Writes a period for people: zh "2025年12月", "2025年第四季度", "2025年", "“十四五”（2021—2025年）" or "2021—2023年";
 * en "Dec 2025", "2025 Q4", "2025", "2021–2025".
 */
export function formatPeriod(p: Period, lang: 'zh' | 'en'): string {
  switch (p.grain) {
    case 'month':
      return lang === 'zh'
        ? `${p.startYear}年${p.startMonth}月`
        : `${EN_MONTHS[p.startMonth - 1] ?? ''} ${p.startYear}`;
    case 'quarter': {
      const q = (p.startMonth + 2) / 3;
      return lang === 'zh' ? `${p.startYear}年第${ZH_DIGITS[q] ?? ''}季度` : `${p.startYear} Q${q}`;
    }
    case 'year':
      return lang === 'zh' ? `${p.startYear}年` : String(p.startYear);
    case 'span': {
      if (lang === 'en') return `${p.startYear}–${p.endYear}`;
      const years = `${p.startYear}—${p.endYear}年`;
      const plan = planNumberOf(p);
      return plan === undefined ? years : `“${planNameZh(plan)}”（${years}）`;
    }
  }
}

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function startIndex(p: Period): number {
  return monthIndex(p.startYear, p.startMonth);
}

function endIndex(p: Period): number {
  return monthIndex(p.endYear, p.endMonth);
}

function monthAt(index: number): Period {
  const p = monthPeriod(Math.floor(index / 12), (index % 12) + 1);
  if (p === undefined) throw new RangeError(`Month out of the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  return p;
}

/** The month codes a period covers, in order: monthsIn(2025Q4) → ['2025-10', '2025-11', '2025-12']. */
export function monthsIn(p: Period): string[] {
  const out: string[] = [];
  for (let i = startIndex(p); i <= endIndex(p); i++) out.push(monthAt(i).code);
  return out;
}

/** True when `inner` lies entirely within `outer` (a period contains itself). */
export function containsPeriod(outer: Period, inner: Period): boolean {
  return startIndex(outer) <= startIndex(inner) && endIndex(inner) <= endIndex(outer);
}

const GRAIN_RANK: Readonly<Record<PeriodGrain, number>> = { month: 0, quarter: 1, year: 2, span: 3 };

/**
 * The quarter or year a period belongs to (2025-11 → 2025Q4 or 2025; 2025Q4 → 2025); a period rolled to its own
 * grain is returned as is. Throws RangeError for a finer target or for spans.
 */
export function rollUpPeriod(p: Period, grain: PeriodGrain): Period {
  if (p.grain === grain) return p;
  if (grain === 'span' || p.grain === 'span' || GRAIN_RANK[grain] < GRAIN_RANK[p.grain]) {
    throw new RangeError(`Cannot roll ${p.grain} ${p.code} up to ${grain}`);
  }
  const rolled =
    grain === 'quarter' ? quarterPeriod(p.startYear, Math.ceil(p.startMonth / 3)) : yearPeriod(p.startYear);
  if (rolled === undefined) throw new RangeError(`Cannot roll ${p.code} up to ${grain}`);
  return rolled;
}

/** The last month of a period (for end-of-period stocks): lastMonth(2025Q4) → 2025-12. */
export function lastMonth(p: Period): Period {
  return monthAt(endIndex(p));
}

/** Orders periods by start, then by end (a month before the quarter it opens), then by grain: −1, 0 or 1. */
export function comparePeriods(a: Period, b: Period): -1 | 0 | 1 {
  const d = startIndex(a) - startIndex(b) || endIndex(a) - endIndex(b) || GRAIN_RANK[a.grain] - GRAIN_RANK[b.grain];
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/**
 * The period n steps earlier at the same grain (negative n goes later): previousPeriod(2025-01) → 2024-12,
 * previousPeriod(十四五) → 十三五 (a span steps by its own length). Throws RangeError outside 1900–2100.
 */
export function previousPeriod(p: Period, n = 1): Period {
  if (!Number.isInteger(n)) throw new RangeError(`previousPeriod needs an integer step, got ${n}`);
  const length = endIndex(p) - startIndex(p) + 1;
  const start = startIndex(p) - n * length;
  const y = Math.floor(start / 12);
  const m = (start % 12) + 1;
  let out: Period | undefined;
  switch (p.grain) {
    case 'month':
      out = monthPeriod(y, m);
      break;
    case 'quarter':
      out = quarterPeriod(y, (m + 2) / 3);
      break;
    case 'year':
      out = yearPeriod(y);
      break;
    case 'span':
      out = spanPeriod(y, y + length / 12 - 1);
      break;
  }
  if (out === undefined) throw new RangeError(`No period ${n} before ${p.code} in the supported range`);
  return out;
}

/**
 * Every period from `from` to `to` inclusive at their common grain (empty when `to` is before `from`); throws
 * RangeError when the grains differ, or for spans of different lengths or that do not line up.
 */
export function periodRange(from: Period, to: Period): Period[] {
  if (from.grain !== to.grain) throw new RangeError(`periodRange needs one grain, got ${from.grain} and ${to.grain}`);
  const length = endIndex(from) - startIndex(from) + 1;
  const gap = startIndex(to) - startIndex(from);
  if (endIndex(to) - startIndex(to) + 1 !== length || gap % length !== 0) {
    throw new RangeError(`periodRange: ${from.code} and ${to.code} do not line up`);
  }
  const out: Period[] = [];
  for (let k = 0; k <= gap / length; k++) out.push(previousPeriod(from, -k));
  return out;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The first day of a period as an ISO date: startDate(2025Q4) → '2025-10-01'. */
export function startDate(p: Period): string {
  return `${p.startYear}-${pad2(p.startMonth)}-01`;
}

/** The last day of a period as an ISO date: endDate(2024-02) → '2024-02-29'. */
export function endDate(p: Period): string {
  return `${p.endYear}-${pad2(p.endMonth)}-${pad2(daysInMonth(p.endYear, p.endMonth))}`;
}
