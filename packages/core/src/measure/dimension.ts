/**
 * The breakdown dimension of a measure (property type, housing programme, inventory age bucket …).
 * `''` is the total over all breakdowns. A measure lists the dimension values it accepts.
 */
export interface DimensionDef {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly aliases: readonly string[];
}

const dims = [
  { code: '', nameZh: '合计', nameEn: 'total', aliases: ['全部', '总计', '商品房', '全部类型'] },
  {
    code: 'residential',
    nameZh: '住宅',
    nameEn: 'residential',
    aliases: ['商品住宅', '商品住房', '其中：住宅', '其中:住宅'],
  },
  { code: 'non-residential', nameZh: '非住宅', nameEn: 'non-residential', aliases: ['其中：非住宅'] },
  { code: 'commercial', nameZh: '商业', nameEn: 'commercial', aliases: ['商业用房', '商服'] },
  { code: 'office', nameZh: '办公', nameEn: 'office', aliases: ['办公用房'] },
  { code: 'complete-set', nameZh: '成套住房', nameEn: 'self-contained dwellings', aliases: ['成套'] },
  { code: 'incomplete-set', nameZh: '非成套住房', nameEn: 'non-self-contained dwellings', aliases: ['非成套'] },
  { code: 'age-lt1y', nameZh: '1年以内', nameEn: 'under 1 year', aliases: ['1年以下', '<1年'] },
  { code: 'age-1-3y', nameZh: '1—3年', nameEn: '1–3 years', aliases: ['1-3年'] },
  { code: 'age-3-5y', nameZh: '3—5年', nameEn: '3–5 years', aliases: ['3-5年'] },
  { code: 'age-gt5y', nameZh: '5年以上', nameEn: 'over 5 years', aliases: ['>5年'] },
  { code: 'public-rental', nameZh: '公租房', nameEn: 'public rental housing', aliases: ['公共租赁住房'] },
  { code: 'affordable-rental', nameZh: '保障性租赁住房', nameEn: 'affordable rental housing', aliases: ['保租房'] },
  { code: 'sale-affordable', nameZh: '配售型保障性住房', nameEn: 'sale-type affordable housing', aliases: ['配售型'] },
  { code: 'talent', nameZh: '人才住房', nameEn: 'talent housing', aliases: ['人才房'] },
  { code: 'shantytown', nameZh: '棚户区改造', nameEn: 'shantytown redevelopment', aliases: ['棚改', '城市危旧房'] },
  { code: 'old-community', nameZh: '老旧小区改造', nameEn: 'old-community renovation', aliases: ['老旧小区'] },
  { code: 'resettlement', nameZh: '安置住房', nameEn: 'resettlement housing', aliases: ['安置房'] },
] as const satisfies readonly DimensionDef[];

export type DimensionCode = (typeof dims)[number]['code'];

/** All dimension values Anju knows, in display order. */
export const DIMENSIONS: readonly DimensionDef[] = dims;

const byCode = new Map<string, DimensionDef>(DIMENSIONS.map((d) => [d.code, d]));

/** Looks a dimension up by its code. */
export function getDimension(code: string): DimensionDef | undefined {
  return byCode.get(code);
}

/** Resolves a label as printed in a spreadsheet (name, alias or code) to a dimension code. */
export function resolveDimension(label: string): string | undefined {
  const key = label.normalize('NFKC').replace(/\s+/g, '');
  for (const d of DIMENSIONS) {
    if (d.code === key || d.nameZh === key || d.nameEn === key) return d.code;
    if (d.aliases.some((a) => a.normalize('NFKC').replace(/\s+/g, '') === key)) return d.code;
  }
  return undefined;
}
