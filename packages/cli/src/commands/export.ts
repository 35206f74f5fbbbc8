import { extname } from 'node:path';
import { exportTable } from '@anju/intake';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { normalisePeriod } from './browse.js';
import { UserError } from '../errors.js';

export interface ExportOptions {
  readonly city?: string;
  readonly measure?: string[];
  readonly unit?: string[];
  readonly from?: string;
  readonly to?: string;
  readonly revision?: string;
}

/** `anju export OUT.xlsx|OUT.csv`: a selection of the published view (or of one revision) with Chinese headers. */
export async function exportCommand(ctx: Context, out: string, opts: ExportOptions): Promise<number> {
  const ext = extname(out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv')
    throw new UserError(t(ctx, '导出文件应以 .xlsx 或 .csv 结尾', 'the output file must end in .xlsx or .csv'));
  return ctx.withStore(async (store) => {
    const cityCode = await chooseCity(ctx, store, opts.city);
    const n = await exportTable(store, {
      cityCode,
      out,
      format: ext === '.csv' ? 'csv' : 'xlsx',
      lang: ctx.lang,
      ...(opts.measure?.length ? { measureCodes: opts.measure } : {}),
      ...(opts.unit?.length ? { unitCodes: opts.unit } : {}),
      ...(opts.from ? { fromPeriod: normalisePeriod(ctx, opts.from) } : {}),
      ...(opts.to ? { toPeriod: normalisePeriod(ctx, opts.to) } : {}),
      ...(opts.revision ? { revisionId: opts.revision } : {}),
    });
    ctx.out(
      ctx.json ? JSON.stringify({ out, rows: n }) : t(ctx, `已导出 ${n} 行到 ${out}`, `exported ${n} rows to ${out}`),
    );
    return 0;
  });
}
