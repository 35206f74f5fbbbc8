import { z } from 'zod';

/**
 * A mapping file tells the importer how a spreadsheet's cells become observations
 * (unit × measure × dimension × period → value). Every cell's key is the union of three parts:
 * `fixed` (the whole sheet), the row's part (from `rows`) and the column's part (from `columns`).
 *
 * Long layout: one observation per row, named columns for unit, period, measure, value (detected when absent).
 * Wide layout: a label column names a unit or a measure per row; the other columns carry the rest
 * (periods in the header are recognised on their own when `periodsFromHeader` is set).
 *
 * @example
 * ```yaml
 * version: 1
 * city: '620700'
 * layout: wide
 * header: { firstRow: 1, rows: 2 }
 * rows: { key: unit, column: A }
 * totals: { rows: [全市] }
 * columns:
 *   - { header: 2025年底城镇现有成套住房/面积（万㎡）, measure: housing.stock-area, dimension: complete-set, period: '2025' }
 * ```
 */
const keyPart = {
  unit: z.string().min(1).optional(),
  measure: z.string().min(1).optional(),
  dimension: z.string().optional(),
  period: z.string().min(1).optional(),
  /** Unit of measure of the values (a code such as `wan-sqm`, or a label such as `万㎡`); read from the header when absent. */
  uom: z.string().min(1).optional(),
};

export const keyPartSchema = z.object(keyPart).strict();
export type KeyPart = z.infer<typeof keyPartSchema>;

export const rowLabelSchema = z
  .object({
    /** The label as printed in the key column (after trimming); matches the first row with this label not yet matched. */
    label: z.string().min(1).optional(),
    /** The sheet row number (1-based), for labels printed more than once such as 其中：住宅. */
    row: z.number().int().positive().optional(),
    ...keyPart,
    /** The row prints the sum of the listed rows' labels (or, with `true`, of every non-total row above it in this block). */
    total: z.union([z.literal(true), z.array(z.string())]).optional(),
    /** Skip this row entirely (e.g. a sub-heading). */
    skip: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => r.label !== undefined || r.row !== undefined, { message: 'label or row is required' });

export const columnSchema = z
  .object({
    /** The header path: the header rows' texts for this column joined with '/', blanks dropped (merged cells repeat). */
    header: z.string().min(1).optional(),
    /** The column letter (A, B, …, AA). */
    column: z
      .string()
      .regex(/^[A-Z]{1,3}$/)
      .optional(),
    ...keyPart,
    /** This column prints the sum across the row's period columns (e.g. 合计 over 2021–2025). */
    total: z.literal(true).optional(),
    /** Read the column but keep no value (text columns such as 项目名称). */
    ignore: z.literal(true).optional(),
  })
  .strict()
  .refine((c) => c.header !== undefined || c.column !== undefined, { message: 'header or column is required' });

export const citationSchema = z
  .object({
    seed: z.string().min(1),
    section: z.string().min(1),
    title: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const mappingSchema = z
  .object({
    version: z.literal(1),
    /** City code (e.g. 620700); every unit named in the file must belong to this city. */
    city: z.string().regex(/^\d{6}$/),
    title: z.string().optional(),
    /** Where the figures were published; cited by every imported value. */
    source: citationSchema.optional(),
    /** Worksheet name or 1-based index (XLSX only); the first sheet when absent. */
    sheet: z.union([z.string().min(1), z.number().int().positive()]).optional(),
    layout: z.enum(['long', 'wide']),
    header: z
      .object({
        firstRow: z.number().int().positive().default(1),
        rows: z.number().int().min(1).max(5).default(1),
      })
      .strict()
      .default({ firstRow: 1, rows: 1 }),
    /** Long layout: the header text of each role's column (detected from common names when absent). */
    fields: z
      .object({
        unit: z.string().optional(),
        period: z.string().optional(),
        measure: z.string().optional(),
        dimension: z.string().optional(),
        value: z.string().optional(),
        uom: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Wide layout: what each row's label names. */
    rows: z
      .object({
        key: z.enum(['unit', 'measure']),
        /** The label column, as a letter or a header text. */
        column: z.string().min(1).default('A'),
        labels: z.array(rowLabelSchema).default([]),
        /** Rows whose label is not listed: resolve units by name / alias, measures by catalogue name; `error` reports them. */
        unlisted: z.enum(['resolve', 'error', 'ignore']).default('resolve'),
      })
      .strict()
      .optional(),
    columns: z.array(columnSchema).default([]),
    /** Wide layout: header cells that read as periods (2021, 2025年, 2025-12 …) become period columns by themselves. */
    periodsFromHeader: z.boolean().default(false),
    totals: z
      .object({
        /** Row labels that print the sum of the rows above them in the same block. */
        rows: z.array(z.string()).default(['合计', '全市', '总计']),
        /** Header texts of columns that print the sum across the row's period columns. */
        columns: z.array(z.string()).default(['合计', '总计']),
        /** The unit a total row stands for (default: the city). */
        unit: z.string().optional(),
        /** Tolerance in the values' last printed decimal place (printed tables round; 0 means exact). */
        toleranceUlps: z.number().int().min(0).max(5).default(0),
      })
      .strict()
      .default({ rows: ['合计', '全市', '总计'], columns: ['合计', '总计'], toleranceUlps: 0 }),
    fixed: keyPartSchema.default({}),
    /** A first-column text that ends the table (trailing notes such as 注：数据来源于…); default: lines starting with 注 or 数据来源. */
    stopAt: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.layout === 'wide' && m.rows === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'wide layout needs rows' });
    }
  });

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
export type RowLabel = z.infer<typeof rowLabelSchema>;
export type ColumnMapping = z.infer<typeof columnSchema>;
