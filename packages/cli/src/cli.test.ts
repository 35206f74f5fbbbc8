// The `anju` command end to end, in-process: exit codes, Chinese and English output, --json, and that a file with
// errors changes nothing. Runs on the embedded engine (the command chooses PGlite by --data-dir).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from './testing/run-anju.js';

let dir: string;
let dataDir: string;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(dataDir, ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-cli-'));
  dataDir = join(dir, 'data');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju', () => {
  it('init --city loads the bundled units of Zhangye', async () => {
    const r = await anju('init', '--city', '620700');
    expect(r.code).toBe(0);
    expect(r.out).toContain('620700 张掖市');
    const units = await anju('units', '--json');
    const codes = (JSON.parse(units.out) as { unitCode: string }[]).map((u) => u.unitCode);
    expect(codes).toEqual(
      expect.arrayContaining(['620700', '620702', '620721', '620722', '620723', '620724', '620725']),
    );
  });

  it('imports a long CSV, shows the revision as a draft, and publishes it with a reason', async () => {
    const file = join(dir, 'sales.csv');
    await writeFile(
      file,
      '\ufeff单元,期间,指标,类型,数值,单位\n甘州区,2025年12月,销售面积,住宅,"1,250.5",平方米\n肃南县,2025-12,housing.sales-area,住宅,30,万㎡\n',
    );
    const r = await anju('import', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已导入为修订 (\d+)（草稿，待发布）：2 个数值/);
    const rev = /修订 (\d+)/.exec(r.out)![1]!;
    expect((await anju('publish', rev)).code).toBe(2); // no reason
    const pub = await anju('publish', rev, '--reason', '月度数据');
    expect(pub.code).toBe(0);
    expect(pub.out).toContain(`修订 ${rev} 已发布：新增 2`);
    const s = await anju('series', '--measure', 'housing.sales-area', '--dimension', 'residential', '--json');
    const points = (JSON.parse(s.out) as { points: { unitCode: string; value: string }[] }).points;
    // 1,250.5 平方米 = 0.12505 万平方米, exactly
    expect(points.map((p) => [p.unitCode, p.value])).toEqual([
      ['620702', '0.12505'],
      ['620721', '30'],
    ]);
  });

  it('refuses a file with errors, names the place in Chinese (and English), and writes nothing', async () => {
    const before = (await anju('revisions', '--json')).out;
    const file = join(dir, 'bad.csv');
    await writeFile(
      file,
      '单元,期间,指标,数值\n甘州区,2025年13月,销售面积,5\n火星区,2025-11,销售面积,5\n甘州区,2025-10,销售面积,约100\n',
    );
    const r = await anju('import', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('错误：文件 bad.csv，第 2 行，B 列（期间）：无法识别的期间“2025年13月”');
    expect(r.out).toContain('错误：文件 bad.csv，第 3 行，A 列（单元）：未知的单元“火星区”');
    expect(r.out).toContain('错误：文件 bad.csv，第 4 行，D 列（数值）：“约100”不是数值');
    expect(r.out).toContain('导入失败：3 个错误，未写入任何数据');
    const en = await anju('import', file, '--lang', 'en');
    expect(en.out).toContain('error: file bad.csv, row 3, column A (单元): unknown unit "火星区"');
    expect((await anju('revisions', '--json')).out).toBe(before);
  });

  it('dry run reports what would change and writes nothing', async () => {
    const before = (await anju('revisions', '--json')).out;
    const file = join(dir, 'change.csv');
    await writeFile(file, '单元,期间,指标,类型,数值\n肃南县,2025-12,housing.sales-area,住宅,31\n');
    const r = await anju('import', file, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('试导入通过：1 个数值（新增 0，变更 1，不变 0），未写入');
    expect(r.out).toMatch(/620721\s+housing\.sales-area\/residential\s+2025-12\s+30\s+31/);
    expect((await anju('revisions', '--json')).out).toBe(before);
  });

  it('validates a policy profile with located errors', async () => {
    const file = join(dir, 'bad-profile.yaml');
    await writeFile(
      file,
      'id: my-city\nversion: 1.0.0\nnameZh: 某市\nnameEn: Some city\ndescription: 测试\ncityCode: "123456"\nextends: no-such-profile\n',
    );
    const r = await anju('profile', 'validate', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('bad-profile.yaml:7:');
    expect(r.out).toContain('extends');
    expect((await anju('profile', 'show', 'zhangye', '--json')).code).toBe(0);
  });

  it('exports the published view with Chinese headers', async () => {
    const out = join(dir, 'out.csv');
    const r = await anju('export', out, '--measure', 'housing.sales-area');
    expect(r.code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeff单元代码,单元,指标代码,指标,分类,期间,数值,计量单位,修订号,来源');
    expect(text).toContain('620702,甘州区,housing.sales-area,新建商品房销售面积,住宅,2025年12月,0.12505,万平方米');
  });
});
