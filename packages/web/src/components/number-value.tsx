// Every number on the dashboard: thousands separators, its unit, and (when it stands for a stored value) a click that
// opens the explanation drawer.
import Tooltip from 'antd/es/tooltip';
import type { CSSProperties, KeyboardEvent } from 'react';
import { useApp, type ExplainedTarget, type ExplainTarget } from '../app-context.js';
import { formatWithUnit } from '../format.js';
import { useI18n } from '../i18n.js';

export interface NumberValueProps {
  /** Decimal string; null or undefined shows the "no data" mark. */
  readonly value: string | null | undefined;
  /** Unit-of-measure code (wan-sqm) — shown by its label. */
  readonly uom: string;
  /** The stored value this number stands for; without it the number is not clickable. */
  readonly explain?: ExplainTarget;
  /** A computed value with its explanation (opens the drawer on it, no lookup); used when `explain` is absent. */
  readonly explained?: ExplainedTarget;
  /** Text to show instead of the formatted value and unit (e.g. "28.5 个月", "—"). */
  readonly text?: string;
  readonly style?: CSSProperties;
  readonly className?: string;
}

export function NumberValue({ value, uom, explain, explained, text: shown, style, className }: NumberValueProps) {
  const { t, lang } = useI18n();
  const app = useApp();
  if ((value === null || value === undefined) && shown === undefined)
    return (
      <span className={className} style={{ color: '#8c8c8c', ...style }}>
        {t.noValue}
      </span>
    );
  const text = shown ?? formatWithUnit(value ?? '', app.uomLabel(uom), lang);
  if (explain === undefined && explained === undefined)
    return (
      <span className={className} style={{ fontVariantNumeric: 'tabular-nums', ...style }}>
        {text}
      </span>
    );
  const open = (): void => (explain === undefined ? app.explainValue(explained!) : app.explain(explain));
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  return (
    <Tooltip title={t.clickToExplain} mouseEnterDelay={0.6}>
      <span
        role="button"
        tabIndex={0}
        className={['anju-number', className].filter(Boolean).join(' ')}
        data-explain={
          explain === undefined
            ? 'explained'
            : `${explain.unit}|${explain.measure}|${explain.dimension}|${explain.period}`
        }
        onClick={(e) => {
          e.stopPropagation();
          open();
        }}
        onKeyDown={onKey}
        style={{ fontVariantNumeric: 'tabular-nums', ...style }}
      >
        {text}
      </span>
    </Tooltip>
  );
}
