// `anju market import-projects FILE` and `anju market age --as-of DATE` end to end on the demo city's units (`anju init`
// rather than `anju demo`, whose bundled synthetic ledger would add its projects to the figures below).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

const HEADER = '项目编号,区县,物业类型,预售许可日期,批准预售面积（㎡）,批准预售套数,已售面积（㎡）,已售套数,项目状态';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-market-age-'));
  const init = await anju('init', '--city', '620700');
  if (init.code !== 0) throw new Error(init.err);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju market import-projects / age', () => {
  it('refuses a malformed file naming row and column, and writes nothing', async () => {
    const bad = join(dir, '台账-有错.csv');
    await writeFile(bad, [HEADER, 'A,甘州区,住宅,2024-13-01,10000,100,4000,40,在建'].join('\n'));
    const r = await anju('market', 'import-projects', bad, '--city', '620700');
    expect(r.code).toBe(1);
    expect(r.err).toContain('错误：文件 台账-有错.csv，第 2 行，D 列（预售许可日期）：“2024-13-01”不是有效日期');
    const age = await anju('market', 'age', '--city', '620700', '--as-of', '2025-12-31');
    expect(age.out).toContain('没有已发布的预售项目台账');
  });

  it('imports and publishes a file, then shows the age table in 万㎡ and dwellings', async () => {
    const good = join(dir, '台账.csv');
    await writeFile(
      good,
      [
        HEADER,
        'A,甘州区,住宅,2024-12-31,10000,100,4000,40,在建',
        'B,甘州区,住宅,2024-12-30,20000,200,5000,50,已竣工',
        'D,临泽县,住宅,2020-12-31,9000,90,1000,10,已竣工',
        'F,甘州区,住宅,,12000,100,0,0,在建',
      ].join('\n'),
    );
    const r = await anju('market', 'import-projects', good, '--city', '620700', '--publish', '--reason', '年末台账');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已写入 4 个项目，修订 #\d+（已发布）/);
    const age = await anju('market', 'age', '--city', '620700', '--as-of', '2025-12-31');
    expect(age.code).toBe(0);
    const city = age.out.split('\n').find((l) => l.includes('620700 张掖市'))!;
    // 1年以内: A 0.60 万㎡ / 60; 1—3年: B 1.50 / 150; 3—5年: D 0.80 / 80; pipeline F 1.20 / 100.
    expect(city).toMatch(/0\.60 \/ 60\s+1\.50 \/ 150\s+0\.80 \/ 80\s+0\.00 \/ 0\s+1\.20 \/ 100\s+4$/);
    const json = JSON.parse(
      (await anju('market', 'age', '--city', '620700', '--as-of', '2025-12-31', '--json')).out,
    ) as {
      units: { unitCode: string; buckets: { saleableArea: { value: string } }[] }[];
    };
    expect(json.units.find((u) => u.unitCode === '620702')!.buckets.map((b) => b.saleableArea.value)).toEqual([
      '6000',
      '15000',
      '0',
      '0',
    ]);
    expect((await anju('market', 'age', '--city', '620700')).code).not.toBe(0);
  });
});
