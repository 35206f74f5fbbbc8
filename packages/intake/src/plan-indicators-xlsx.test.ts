// XLSX of a plan's indicator system: Zhangye's bundled plan round-trips unchanged; a target edited in the sheet
// (轮候时间 36 → 30) comes back with a user citation; a table typed by hand in 002's layout reads [ ] as cumulative.
import ExcelJS from 'exceljs';
import { parsePlanDocument, type PlanDocument } from '@anju/core';
import { readBundledPlan } from '@anju/samples';
import { describe, expect, it } from 'vitest';
import { readPlanIndicatorsXlsx, writePlanIndicatorsXlsx } from './plan-indicators-xlsx.js';

async function zhangye(): Promise<PlanDocument> {
  const r = parsePlanDocument((await readBundledPlan('zhangye-15th'))!.data);
  if (!r.ok) throw new Error('zhangye-15th does not validate');
  return r.plan;
}

describe('plan indicator workbook', () => {
  it('writes the seeds’ layout and reads the same plan back', async () => {
    const plan = await zhangye();
    const bytes = await writePlanIndicatorsXlsx(plan);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('指标体系')!;
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '指标分类',
      '指标名称',
      '指标单位',
      '期末值/五年累计值',
      '指标属性',
      '方向',
      '基期值',
      '基期年份',
      '责任单位',
      '关联指标',
      '编号',
    ]);
    expect((ws.getRow(4).values as unknown[]).slice(1, 8)).toEqual([
      '总量和居住水平',
      '城镇住房总量',
      'wan-sqm',
      '3736.08',
      '—',
      '≥',
      '3511.36',
    ]);
    const back = await readPlanIndicatorsXlsx(bytes);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.plan).toEqual(plan);
  });

  it('an edit in the sheet wins and is cited to the file row', async () => {
    const plan = await zhangye();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writePlanIndicatorsXlsx(plan)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('指标体系')!;
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(11).value === 'waiting-time') row = n;
    });
    ws.getRow(row).getCell(4).value = '30';
    const back = await readPlanIndicatorsXlsx(Buffer.from(await wb.xlsx.writeBuffer()), 'zhangye.xlsx');
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const w = back.plan.indicators.find((i) => i.id === 'waiting-time')!;
    expect(w.target).toEqual({
      kind: 'end-of-period',
      value: '30',
      source: { seed: 'user', section: `zhangye.xlsx 第 ${row} 行` },
    });
    expect(w.direction).toBe('at-most');
    // everything else is as it was
    expect(back.plan.indicators.find((i) => i.id === 'dilapidated-housing')).toEqual(
      plan.indicators.find((i) => i.id === 'dilapidated-housing'),
    );
  });

  it('reads a table typed in 002’s layout without the hidden document', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标体系');
    ws.addRow(['温州市住房发展“十四五”规划主要指标']);
    ws.addRow(['规划期 2021—2025年；基期 2020年；城市 330300；规划编号 wenzhou-typed']);
    ws.addRow(['指标分类', '指标名称', '指标单位', '期末值/五年累计值', '指标属性']);
    ws.addRow(['住房保障', '新开工和续建棚户区改造安置住房（含货币安置）', 'wan-dwelling', '[7.5]', '约束性']);
    ws.addRow(['', '城镇住房保障受益覆盖率', 'percent', '25', '预期性']);
    ws.addRow(['新建商品住房供应规模', '新建商品住房供应套数', 'wan-dwelling', '[29.75-36.75]', '预期性']);
    const r = await readPlanIndicatorsXlsx(Buffer.from(await wb.xlsx.writeBuffer()), 'typed.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.plan.id, r.plan.cityCode, r.plan.startYear, r.plan.endYear, r.plan.baseYear]).toEqual([
      'wenzhou-typed',
      '330300',
      2021,
      2025,
      2020,
    ]);
    expect(
      r.plan.indicators.map((i) => [
        i.categoryZh,
        i.target?.kind,
        i.target?.value ?? `${i.target?.min}-${i.target?.max}`,
        i.attribute,
        i.direction,
      ]),
    ).toEqual([
      ['住房保障', 'cumulative', '7.5', 'binding', 'at-least'],
      ['住房保障', 'end-of-period', '25', 'expected', 'at-least'],
      ['新建商品住房供应规模', 'cumulative', '29.75-36.75', 'expected', 'range'],
    ]);
  });
});
