import type { IssueCode } from './issue.js';

/** The text of every intake issue, Chinese first. One place, so wording stays consistent. */
export interface IssueText {
  readonly zh: string;
  readonly en: string;
}

type Args = Readonly<Record<string, string | number | undefined>>;

const TEXT: Record<IssueCode, (a: Args) => IssueText> = {
  'file-empty': () => ({ zh: '文件为空，没有可导入的数据', en: 'the file is empty: nothing to import' }),
  'file-unreadable': (a) => ({ zh: `无法读取文件：${a.reason}`, en: `cannot read the file: ${a.reason}` }),
  'xlsx-too-large': (a) => ({
    zh: `XLSX 文件解压后过大，疑似压缩炸弹：${a.got}，上限 ${a.expected}；未读取`,
    en: `the XLSX file expands too much (a zip bomb?): ${a.got}, limit ${a.expected}; not read`,
  }),
  'xlsx-damaged': (a) => ({
    zh: `XLSX 文件已损坏或不完整：${a.reason}；请在 Excel 中重新保存后再导入`,
    en: `the XLSX file is damaged or incomplete: ${a.reason}; save it again in Excel and re-import`,
  }),
  'file-type': (a) => ({
    zh: `不支持的文件类型“${a.got}”，应为 .csv 或 .xlsx`,
    en: `unsupported file type "${a.got}": expected .csv or .xlsx`,
  }),
  encoding: () => ({
    zh: '文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请另存为 UTF-8 的 CSV',
    en: 'unrecognised text encoding (neither UTF-8 nor GB18030/GBK): save the CSV as UTF-8',
  }),
  'sheet-missing': (a) => ({
    zh: `找不到工作表“${a.got}”，文件中的工作表为：${a.expected}`,
    en: `no sheet "${a.got}"; the workbook has: ${a.expected}`,
  }),
  'mapping-invalid': (a) => ({ zh: `映射文件有误：${a.detail}`, en: `invalid mapping: ${a.detail}` }),
  'mapping-city': (a) => ({
    zh: `映射文件的城市代码 ${a.got} 与导入目标城市 ${a.expected} 不一致`,
    en: `the mapping is for city ${a.got} but the import targets city ${a.expected}`,
  }),
  'city-not-initialised': (a) => ({
    zh: `城市 ${a.got} 尚未建立单元（${a.detail}），请先运行 anju init --city ${a.got}`,
    en: `city ${a.got} has no units yet (${a.detail}): run anju init --city ${a.got} first`,
  }),
  'mapping-column-missing': (a) => ({
    zh: `映射中的列“${a.got}”在表头中找不到；表头有：${a.expected}`,
    en: `the mapped column "${a.got}" is not in the header; the header has: ${a.expected}`,
  }),
  'mapping-key-incomplete': (a) => ({
    zh: `无法确定该数值的${a.part}（映射、行标签和列表头都没有给出）`,
    en: `cannot tell this value's ${a.partEn} (neither the mapping, the row label nor the header gives it)`,
  }),
  'header-missing-field': (a) => ({
    zh: `表头中缺少“${a.part}”列；可识别的列名有：${a.expected}`,
    en: `the header has no "${a.partEn}" column; recognised names: ${a.expected}`,
  }),
  'header-duplicate': (a) => ({
    zh: `表头“${a.got}”出现了不止一次，无法确定使用哪一列`,
    en: `the header "${a.got}" appears more than once: cannot tell which column to use`,
  }),
  'unknown-unit': (a) => ({
    zh: `未知的单元“${a.got}”，应为本市的区县/片区名称或代码`,
    en: `unknown unit "${a.got}": expected a district or sub-area name or code of this city`,
  }),
  'unit-other-city': (a) => ({
    zh: `单元“${a.got}”不属于城市 ${a.expected}`,
    en: `unit "${a.got}" does not belong to city ${a.expected}`,
  }),
  'unknown-measure': (a) => ({
    zh: `未知的指标“${a.got}”，应为指标目录中的代码或名称`,
    en: `unknown measure "${a.got}": expected a code or name from the measure catalogue`,
  }),
  'unknown-dimension': (a) => ({
    zh: `未知的分类“${a.got}”，应为：${a.expected}`,
    en: `unknown breakdown "${a.got}": expected one of ${a.expected}`,
  }),
  'dimension-not-allowed': (a) => ({
    zh: `指标“${a.measure}”不按“${a.got}”细分，可用的细分为：${a.expected}`,
    en: `measure "${a.measure}" has no breakdown "${a.got}"; it has: ${a.expected}`,
  }),
  'bad-period': (a) => ({
    zh: `无法识别的期间“${a.got}”，应为如“2025年12月”“2025Q4”“2025年”“十四五”的写法`,
    en: `unrecognised period "${a.got}": expected e.g. 2025-12, 2025Q4, 2025 or 十四五`,
  }),
  'not-a-number': (a) => ({
    zh: `“${a.got}”不是数值，应为数字（无数值请写“-”或留空）`,
    en: `"${a.got}" is not a number: expected a number ("-" or blank for no value)`,
  }),
  'number-garbled': (a) =>
    a.computed !== undefined
      ? {
          zh: `“${a.label}”印的合计为 ${a.got}，各分项之和为 ${a.computed}，数量级不符，疑为发布时数字残缺（丢失数位或小数点）；已按原值导入，请查原件`,
          en: `"${a.label}" prints a total of ${a.got} but its parts sum to ${a.computed}: the magnitudes differ, digits or a decimal point were probably lost in publication; imported as printed — check the original`,
        }
      : {
          zh: `“${a.got}”小数点前没有数字，疑为发布时数字残缺；已按 ${a.expected ?? ''} 导入，请查原件`,
          en: `"${a.got}" has no digit before its decimal point: digits were probably lost in publication; imported as ${a.expected ?? ''} — check the original`,
        },
  'number-too-large': (a) => ({
    zh: `“${a.got}”超出可信范围：整数部分超过 ${a.expected} 位（Excel 只保存 15 位有效数字）`,
    en: `"${a.got}" is out of range: more than ${a.expected} integer digits (Excel keeps only 15 significant digits)`,
  }),
  'formula-error': (a) => ({
    zh: `公式单元格的结果是错误值 ${a.got}，请在表格中修正后再导入`,
    en: `the formula cell evaluates to the error ${a.got}: fix it in the spreadsheet`,
  }),
  'negative-value': (a) => ({
    zh: `指标“${a.measure}”不能为负数，读到 ${a.got}`,
    en: `measure "${a.measure}" cannot be negative; got ${a.got}`,
  }),
  'percent-out-of-range': (a) => ({
    zh: `百分比应在 0 到 100 之间，读到 ${a.got}`,
    en: `a percentage must lie between 0 and 100; got ${a.got}`,
  }),
  'duplicate-key': (a) => ({
    zh: `同一单元、指标、分类和期间的数值重复出现（首次出现于${a.expected}）`,
    en: `the same unit, measure, breakdown and period appears again (first at ${a.expectedEn})`,
  }),
  'uom-mismatch': (a) => ({
    zh: `计量单位“${a.got}”与指标“${a.measure}”的单位“${a.expected}”不是同一量纲，无法换算`,
    en: `unit of measure "${a.gotEn}" cannot be converted to measure "${a.measureEn}"'s unit "${a.expectedEn}"`,
  }),
  'unknown-uom': (a) => ({
    zh: `无法识别的计量单位“${a.got}”`,
    en: `unrecognised unit of measure "${a.got}"`,
  }),
  'too-many-errors': (a) => ({
    zh: `错误过多，仅列出前 ${a.expected} 条，共 ${a.got} 条`,
    en: `too many errors: the first ${a.expected} of ${a.got} are listed`,
  }),
  'total-mismatch': (a) => ({
    zh: `“${a.label}”印的合计为 ${a.printed}，但各分项之和为 ${a.computed}（差 ${a.diff}）；已按原值导入，请核对`,
    en: `"${a.label}" prints a total of ${a.printed} but its parts sum to ${a.computed} (difference ${a.diff}); imported as printed — please check`,
  }),
  'total-ignored': (a) => ({
    zh: `“${a.label}”是存量或价格类指标，跨期合计没有意义，未导入该合计值 ${a.got}`,
    en: `"${a.label}" is a stock or price measure: a total across periods means nothing, so ${a.got} was not imported`,
  }),
  'uom-assumed': (a) => ({
    zh: `未标明计量单位，按指标默认单位“${a.expected}”读取`,
    en: `no unit of measure given: read in the measure's unit "${a.expectedEn}"`,
  }),
  'column-ignored': (a) => ({
    zh: `列“${a.got}”未映射到任何指标，已忽略`,
    en: `column "${a.got}" maps to no measure and was ignored`,
  }),
  'note-ignored': (a) => ({ zh: `表后注释未导入：${a.got}`, en: `trailing note not imported: ${a.got}` }),
};

/** The Chinese and English text of an issue. */
export function issueText(code: IssueCode, args: Args = {}): IssueText {
  return TEXT[code](args);
}
