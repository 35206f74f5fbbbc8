import { describe, expect, it } from 'vitest';
import { buildUnitTree, normaliseUnitLabel, type SpatialUnit, type UnitTree } from './spatial-unit.js';

function unit(
  code: string,
  nameZh: string,
  level: SpatialUnit['level'],
  parentCode: string | null,
  extra: Partial<SpatialUnit> = {},
): SpatialUnit {
  return { code, nameZh, level, parentCode, aliases: [], attributes: {}, sortOrder: 0, ...extra };
}

// Zhangye (seed 003 张掖市城镇现有住房情况汇总表) with its national administrative codes.
const zhangye: SpatialUnit[] = [
  unit('620700', '张掖市', 'city', null, { nameEn: 'Zhangye' }),
  unit('620702', '甘州区', 'district', '620700', { nameEn: 'Ganzhou District', sortOrder: 1 }),
  unit('620723', '临泽县', 'district', '620700', { nameEn: 'Linze County', sortOrder: 2 }),
  unit('620724', '高台县', 'district', '620700', { nameEn: 'Gaotai County', sortOrder: 3 }),
  unit('620725', '山丹县', 'district', '620700', { nameEn: 'Shandan County', sortOrder: 4 }),
  unit('620722', '民乐县', 'district', '620700', { nameEn: 'Minle County', sortOrder: 5 }),
  unit('620721', '肃南裕固族自治县', 'district', '620700', {
    nameEn: 'Sunan Yugur Autonomous County',
    aliases: ['肃南县'],
    sortOrder: 6,
  }),
  unit('620702-01', '主城区', 'subarea', '620702', { attributes: { class: '存量提升' }, sortOrder: 1 }),
  unit('620702-02', '滨河新区', 'subarea', '620702', { attributes: { class: '重点拓展' }, sortOrder: 2 }),
];

function tree(): UnitTree {
  const result = buildUnitTree(zhangye);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.tree;
}

describe('buildUnitTree on Zhangye', () => {
  it('builds the tree with ordered children, descendants and ancestors', () => {
    const t = tree();
    expect(t.root.code).toBe('620700');
    expect(t.children('620700').map((u) => u.nameZh)).toEqual([
      '甘州区',
      '临泽县',
      '高台县',
      '山丹县',
      '民乐县',
      '肃南裕固族自治县',
    ]);
    expect(t.descendants('620700')).toHaveLength(8);
    expect(
      t
        .descendants('620700')
        .map((u) => u.code)
        .slice(0, 3),
    ).toEqual(['620702', '620702-01', '620702-02']);
    expect(t.units.map((u) => u.code)[0]).toBe('620700');
    expect(t.units).toHaveLength(9);
    expect(t.ancestors('620702-02').map((u) => u.code)).toEqual(['620702', '620700']);
    expect(t.ancestors('620700')).toEqual([]);
    expect(t.get('620723')?.nameZh).toBe('临泽县');
    expect(t.get('999999')).toBeUndefined();
    expect(t.get('620702-01')?.attributes['class']).toBe('存量提升');
  });

  it('knows leaves', () => {
    const t = tree();
    expect(t.isLeaf('620723')).toBe(true);
    expect(t.isLeaf('620702-01')).toBe(true);
    expect(t.isLeaf('620702')).toBe(false);
    expect(t.isLeaf('620700')).toBe(false);
    expect(t.isLeaf('nope')).toBe(false);
  });

  it('resolves codes, names, English names and aliases after NFKC and space removal', () => {
    const t = tree();
    expect(t.resolve('620702')?.nameZh).toBe('甘州区');
    expect(t.resolve('６２０７０２')?.nameZh).toBe('甘州区');
    expect(t.resolve(' 甘 州 区 ')?.code).toBe('620702');
    expect(t.resolve('甘州区\u3000')?.code).toBe('620702');
    expect(t.resolve('“临泽县”')?.code).toBe('620723');
    expect(t.resolve('linze county')?.code).toBe('620723');
    expect(t.resolve('Gaotai  County')?.code).toBe('620724');
    expect(t.resolve('肃南县')?.code).toBe('620721');
    expect(t.resolve('肃南裕固族自治县')?.code).toBe('620721');
    expect(t.resolve('张掖市')?.code).toBe('620700');
  });

  it('does not guess: partial names without an alias do not resolve', () => {
    const t = tree();
    expect(t.resolve('甘州')).toBeUndefined();
    expect(t.resolve('肃南')).toBeUndefined();
    expect(t.resolve('全市')).toBeUndefined();
    expect(t.resolve('')).toBeUndefined();
  });

  it('accepts a province above the city', () => {
    const result = buildUnitTree([
      unit('620000', '甘肃省', 'province', null),
      { ...zhangye[0]!, parentCode: '620000' },
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.tree.root.code).toBe('620000');
      expect(result.tree.ancestors('620700').map((u) => u.nameZh)).toEqual(['甘肃省']);
    }
  });

  it('normalises labels', () => {
    expect(normaliseUnitLabel(' Ｇａｎｚｈｏｕ　District ')).toBe('ganzhoudistrict');
  });
});

describe('buildUnitTree validation', () => {
  const codesOf = (units: SpatialUnit[]): string[] => {
    const result = buildUnitTree(units);
    return result.ok ? [] : result.errors.map((e) => e.code);
  };

  it('reports duplicate codes', () => {
    expect(codesOf([...zhangye, unit('620723', '临泽', 'district', '620700')])).toEqual(['duplicate-code']);
  });

  it('reports a missing parent with bilingual messages', () => {
    const result = buildUnitTree([...zhangye, unit('x1', '某片区', 'subarea', '620799')]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ code: 'missing-parent', unitCode: 'x1' });
      expect(result.errors[0]!.messageZh).toBe('单元 x1（某片区）的上级单元 620799 不存在');
      expect(result.errors[0]!.messageEn).toBe('Unit x1 (某片区) has parent 620799, which does not exist');
    }
  });

  it('reports level mismatches', () => {
    expect(codesOf([...zhangye, unit('s9', '某片区', 'subarea', '620700')])).toEqual(['level-mismatch']);
    expect(codesOf([...zhangye, unit('d9', '某区', 'district', '620702')])).toEqual(['level-mismatch']);
    expect(codesOf([unit('d1', '某区', 'district', null)])).toEqual(['level-mismatch', 'city-count']);
  });

  it('reports a cycle once, naming only its members', () => {
    const units = [
      unit('c', '市', 'city', null),
      unit('a', '甲', 'district', 'c'),
      unit('p', '乙', 'subarea', 'q'),
      unit('q', '丙', 'subarea', 'r'),
      unit('r', '丁', 'district', 'q'),
      unit('t', '戊', 'subarea', 'p'),
    ];
    const result = buildUnitTree(units);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const cycles = result.errors.filter((e) => e.code === 'cycle');
      expect(cycles).toHaveLength(1);
      expect(cycles[0]!.messageEn).toBe('Units form a parent cycle: q, r');
    }
  });

  it('requires exactly one root and one city', () => {
    expect(codesOf([...zhangye, unit('620100', '兰州市', 'city', null)])).toEqual(['multiple-roots']);
    expect(codesOf([])).toEqual(['no-root']);
    const gansu = unit('620000', '甘肃省', 'province', null);
    expect(codesOf([gansu])).toEqual(['city-count']);
    expect(
      codesOf([gansu, unit('620700', '张掖市', 'city', '620000'), unit('620100', '兰州市', 'city', '620000')]),
    ).toEqual(['city-count']);
  });

  it('reports a name or alias that points at two units', () => {
    expect(codesOf([...zhangye, unit('620799', '肃南县', 'district', '620700')])).toEqual(['ambiguous-name']);
  });
});
