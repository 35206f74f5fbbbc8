// The bundled plans load and validate, and hold every value the seeds print — typed here by hand from the seeds'
// tables (003 指标体系表 and 分区域表, 002 十四五 and 十三五 tables, 004 表1, 000 子目标 1–3).
import { parsePlanDocument, sumDecimals, type PlanDocument } from '@anju/core';
import { describe, expect, it } from 'vitest';
import { listBundledPlans, readBundledPlan } from './plans.js';

async function load(id: string): Promise<PlanDocument> {
  const b = await readBundledPlan(id);
  if (b === undefined) throw new Error(`no bundled plan ${id}`);
  const r = parsePlanDocument(b.data);
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.issues)}`);
  return r.plan;
}

/** [id, target as printed or value, kind, attribute] for every indicator, in the plan's order. */
function rows(p: PlanDocument): [string, string, string, string | null][] {
  return p.indicators.map((i) => [
    i.nameZh,
    i.target?.value ?? `${i.target?.min}-${i.target?.max}`,
    i.target?.kind === 'cumulative' ? 'C' : 'E',
    i.attribute,
  ]);
}

describe('bundled plans', () => {
  it('every file validates and its id is its file name', async () => {
    const all = await listBundledPlans();
    expect(all.map((p) => p.id)).toEqual([
      'chongqing-14th',
      'wenzhou-13th',
      'wenzhou-14th',
      'zhangye-15th',
      'zhengzhou-15th',
    ]);
    for (const b of all) {
      const r = parsePlanDocument(b.data);
      expect(r.ok, b.id).toBe(true);
      if (r.ok) expect(r.plan.id).toBe(b.id);
    }
  });

  it('every indicator and every value cites its seed', async () => {
    for (const b of await listBundledPlans()) {
      const p = await load(b.id);
      for (const i of p.indicators) {
        expect(i.target?.source.seed, `${b.id}/${i.id}`).toBe(p.source.seed);
        expect(i.target?.source.section.length).toBeGreaterThan(0);
        for (const u of i.units ?? []) expect(u.source.seed).toBe(p.source.seed);
        for (const a of i.actuals ?? []) expect(a.source.seed).toBe(p.source.seed);
      }
    }
  });

  it('Zhangye 十五五 (003): the indicator system table, 29 values', async () => {
    const p = await load('zhangye-15th');
    expect([p.startYear, p.endYear, p.baseYear]).toEqual([2026, 2030, 2025]);
    expect(rows(p).slice(0, 30)).toEqual([
      ['城镇住房总量', '3736.08', 'E', null],
      ['城镇居住用地总量', '1698.22', 'E', null],
      ['城镇新建住房总量', '224.72', 'C', null],
      ['新增城镇住宅用地供应量', '99.06', 'C', null],
      ['城镇人均住房建筑面积', '57.08', 'E', null],
      ['城镇人均住房建筑面积达标率', '100', 'E', null],
      ['新增住房保障人群规模', '3646', 'C', null],
      ['保障性住房建设筹集量', '3646', 'C', null],
      ['住房保障覆盖率', '100', 'E', null],
      ['住房保障对象合理轮候期保障率', '100', 'E', null],
      ['住房保障轮候时间', '36', 'E', null],
      ['保障性住房建设与筹集资金投入', '373300', 'C', null],
      ['新建商品住房总量', '199.2', 'C', null],
      ['现房销售（含预转现）面积占比', '80', 'E', null],
      ['机构化租赁房源占全部租赁住房比例', '10', 'E', null],
      ['发放住房公积金贷款额', '200000', 'C', null],
      ['住房公积金租房提取金额', '4500', 'C', null],
      ['城镇就业人口中住房公积金缴存人数占比', '70', 'E', null],
      ['老旧小区（既有住区更新）改造规模', '164', 'C', null],
      ['老旧小区改造户数（套数）', '42938', 'C', null],
      ['城中村改造户数', '0', 'C', null],
      ['城中村改造安置房开工建设筹集套数', '0', 'C', null],
      ['危旧房改造套间数', '3919', 'C', null],
      ['城镇新建住宅中装配式建筑面积比例', '40', 'E', null],
      ['城镇新建住宅中达到绿色建筑标准的比例', '100', 'E', null],
      ['城镇新建住宅中智能建造的比例', '74.57', 'E', null],
      ['“好房子”占新增住房比例', '85.71', 'E', null],
      ['完整社区覆盖率', '100', 'E', null],
      ['45分钟内通勤比例', '100', 'E', null],
      ['物业服务覆盖率', '100', 'E', null],
    ]);
    const byId = new Map(p.indicators.map((i) => [i.id, i]));
    expect(byId.get('waiting-time')?.direction).toBe('at-most');
    expect(byId.get('destocking-cycle')).toMatchObject({ direction: 'at-most', base: { value: '20', year: 2025 } });
    expect(byId.get('destocking-cycle')?.target?.value).toBe('18');
    expect(byId.get('per-capita-area')?.base?.value).toBe('56.72');
    expect(byId.get('housing-stock-area')?.base?.value).toBe('3511.36');
    // 第六章's yearly amounts: declared shapes that sum to the five-year totals (危旧房: 3829, not 3919)
    const shape = (id: string) => {
      const s = byId.get(id)?.target?.shape;
      return s?.kind === 'yearly' ? sumDecimals(s.weights) : null;
    };
    expect([shape('new-commercial-area'), shape('new-housing-area'), shape('new-residential-land')]).toEqual([
      '199.2',
      '224.72',
      '99.06',
    ]);
    expect([shape('affordable-raised'), shape('old-community-renovation'), shape('dilapidated-housing')]).toEqual([
      '3646',
      '164',
      '3829',
    ]);
  });

  it('Zhangye county table (003): every county value; printed totals kept as printed', async () => {
    const p = await load('zhangye-15th');
    const county = (id: string) => {
      const i = p.indicators.find((x) => x.id === id)!;
      return [i.target?.value, ...(i.units ?? []).map((u) => `${u.nameZh}${u.value}`)];
    };
    expect(county('county-new-commercial-units')).toEqual([
      '16600',
      '甘州区10840',
      '临泽县840',
      '高台县1670',
      '山丹县2100',
      '民乐县1080',
      '肃南县1080',
    ]);
    expect(county('county-affordable-rental')).toEqual([
      '2446',
      '甘州区200',
      '临泽县150',
      '高台县483',
      '山丹县1200',
      '民乐县361',
      '肃南县52',
    ]);
    expect(county('county-public-rental')).toEqual([
      '1200',
      '甘州区0',
      '临泽县0',
      '高台县200',
      '山丹县1000',
      '民乐县0',
      '肃南县0',
    ]);
    expect(county('old-community-renovation')).toEqual([
      '164',
      '甘州区90',
      '临泽县0',
      '高台县39',
      '山丹县30',
      '民乐县0',
      '肃南县5',
    ]);
    expect(county('old-community-households')).toEqual([
      '42938',
      '甘州区17105',
      '临泽县0',
      '高台县13500',
      '山丹县11536',
      '民乐县0',
      '肃南县797',
    ]);
    expect(county('dilapidated-housing')).toEqual([
      '3919',
      '甘州区220',
      '临泽县177',
      '高台县200',
      '山丹县3322',
      '民乐县0',
      '肃南县0',
    ]);
    expect(county('county-complete-communities')).toEqual([
      '19',
      '甘州区10',
      '临泽县2',
      '高台县2',
      '山丹县3',
      '民乐县1',
      '肃南县1',
    ]);
    expect(county('county-smart-communities')).toEqual([
      '45',
      '甘州区25',
      '临泽县5',
      '高台县4',
      '山丹县6',
      '民乐县3',
      '肃南县2',
    ]);
    expect(county('county-sale-affordable')).toEqual(['0']);
    // the one printed total that is not the sum of its parts
    const units = p.indicators.find((x) => x.id === 'county-new-commercial-units')!.units!;
    expect(sumDecimals(units.map((u) => u.value))).toBe('17610');
  });

  it('Wenzhou 十四五 (002): 11 indicators with [ ] for five-year totals', async () => {
    const p = await load('wenzhou-14th');
    expect(rows(p)).toEqual([
      ['新建商品住房供应套数', '29.75-36.75', 'C', 'expected'],
      ['筹集公共租赁住房和保障性租赁住房', '2.3', 'C', 'binding'],
      ['新开工和续建棚户区改造安置住房（含货币安置）', '7.5', 'C', 'binding'],
      ['城镇住房保障受益覆盖率', '25', 'E', 'expected'],
      ['城镇人均住房面积', '52', 'E', 'expected'],
      ['2000 年前建成的老旧小区改造完成率', '100', 'E', 'expected'],
      ['老旧小区改造个数', '520', 'C', 'expected'],
      ['新建住宅中装配式住宅的比例', '50', 'E', 'expected'],
      ['新建住宅中绿色建筑的比例', '100', 'E', 'expected'],
      ['市区新建商品住宅中全装修的比例', '100', 'E', 'expected'],
      ['住宅小区专业化物业管理覆盖率', '95', 'E', 'expected'],
    ]);
    expect(p.indicators.filter((i) => i.target?.printed?.startsWith('[')).map((i) => i.target?.printed)).toEqual([
      '[7.5]',
      '[520]',
    ]);
  });

  it('Wenzhou 十三五 (002): a finished end-term evaluation, targets and achieved values', async () => {
    const p = await load('wenzhou-13th');
    expect(p.finishedEvaluation).toMatchObject({ year: 2020, kind: 'end-term' });
    expect(
      p.indicators.map((i) => [i.nameZh, i.target?.value, i.actuals?.[0]?.value, i.actuals?.[0]?.printed, i.attribute]),
    ).toEqual([
      ['城镇人均住房建筑面积', '44', '50.7', '50.7 m²', 'expected'],
      ['城市新建商品住房总量', '690', '4092.44', '4092.44 m²（原文单位）', 'expected'],
      ['新增商品住房住宅用地', '345', '1774', '1774 公顷', 'expected'],
      ['保障性住房覆盖面', '23', '23.5', '23.5%', 'binding'],
      ['竣工工程质量验收一次验收合格率', '80', '100', '100%', 'binding'],
      ['新建住宅小区物业管理覆盖率', '100', '100', '100%', 'expected'],
    ]);
    expect(p.indicators[1]?.actuals?.[0]?.note?.level).toBe('warning');
  });

  it('Chongqing 十四五 (004 表1): 9 indicators, 期间 totals and 期末 values', async () => {
    expect(rows(await load('chongqing-14th'))).toEqual([
      ['新筹建保障性租赁住房', '40', 'C', 'binding'],
      ['新筹建市场租赁住房', '15', 'C', 'expected'],
      ['城镇老旧小区改造规模', '10000', 'C', 'expected'],
      ['棚户区改造', '10', 'C', 'expected'],
      ['智慧小区建设项目', '600', 'C', 'expected'],
      ['绿色社区达标率', '90', 'E', 'binding'],
      ['全装修住宅比例', '30', 'E', 'expected'],
      ['城镇绿色建筑占新建建筑比例', '100', 'E', 'binding'],
      ['装配式建筑占新建建筑比例', '30', 'E', 'expected'],
    ]);
  });

  it('Zhengzhou 十五五 (000 子目标 1–3): 9 quantified targets', async () => {
    expect(rows(await load('zhengzhou-15th'))).toEqual([
      ['供应公租房', '1', 'C', null],
      ['供应保障性租赁住房', '5', 'C', null],
      ['供应配售型保障性住房', '0.2', 'C', null],
      ['政府投资的保障性住房出租率', '90', 'E', null],
      ['规划销售新建商品住房', '3200-3600', 'C', null],
      ['新增纳管各类租赁住房', '15', 'C', null],
      ['具有全链条开发运营综合能力的龙头房地产企业', '3-5', 'E', null],
      ['住房品质和服务标杆项目', '25-30', 'C', null],
      ['专业化物业管理覆盖率', '85', 'E', null],
    ]);
  });
});
