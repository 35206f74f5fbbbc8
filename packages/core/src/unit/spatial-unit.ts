/**
 * Spatial units (单元): the tree city → district / county (区县) → sub-area (片区 / 板块 / 组团), optionally under a
 * province. Codes are national administrative codes where one exists (620702 甘州区).
 */

/** The level of a spatial unit in the tree. */
export type UnitLevel = 'province' | 'city' | 'district' | 'subarea';

/** One spatial unit. */
export interface SpatialUnit {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn?: string;
  readonly level: UnitLevel;
  readonly parentCode: string | null;
  /** Other names the unit goes by in spreadsheets, e.g. 肃南县 for 肃南裕固族自治县. */
  readonly aliases: readonly string[];
  /** Free attributes, e.g. seed 002's 板块 class { class: '存量提升' }. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly sortOrder: number;
}

/** A problem found while building a unit tree. */
export interface UnitTreeError {
  readonly code:
    | 'duplicate-code'
    | 'missing-parent'
    | 'cycle'
    | 'no-root'
    | 'multiple-roots'
    | 'city-count'
    | 'level-mismatch'
    | 'ambiguous-name';
  /** The unit the problem is about, when there is one. */
  readonly unitCode?: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** A validated tree of spatial units with lookups. */
export interface UnitTree {
  /** The top unit: the city, or the province above it. */
  readonly root: SpatialUnit;
  /** All units in tree order (depth first, children by sortOrder then code). */
  readonly units: readonly SpatialUnit[];
  /** The unit with this exact code. */
  get(code: string): SpatialUnit | undefined;
  /** Direct children, by sortOrder then code; empty for a leaf or an unknown code. */
  children(code: string): readonly SpatialUnit[];
  /** All units below, depth first. */
  descendants(code: string): readonly SpatialUnit[];
  /** The units above, nearest first (parent, grandparent, …). */
  ancestors(code: string): readonly SpatialUnit[];
  /** Finds a unit by code, Chinese or English name or alias (NFKC, spaces removed, case-insensitive Latin). */
  resolve(label: string): SpatialUnit | undefined;
  /** True for a known unit with no children. */
  isLeaf(code: string): boolean;
}

/** The result of buildUnitTree: a tree, or every problem found. */
export type BuildUnitTreeResult = { ok: true; tree: UnitTree } | { ok: false; errors: UnitTreeError[] };

const ALLOWED_PARENT: Readonly<Record<UnitLevel, readonly (UnitLevel | null)[]>> = {
  province: [null],
  city: [null, 'province'],
  district: ['city'],
  subarea: ['district'],
};

const LEVEL_ZH: Readonly<Record<UnitLevel, string>> = {
  province: '省',
  city: '市',
  district: '区县',
  subarea: '片区',
};

/** Normalises a unit label for matching: NFKC, strips quotes and all white space, lower-cases Latin letters. */
export function normaliseUnitLabel(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/[\s\u3000"'“”‘’「」『』]/g, '')
    .toLowerCase();
}

/**
 * Validates units and builds a tree: codes are unique, parents exist, there are no cycles, there is exactly one
 * root and exactly one city, and each level sits under an allowed parent level (city under a province or at the
 * root, district under a city, subarea under a district). Names and aliases must not point at two units.
 */
export function buildUnitTree(units: readonly SpatialUnit[]): BuildUnitTreeResult {
  const errors: UnitTreeError[] = [];
  const byCode = new Map<string, SpatialUnit>();
  for (const u of units) {
    if (byCode.has(u.code)) {
      errors.push({
        code: 'duplicate-code',
        unitCode: u.code,
        messageZh: `单元编码重复：${u.code}`,
        messageEn: `Duplicate unit code: ${u.code}`,
      });
    } else {
      byCode.set(u.code, u);
    }
  }

  for (const u of byCode.values()) {
    if (u.parentCode === null) {
      if (!ALLOWED_PARENT[u.level].includes(null)) {
        errors.push({
          code: 'level-mismatch',
          unitCode: u.code,
          messageZh: `单元 ${u.code}（${u.nameZh}）为${LEVEL_ZH[u.level]}级，不能作为根单元`,
          messageEn: `Unit ${u.code} (${u.nameZh}) is a ${u.level} and cannot be a root`,
        });
      }
      continue;
    }
    const parent = byCode.get(u.parentCode);
    if (parent === undefined) {
      errors.push({
        code: 'missing-parent',
        unitCode: u.code,
        messageZh: `单元 ${u.code}（${u.nameZh}）的上级单元 ${u.parentCode} 不存在`,
        messageEn: `Unit ${u.code} (${u.nameZh}) has parent ${u.parentCode}, which does not exist`,
      });
    } else if (!ALLOWED_PARENT[u.level].includes(parent.level)) {
      errors.push({
        code: 'level-mismatch',
        unitCode: u.code,
        messageZh: `单元 ${u.code}（${u.nameZh}）为${LEVEL_ZH[u.level]}级，不能隶属于${LEVEL_ZH[parent.level]}级单元 ${parent.code}`,
        messageEn: `Unit ${u.code} (${u.nameZh}) is a ${u.level} and cannot sit under the ${parent.level} ${parent.code}`,
      });
    }
  }

  // Cycle detection: walk up from each unit; revisiting a unit means the walk has entered a cycle.
  const reported = new Set<string>();
  for (const start of byCode.values()) {
    const seen = new Set<string>();
    let cur: SpatialUnit | undefined = start;
    while (cur !== undefined && cur.parentCode !== null && !seen.has(cur.code)) {
      seen.add(cur.code);
      cur = byCode.get(cur.parentCode);
    }
    if (cur === undefined || cur.parentCode === null) continue;
    const members: string[] = [];
    let m: SpatialUnit | undefined = cur;
    do {
      members.push(m.code);
      m = m.parentCode === null ? undefined : byCode.get(m.parentCode);
    } while (m !== undefined && m.code !== cur.code);
    members.sort();
    const key = members.join(',');
    if (reported.has(key)) continue;
    reported.add(key);
    errors.push({
      code: 'cycle',
      unitCode: members[0] ?? cur.code,
      messageZh: `单元上下级关系形成循环：${members.join('、')}`,
      messageEn: `Units form a parent cycle: ${members.join(', ')}`,
    });
  }

  const roots = [...byCode.values()].filter((u) => u.parentCode === null);
  const cities = [...byCode.values()].filter((u) => u.level === 'city');
  if (roots.length === 0) {
    errors.push({ code: 'no-root', messageZh: '没有根单元（城市）', messageEn: 'There is no root unit (city)' });
  } else if (roots.length > 1) {
    errors.push({
      code: 'multiple-roots',
      messageZh: `根单元只能有一个，现有 ${roots.length} 个：${roots.map((r) => r.code).join('、')}`,
      messageEn: `There must be exactly one root unit, found ${roots.length}: ${roots.map((r) => r.code).join(', ')}`,
    });
  }
  if (cities.length !== 1 && roots.length === 1) {
    errors.push({
      code: 'city-count',
      messageZh: `一个单元树应恰有一个城市，现有 ${cities.length} 个`,
      messageEn: `A unit tree must hold exactly one city, found ${cities.length}`,
    });
  }

  const index = new Map<string, SpatialUnit>();
  for (const u of byCode.values()) {
    const keys = new Set([u.code, u.nameZh, ...(u.nameEn === undefined ? [] : [u.nameEn]), ...u.aliases]);
    for (const raw of keys) {
      const key = normaliseUnitLabel(raw);
      if (key === '') continue;
      const other = index.get(key);
      if (other !== undefined && other.code !== u.code) {
        errors.push({
          code: 'ambiguous-name',
          unitCode: u.code,
          messageZh: `名称“${raw}”同时指向单元 ${other.code} 和 ${u.code}`,
          messageEn: `The name "${raw}" points at both ${other.code} and ${u.code}`,
        });
      } else {
        index.set(key, u);
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const root = roots[0];
  if (root === undefined) throw new Error('unreachable: validated tree has a root');
  return { ok: true, tree: makeTree(root, byCode, index) };
}

function makeTree(root: SpatialUnit, byCode: Map<string, SpatialUnit>, index: Map<string, SpatialUnit>): UnitTree {
  const childMap = new Map<string, SpatialUnit[]>();
  for (const u of byCode.values()) {
    if (u.parentCode === null) continue;
    const list = childMap.get(u.parentCode) ?? [];
    list.push(u);
    childMap.set(u.parentCode, list);
  }
  for (const list of childMap.values()) {
    list.sort((a, b) => a.sortOrder - b.sortOrder || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
  const children = (code: string): readonly SpatialUnit[] => childMap.get(code) ?? [];
  const descendants = (code: string): readonly SpatialUnit[] => {
    const out: SpatialUnit[] = [];
    const walk = (c: string): void => {
      for (const child of children(c)) {
        out.push(child);
        walk(child.code);
      }
    };
    walk(code);
    return out;
  };
  const ordered = [root, ...descendants(root.code)];
  return {
    root,
    units: ordered,
    get: (code) => byCode.get(code),
    children,
    descendants,
    ancestors(code) {
      const out: SpatialUnit[] = [];
      let cur = byCode.get(code);
      while (cur !== undefined && cur.parentCode !== null) {
        cur = byCode.get(cur.parentCode);
        if (cur !== undefined) out.push(cur);
      }
      return out;
    },
    resolve: (label) => index.get(normaliseUnitLabel(label)),
    isLeaf: (code) => byCode.has(code) && children(code).length === 0,
  };
}
