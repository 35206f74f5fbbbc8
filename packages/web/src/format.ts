// How numbers and periods are written on screen. Values travel as exact decimal strings; they are only rounded here.
import type { Lang } from './i18n.js';

/**
 * Writes a decimal string with thousands separators, keeping its printed decimals (up to 4); longer fractions (means
 * computed in SQL) are rounded to 2 places. `formatNumber('3511.359', 'zh')` → `3,511.359`.
 */
export function formatNumber(value: string, lang: Lang): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const fraction = /\.(\d+)$/.exec(value.trim())?.[1] ?? '';
  const digits = fraction.length <= 4 ? fraction.length : 2;
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** A value with its unit: `3,511.359 万平方米`, `62.4%`. */
export function formatWithUnit(value: string, unit: string, lang: Lang): string {
  const v = formatNumber(value, lang);
  if (unit === '') return v;
  return unit === '%' || unit === '‰' ? `${v}${unit}` : `${v} ${unit}`;
}

const ZH_Q = ['', '一', '二', '三', '四'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * Writes a canonical period code for people: `2025-12` → 2025年12月 / Dec 2025, `2025Q4` → 2025年第四季度 / 2025 Q4,
 * `2025` → 2025年 / 2025, `2021-2025` → 2021—2025年 / 2021–2025. Unknown codes are shown as they are.
 */
export function formatPeriod(code: string, lang: Lang): string {
  let m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) {
    const month = Number(m[2]);
    return lang === 'zh' ? `${m[1]}年${month}月` : `${EN_MONTHS[month - 1] ?? m[2]} ${m[1]}`;
  }
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return lang === 'zh' ? `${m[1]}年第${ZH_Q[Number(m[2])]}季度` : `${m[1]} Q${m[2]}`;
  m = /^(\d{4})$/.exec(code);
  if (m) return lang === 'zh' ? `${m[1]}年` : code;
  m = /^(\d{4})-(\d{4})$/.exec(code);
  if (m) return lang === 'zh' ? `${m[1]}—${m[2]}年` : `${m[1]}–${m[2]}`;
  return code;
}

/** Short axis label for a period code: 2025-12 → 25/12, 2025Q4 → 25Q4; years and spans unchanged. */
export function shortPeriod(code: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if (m) return `${m[1]!.slice(2)}/${m[2]}`;
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return `${q[1]!.slice(2)}Q${q[2]}`;
  return code;
}

/** Writes an ISO timestamp as a local date and time (minutes). */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
