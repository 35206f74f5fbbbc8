// Land-parcel files (CSV or XLSX) into `LandParcel` records with located errors: the rows are read by the same
// readers as every import (`readCsv` / `readXlsx`) and interpreted by core's `LandParcelInterpreter`. Nothing is stored;
// the records feed the idle-land status (`assessIdleLand`).
import { extname, basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { LandParcelInterpreter, type LandParcel, type LandParcelIssue } from '@anju/core';
import { EncodingError, readCsv } from './read-csv.js';
import { readXlsx, SheetNotFoundError } from './read-xlsx.js';

export interface LandParcelRead {
  readonly ok: boolean;
  readonly file: string;
  readonly sheet?: string;
  readonly parcels: readonly LandParcel[];
  readonly errors: readonly LandParcelIssue[];
  /** The file row each parcel was read from, by parcel id. */
  readonly sourceRows: ReadonlyMap<string, number>;
}

/**
 * Reads a parcel file; `ok` is false with every error located (and no parcels) when anything is wrong.
 *
 * @example await readLandParcels('parcels.csv') // → { ok: true, parcels: [{ id: 'ZD-1', … }], errors: [] }
 */
export async function readLandParcels(
  path: string,
  options: { fileLabel?: string; sheet?: string | number; resolveUnit?: (label: string) => string | undefined } = {},
): Promise<LandParcelRead> {
  const file = options.fileLabel ?? basename(path);
  const fail = (zh: string, en: string): LandParcelRead => ({
    ok: false,
    file,
    parcels: [],
    errors: [{ severity: 'error', code: 'no-rows', file, messageZh: zh, messageEn: en }],
    sourceRows: new Map(),
  });
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx')
    return fail(
      `不支持的文件类型“${ext}”，应为 .csv 或 .xlsx`,
      `unsupported file type "${ext}": expected .csv or .xlsx`,
    );
  try {
    if ((await stat(path)).size === 0) return fail('文件为空', 'the file is empty');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    return fail(`无法读取文件：${reason}`, `cannot read the file: ${reason}`);
  }
  const xlsx = ext === '.xlsx' ? readXlsx(path, options.sheet) : undefined;
  const rows = xlsx?.rows ?? readCsv(path, file).rows;
  let interpreter: LandParcelInterpreter | undefined;
  const sourceRows = new Map<string, number>();
  try {
    for await (const row of rows) {
      interpreter ??= new LandParcelInterpreter({
        file,
        sheet: xlsx?.sheetName(),
        ...(options.resolveUnit === undefined ? {} : { resolveUnit: options.resolveUnit }),
      });
      const before = interpreter.parcels.length;
      interpreter.push(row);
      if (interpreter.parcels.length > before) sourceRows.set(interpreter.parcels.at(-1)!.id, row.rowNumber);
    }
  } catch (e) {
    if (e instanceof EncodingError)
      return fail('文件编码无法识别，请另存为 UTF-8 的 CSV', 'unrecognised text encoding: save the CSV as UTF-8');
    if (e instanceof SheetNotFoundError)
      return fail(
        `找不到工作表“${String(e.wanted)}”，文件中的工作表为：${e.available.join('、')}`,
        `no sheet "${String(e.wanted)}"; the workbook has: ${e.available.join(', ')}`,
      );
    const reason = e instanceof Error ? e.message : String(e);
    return fail(`无法读取文件：${reason}`, `cannot read the file: ${reason}`);
  }
  const it = interpreter ?? new LandParcelInterpreter({ file });
  it.finish();
  const sheet = xlsx?.sheetName();
  const ok = it.issues.length === 0;
  return {
    ok,
    file,
    ...(sheet === undefined ? {} : { sheet }),
    parcels: ok ? it.parcels : [],
    errors: it.issues,
    sourceRows: ok ? sourceRows : new Map(),
  };
}
