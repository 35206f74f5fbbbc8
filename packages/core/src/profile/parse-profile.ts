/**
 * Reads a policy profile document (YAML, or JSON — which is YAML) into a validated {@link PolicyProfile}, or into
 * errors that name the file, the key path, the line and column, and say what is wrong in Chinese and English.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

import {
  effectivePolicyProfileSchema,
  policyProfileSchema,
  warningLevels,
  type CycleDisplayBand,
  type PolicyProfile,
  type ProfileError,
} from './profile-schema.js';
import { formatPath, isRecord, translateIssue, type Finding, type PathSegment } from './profile-issues.js';

export type ParseProfileResult = { ok: true; profile: PolicyProfile } | { ok: false; errors: ProfileError[] };

export interface ParseProfileOptions {
  /** Ids `extends` may name; when given, an unknown parent is an error. */
  knownProfileIds?: readonly string[];
}

/**
 * Parses and validates one profile document. A document without `extends` is a root profile and must be complete;
 * one with `extends` may leave any section or parameter to its parent.
 *
 * @example
 * const r = parseProfile('id: x\n', 'x.yaml');
 * // r.ok === false; r.errors[0] → { file: 'x.yaml', path: 'version', line: 1, column: 1, messageZh: '缺少必填字段', … }
 */
export function parseProfile(text: string, fileName: string, options: ParseProfileOptions = {}): ParseProfileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return {
          file: fileName,
          path: '',
          line,
          column: col,
          messageZh: `YAML 语法错误：${yamlErrorZh(error.code)}`,
          messageEn: `YAML syntax error: ${error.message}`,
        };
      }),
    };
  }

  const locate = (finding: Finding): ProfileError => ({
    file: fileName,
    path: formatPath(finding.path),
    ...locateNode(doc, lineCounter, finding.path, finding.at),
    messageZh: finding.zh,
    messageEn: finding.en,
  });

  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      errors: [
        locate({
          path: [],
          zh: '文档应为一个映射（键值对），不能为空',
          en: 'the document must be a non-empty mapping',
        }),
      ],
    };
  }

  const isRoot = !('extends' in data);
  const parsed = isRoot
    ? effectivePolicyProfileSchema.safeParse(data, { reportInput: true })
    : policyProfileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.flatMap(translateIssue).map(locate) };
  }

  const profile: PolicyProfile = parsed.data;
  const findings = semanticFindings(profile, options);
  if (findings.length > 0) return { ok: false, errors: findings.map(locate) };
  return { ok: true, profile };
}

// ---------------------------------------------------------------------------------------------------------------
// Semantic checks zod does not express

function semanticFindings(profile: PolicyProfile, options: ParseProfileOptions): Finding[] {
  const out: Finding[] = [];

  if (profile.extends !== undefined) {
    if (profile.extends === profile.id) {
      out.push({ path: ['extends'], zh: '配置不能继承自身', en: 'a profile cannot extend itself' });
    } else if (options.knownProfileIds !== undefined && !options.knownProfileIds.includes(profile.extends)) {
      out.push({
        path: ['extends'],
        zh: `继承的配置“${profile.extends}”不存在；已知配置：${options.knownProfileIds.join('、')}`,
        en: `unknown parent profile "${profile.extends}"; known: ${options.knownProfileIds.join(', ')}`,
      });
    }
  }

  const range = profile.destocking?.reasonableRangeMonths;
  if (range !== undefined && !(range.min < range.max)) {
    out.push({
      path: ['destocking', 'reasonableRangeMonths', 'max'],
      zh: `合理区间上限（${range.max}）应大于下限（${range.min}）`,
      en: `the range maximum (${range.max}) must be greater than its minimum (${range.min})`,
    });
  }
  if (profile.destocking?.bands !== undefined)
    out.push(...bandFindings(profile.destocking.bands, ['destocking', 'bands']));
  const ages = profile.destocking?.inventoryAgeBucketsYears?.value;
  if (ages !== undefined) {
    ages.forEach((bound, i) => {
      const previous = ages[i - 1];
      if (previous !== undefined && !(bound > previous)) {
        out.push({
          path: ['destocking', 'inventoryAgeBucketsYears', 'value', i],
          zh: `库龄分段应从小到大排列（${bound} 不大于 ${previous}）`,
          en: `age bucket bounds must increase (${bound} is not above ${previous})`,
        });
      }
    });
  }

  const rule = profile.landSupplyRule;
  if (rule?.kind === 'cycle-bands') out.push(...bandFindings(rule.bands, ['landSupplyRule', 'bands']));
  if (rule?.kind === 'inflow-cycle-matrix') {
    const seen = new Set<string>();
    rule.cells.forEach((cell, i) => {
      const key = `${cell.population}/${cell.cycle}`;
      if (seen.has(key)) {
        out.push({
          path: ['landSupplyRule', 'cells', i],
          zh: `组合（${cell.population}，${cell.cycle}）重复定义`,
          en: `combination (${cell.population}, ${cell.cycle}) is defined twice`,
        });
      }
      seen.add(key);
    });
  }

  out.push(...warningRuleFindings(profile));

  const holding = profile.land?.industrialSelfHolding;
  if (holding !== undefined && holding.floorCoefficient > holding.baseCoefficient) {
    out.push({
      path: ['land', 'industrialSelfHolding', 'floorCoefficient'],
      zh: `最低系数（${holding.floorCoefficient}）不应高于基准系数（${holding.baseCoefficient}）`,
      en: `the floor coefficient (${holding.floorCoefficient}) must not exceed the base coefficient (${holding.baseCoefficient})`,
    });
  }
  const breaker = profile.land?.circuitBreaker;
  if (breaker !== undefined && breaker.minPct > breaker.maxPct) {
    out.push({
      path: ['land', 'circuitBreaker', 'maxPct'],
      zh: `熔断比例上限（${breaker.maxPct}）应不小于下限（${breaker.minPct}）`,
      en: `the circuit-breaker maximum (${breaker.maxPct}) must not be below its minimum (${breaker.minPct})`,
    });
  }
  const idle = profile.land?.idleLand;
  if (idle !== undefined && !(idle.reclaimAfterYears > idle.feeAfterYears)) {
    out.push({
      path: ['land', 'idleLand', 'reclaimAfterYears'],
      zh: `无偿收回年限（${idle.reclaimAfterYears}）应大于征缴闲置费年限（${idle.feeAfterYears}）`,
      en: `reclaimAfterYears (${idle.reclaimAfterYears}) must exceed feeAfterYears (${idle.feeAfterYears})`,
    });
  }

  const units = profile.security?.saleTypeUnitArea;
  if (units !== undefined && !(units.minSqm <= units.smallUnitMaxSqm && units.smallUnitMaxSqm <= units.maxSqm)) {
    out.push({
      path: ['security', 'saleTypeUnitArea', 'smallUnitMaxSqm'],
      zh: '面积应满足 最小面积 ≤ 小户型上限 ≤ 最大面积',
      en: 'areas must satisfy minSqm ≤ smallUnitMaxSqm ≤ maxSqm',
    });
  }

  const onTrack = profile.progress?.onTrackRatio?.value;
  const limited = profile.progress?.limitedProgressRatio?.value;
  if (onTrack !== undefined && limited !== undefined && !(limited < onTrack)) {
    out.push({
      path: ['progress', 'limitedProgressRatio', 'value'],
      zh: `进度有限阈值（${limited}）应小于正常进度阈值（${onTrack}）`,
      en: `limitedProgressRatio (${limited}) must be below onTrackRatio (${onTrack})`,
    });
  }
  return out;
}

/** Bands must run from low to high without gap or overlap, from 0 (or open) to open-ended, with unique ids. */
function bandFindings(bands: readonly Omit<CycleDisplayBand, 'labelZh' | 'labelEn'>[], at: PathSegment[]): Finding[] {
  const out: Finding[] = [];
  const ids = new Set<string>();
  bands.forEach((band, i) => {
    if (ids.has(band.id)) {
      out.push({ path: [...at, i, 'id'], zh: `分段编号“${band.id}”重复`, en: `band id "${band.id}" is used twice` });
    }
    ids.add(band.id);
    if (band.minMonths !== undefined && band.maxMonths !== undefined && !(band.minMonths < band.maxMonths)) {
      out.push({
        path: [...at, i, 'maxMonths'],
        zh: `分段上限（${band.maxMonths}）应大于下限（${band.minMonths}）`,
        en: `band maximum (${band.maxMonths}) must be greater than its minimum (${band.minMonths})`,
      });
    }
    const previous = bands[i - 1];
    if (previous === undefined) {
      if (band.minMonths !== undefined && band.minMonths !== 0) {
        out.push({
          path: [...at, i, 'minMonths'],
          zh: `第一段应从 0 开始（或不设下限），当前下限为 ${band.minMonths}`,
          en: `the first band must start at 0 (or be open below), not ${band.minMonths}`,
        });
      }
    } else if (previous.maxMonths === undefined || band.minMonths !== previous.maxMonths) {
      out.push({
        path: [...at, i, 'minMonths'],
        zh: `分段应从小到大连续排列：本段下限（${band.minMonths ?? '无'}）应等于上一段上限（${previous.maxMonths ?? '无'}）`,
        en: `bands must be ordered and contiguous: this minimum (${band.minMonths ?? 'none'}) must equal the previous maximum (${previous.maxMonths ?? 'none'})`,
      });
    } else if (previous.maxInclusive === band.minInclusive) {
      out.push({
        path: [...at, i, 'minInclusive'],
        zh: `边界 ${band.minMonths} 应恰好属于相邻两段中的一段（一段含边界，另一段不含）`,
        en: `the boundary ${band.minMonths} must belong to exactly one of the two adjacent bands`,
      });
    }
    if (i === bands.length - 1 && band.maxMonths !== undefined) {
      out.push({
        path: [...at, i, 'maxMonths'],
        zh: `最后一段不应设上限（当前为 ${band.maxMonths}），否则更长的周期无法归类`,
        en: `the last band must be open above (not ${band.maxMonths}) so that every cycle is classified`,
      });
    }
  });
  return out;
}

function warningRuleFindings(profile: PolicyProfile): Finding[] {
  const out: Finding[] = [];
  const ids = new Set<string>();
  (profile.warningRules ?? []).forEach((rule, i) => {
    const at: PathSegment[] = ['warningRules', i];
    if (ids.has(rule.id)) {
      out.push({
        path: [...at, 'id'],
        zh: `预警规则编号“${rule.id}”重复`,
        en: `warning rule id "${rule.id}" is used twice`,
      });
    }
    ids.add(rule.id);

    if (rule.comparison === 'outside-range') {
      if (rule.range === undefined) {
        out.push({
          path: [...at, 'range'],
          zh: '比较方式为 outside-range 时必须给出区间 range',
          en: 'comparison outside-range needs a range',
        });
      } else if (!(rule.range.min < rule.range.max)) {
        out.push({
          path: [...at, 'range', 'max'],
          zh: `区间上限（${rule.range.max}）应大于下限（${rule.range.min}）`,
          en: `the range maximum (${rule.range.max}) must be greater than its minimum (${rule.range.min})`,
        });
      }
    } else if (rule.range !== undefined) {
      out.push({
        path: [...at, 'range'],
        zh: `比较方式为 ${rule.comparison} 时不使用区间 range`,
        en: `comparison ${rule.comparison} takes no range`,
      });
    }

    rule.levels.forEach((level, j) => {
      const previous = rule.levels[j - 1];
      if (rule.comparison === 'outside-range' && level.threshold < 0) {
        out.push({
          path: [...at, 'levels', j, 'threshold'],
          zh: '区间外的偏离阈值不能为负数',
          en: 'a distance outside the range cannot be negative',
        });
      }
      if (previous === undefined) return;
      if (warningLevels.indexOf(level.level) <= warningLevels.indexOf(previous.level)) {
        out.push({
          path: [...at, 'levels', j, 'level'],
          zh: `预警等级应按 蓝、黄、橙、红 由轻到重排列且不重复（“${level.level}”排在“${previous.level}”之后）`,
          en: `levels must run blue, yellow, orange, red without repeats ("${level.level}" follows "${previous.level}")`,
        });
      }
      const rising = rule.comparison !== 'below';
      if (rising ? !(level.threshold > previous.threshold) : !(level.threshold < previous.threshold)) {
        out.push({
          path: [...at, 'levels', j, 'threshold'],
          zh: `阈值顺序错误：更严重的等级阈值应${rising ? '大于' : '小于'}上一级（${previous.threshold}），当前为 ${level.threshold}`,
          en: `thresholds out of order: a more severe level must be ${rising ? 'above' : 'below'} the previous one (${previous.threshold}), got ${level.threshold}`,
        });
      }
    });
  });
  return out;
}

function yamlErrorZh(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return '键重复';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return '缩进或符号错误';
    case 'MULTIPLE_DOCS':
      return '一个文件只能包含一个文档';
    default:
      return '无法解析';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Locating a key path in the document

type Range = readonly [number, number, number];

function rangeOf(node: unknown): Range | undefined {
  if (!isRecord(node) || !('range' in node)) return undefined;
  const range = node.range;
  return Array.isArray(range) && range.length === 3 ? (range as unknown as Range) : undefined;
}

/**
 * Finds the node at `path`: the value (or, for `at: 'key'`, the key); for a missing key, the key of the nearest
 * enclosing entry, or the start of the document.
 */
function locateNode(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at?: 'key',
): { line?: number; column?: number } {
  const position = (range: Range | undefined) => {
    if (range === undefined) return {};
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
  let node: unknown = doc.contents;
  let anchor = rangeOf(node);
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return position(anchor);
      if (i === path.length - 1 && at === 'key') return position(rangeOf(pair.key));
      anchor = rangeOf(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return position(anchor);
      anchor = rangeOf(item) ?? anchor;
      node = item;
    } else {
      return position(anchor);
    }
  }
  return position(rangeOf(node) ?? anchor);
}
