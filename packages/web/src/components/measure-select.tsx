// Picks a measure from the catalogue, grouped 人 / 房 / 地 / 钱, each shown with its unit of measure.
import Select from 'antd/es/select';
import type { Element } from '../api.js';
import { useApp } from '../app-context.js';
import { useI18n } from '../i18n.js';

const ELEMENTS: readonly Element[] = ['people', 'housing', 'land', 'money'];

export interface MeasureSelectProps {
  readonly value: string | undefined;
  readonly onChange: (measure: string) => void;
  /** Only these measure codes (default: the whole catalogue). */
  readonly only?: ReadonlySet<string>;
  readonly testId?: string;
  readonly width?: number;
}

export function MeasureSelect({ value, onChange, only, testId, width = 300 }: MeasureSelectProps) {
  const { t, pick } = useI18n();
  const app = useApp();
  const options = ELEMENTS.map((el) => ({
    label: `${t.element[el]} · ${t.elementLong[el]}`,
    title: t.elementLong[el],
    options: app.measures
      .filter((m) => m.element === el && (only === undefined || only.has(m.code)))
      .map((m) => {
        const unit = pick(m.uom.labelZh, m.uom.labelEn);
        return {
          value: m.code,
          label: unit === '' ? pick(m.nameZh, m.nameEn) : `${pick(m.nameZh, m.nameEn)}（${unit}）`,
        };
      }),
  })).filter((g) => g.options.length > 0);
  return (
    <Select
      data-testid={testId}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width }}
      value={value}
      onChange={onChange}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}
