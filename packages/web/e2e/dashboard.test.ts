/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The dashboard in a real browser (Debian chromium driven by playwright-core) against the API served in-process on
// a store loaded with the bundled seed tables. Each page's screenshot is written to e2e/screenshots/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type RunningServer } from '@anju/api';
import { samplesDataDir } from '@anju/samples';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(webDir, 'dist');
const shots = join(webDir, 'e2e', 'screenshots');
const NO_DATA_GREY = 'rgb(232, 232, 232)';

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** The revision the corrected file was written as (read from the import page). */
let committedRevision = '';

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
  }
  mkdirSync(shots, { recursive: true });
  store = await openSampleStore();
  server = await serve({ store, port: 0, webRoot: dist, user: 'e2e-analyst', logError: () => {} });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The API's Content-Security-Policy must let the dashboard run: a blocked script, style or image is an error here.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

/** Loads the dashboard afresh at a route (a hash change alone would keep the page's state). */
async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}/${hash}`);
  await page.waitForLoadState('networkidle');
}

async function tileState(code: string): Promise<{ value: string | null; background: string; text: string }> {
  const tile = page.getByTestId(`tile-${code}`);
  return {
    value: await tile.getAttribute('data-value'),
    background: await tile.evaluate((el) => getComputedStyle(el).backgroundColor),
    text: (await tile.innerText()).replace(/\s+/g, ' '),
  };
}

async function chooseMeasure(name: string): Promise<void> {
  await page.getByTestId('measure-select').click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-item-option', { hasText: name }).first().click();
}

async function shot(name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

/** The text of each cell of a table's body rows. */
async function tableRows(testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

describe('dashboard', () => {
  it('opens the overview: tiles with Chinese names and values with units, headline cards for 人房地钱', async () => {
    await open('#/620700/overview');
    await expect.poll(async () => (await tileState('620702')).value).toBe('200.87');
    const ganzhou = await tileState('620702');
    expect(ganzhou.text).toBe('甘州区 200.87 万平方米');
    // 肃南 4.96 is the smallest inventory, 甘州区 200.87 the largest: lightest and darkest tiles.
    const sunan = await tileState('620721');
    expect(sunan.text).toBe('肃南裕固族自治县 4.96 万平方米');
    expect(sunan.background).toBe('rgb(239, 243, 255)');
    expect(ganzhou.background).toBe('rgb(8, 48, 107)');
    await expect.poll(() => page.getByTestId('headline-housing').innerText()).toContain('370.87 万平方米');
    expect(await page.getByTestId('tile-legend').innerText()).toContain('4.96 万平方米');
    await shot('overview');

    // The English switch: names, units and the menu follow; the choice is remembered, so switch back after.
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await tileState('620702')).text).toBe('Ganzhou District 200.87 10k m²');
    expect(await page.getByTestId('menu-overview').innerText()).toBe('Overview');
    await shot('overview-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await tileState('620702')).text).toBe('甘州区 200.87 万平方米');
  });

  it('changes the measure and then the period, and the tiles change colour and value', async () => {
    const before = await tileState('620723');
    expect(before.value).toBe('18.08');
    await chooseMeasure('常住人口');
    await expect.poll(async () => (await tileState('620702')).value).toBe('50.89');
    const after = await tileState('620723');
    expect(after.value).toBe('11.16');
    expect(after.text).toBe('临泽县 11.16 万人');
    expect(after.background).not.toBe(before.background);
    await shot('overview-population');

    // Back to inventory (2021–2025 for the city, 2025 for the counties); one step left on the slider is 2024.
    await chooseMeasure('商品房库存（可售）面积');
    await expect.poll(async () => (await tileState('620702')).value).toBe('200.87');
    await page.getByTestId('period-slider').locator('.ant-slider-handle').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await tileState('620702')).value).toBe('');
    const y2024 = await tileState('620702');
    expect(y2024.background).toBe(NO_DATA_GREY);
    expect(y2024.text).toBe('甘州区 无数据');
  });

  it('市场监测: 2025 tiles by destocking class, 003 printed 20 beside computed 28.5, an explanation', async () => {
    await open('#/620700/market');
    await expect.poll(() => page.getByTestId('market-tile-620702').getAttribute('data-class')).toBe('above');
    // The county table prints cycles but no sales: Anju cannot compute them and classes the printed ones (12–18).
    const classes = await page
      .getByTestId('market-tiles')
      .locator('[data-class]')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-testid'),
          e.getAttribute('data-class'),
          e.getAttribute('data-by-printed'),
        ]),
      );
    expect(classes).toEqual([
      ['market-tile-620702', 'above', 'true'],
      ['market-tile-620723', 'within', 'true'],
      ['market-tile-620724', 'within', 'true'],
      ['market-tile-620725', 'above', 'true'],
      ['market-tile-620722', 'above', 'true'],
      ['market-tile-620721', 'no-data', 'false'],
    ]);
    expect((await page.getByTestId('market-tile-620702').innerText()).replace(/\s+/g, ' ')).toBe(
      '甘州区 无法计算（缺销售数据） 公布值 19 个月 · 偏长（从严控制供地）（按公布值）',
    );
    expect(await page.getByTestId('market-city-cycle').innerText()).toBe('张掖市：计算值 28.5 个月 · 公布值 20 个月');
    // 003's city table: computed beside printed for every year.
    const pairs = (await tableRows('market-cycle-table')).map((r) => r.slice(0, 3));
    expect(pairs).toEqual([
      ['2021年', '24.6 个月', '14 个月'],
      ['2022年', '29.1 个月', '28 个月'],
      ['2023年', '34.2 个月', '23 个月'],
      ['2024年', '30.1 个月', '24 个月'],
      ['2025年', '28.5 个月', '20 个月'],
    ]);
    expect(await page.getByTestId('market-trend').getAttribute('aria-label')).toBe(
      '张掖市 2025年 计算值 28.5 公布值 20',
    );
    // Price watch: 2024's +10.65 % is beyond the 4 % cap and flagged.
    const prices = await tableRows('market-prices');
    expect(prices.find((r) => r[2] === '2024年')?.slice(3)).toEqual(['10.65%', '4.00%', '超过上限']);
    // The stored warning log: this store was loaded before the API started, so compute it once from the page.
    await page.getByTestId('warning-recompute').click();
    await expect.poll(() => page.getByTestId('warning-log-state').innerText()).toContain('全部重算');
    // Warnings filtered to 橙色: the 2024 price warning only.
    await page.getByTestId('warning-level').click();
    await page.locator('.ant-select-item-option', { hasText: '橙色' }).click();
    await expect.poll(async () => (await tableRows('market-warnings')).length).toBe(1);
    expect((await tableRows('market-warnings'))[0]?.slice(0, 8)).toEqual([
      '张掖市',
      '2024年',
      '新建商品住房价格同比涨幅超过 4%',
      '橙色',
      '新发',
      '10.65%',
      '4.00%',
      '2024年',
    ]);
    await shot('market');

    // The computed 28.5 explains itself: inventory ÷ average monthly sales, with the window and the profile.
    await page.getByTestId('market-city-cycle').locator('.anju-number').first().click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    expect(await drawer.getByTestId('explain-value').innerText()).toMatch(/^28\.54/);
    const text = await drawer.innerText();
    expect(text).toContain('期末可售库存 ÷ 近 12 个月月均销售');
    expect(text).toContain('zhangye@1.0.0');
    await shot('market-explain', false);
    await page.keyboard.press('Escape');
  });

  it('opens a unit from its tile and shows its series charts', async () => {
    await open('#/620700/overview');
    await page.getByTestId('tile-620702').click();
    await page.waitForURL(/#\/620700\/unit\/620702$/);
    const card = page.getByTestId('series-housing.inventory-area');
    await card.waitFor();
    await expect.poll(() => card.getByTestId('series-chart').locator('svg path').count()).toBeGreaterThan(2);
    expect(await card.getByTestId('series-chart').getAttribute('aria-label')).toBe('甘州区 2025年 200.87 万平方米');
    await shot('unit');
  });

  it('uploads a file with errors and shows each error located by file, row and column', async () => {
    await open('#/620700/import');
    const bad = [
      '单元,期间,指标,类型,数值,单位',
      '甘州区,2026,商品房库存（可售）面积,,21O.5,万平方米',
      '金塔县,2026,商品房库存（可售）面积,,5,万平方米',
    ].join('\n');
    await page
      .getByTestId('import-file')
      .locator('input[type=file]')
      .setInputFiles({ name: '库存-有错.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByTestId('dry-run').click();
    await page.getByTestId('import-errors').waitFor();
    const rows = await tableRows('import-errors');
    // 文件 / 工作表 / 行 / 列 / 表头 / 说明
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['库存-有错.csv', '—', '2', 'E'],
      ['库存-有错.csv', '—', '3', 'A'],
    ]);
    expect(rows[0]![5]).toContain('21O.5');
    expect(rows[1]![5]).toContain('金塔县');
    await shot('import-errors');
  });

  it('dry-runs a seed table with its mapping and shows the printed-total warning with both numbers', async () => {
    await open('#/620700/import');
    await page
      .getByTestId('import-file')
      .locator('input[type=file]')
      .setInputFiles(join(samplesDataDir, 'zhangye/003-plan-by-county.xlsx'));
    await page
      .getByTestId('import-mapping')
      .locator('input[type=file]')
      .setInputFiles({
        name: '003-plan-by-county.mapping.yaml',
        mimeType: 'application/yaml',
        buffer: await readFile(join(samplesDataDir, 'zhangye/003-plan-by-county.mapping.yaml')),
      });
    await page.getByTestId('dry-run').click();
    await page.getByTestId('import-warnings').waitFor();
    const warnings = (await tableRows('import-warnings')).map((r) => r.join(' | '));
    expect(warnings.some((w) => w.includes('16600') && w.includes('17610'))).toBe(true);
    await shot('import-warnings');
  });

  it('imports a corrected file, publishes it, and the new value is on the unit chart', async () => {
    await open('#/620700/import');
    const good = [
      '单元,期间,指标,类型,数值,单位',
      '甘州区,2026,商品房库存（可售）面积,,210.5,万平方米',
      '临泽县,2026,商品房库存（可售）面积,,17.9,万平方米',
    ].join('\n');
    await page
      .getByTestId('import-file')
      .locator('input[type=file]')
      .setInputFiles({ name: '库存-更正.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByTestId('import-reason').fill('2026年库存月报（更正）');
    await page.getByTestId('commit').click();
    await page.getByTestId('commit-result').waitFor();
    await shot('import-committed');
    const written = await page.getByTestId('import-revision').innerText();
    expect(written).toMatch(/生成的修订 #\d+ 已发布/);
    committedRevision = /#(\d+)/.exec(written)![1]!;
    expect((await tableRows('diff-table')).map((r) => [r[1], r[4], r[6]])).toEqual([
      ['甘州区', '2026年', '210.5 万平方米'],
      ['临泽县', '2026年', '17.9 万平方米'],
    ]);

    await open('#/620700/unit/620702');
    const chart = page.getByTestId('series-housing.inventory-area').getByTestId('series-chart');
    await expect.poll(() => chart.getAttribute('aria-label')).toBe('甘州区 2026年 210.5 万平方米');
    await expect.poll(() => chart.locator('svg text', { hasText: '210.5 万平方米' }).count()).toBe(1);
  });

  it('opens the explanation drawer from a number: value, source cell, revision who / when / why, history', async () => {
    await page.getByTestId('series-housing.inventory-area').locator('.anju-number').click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    expect(await drawer.getByTestId('explain-value').innerText()).toBe('210.5 万平方米');
    const cell = (await drawer.getByTestId('explain-cell').first().innerText()).replace(/\s+/g, ' ');
    expect(cell).toBe(`文件 库存-更正.csv 行 2 列 E 修订 #${committedRevision}`);
    const revision = await drawer.getByTestId('explain-revision').innerText();
    expect(revision).toContain('e2e-analyst');
    expect(revision).toContain('2026年库存月报（更正）');
    await shot('explain', false);
    await page.keyboard.press('Escape');
  });

  it('lists revisions with their diff, and shows policy profiles with seed citations', async () => {
    await open('#/620700/revisions');
    const rows = await tableRows('revisions-table');
    expect(rows[0]![4]).toBe('2026年库存月报（更正）');
    await page.getByTestId('revisions-table').locator('tbody tr.ant-table-row').first().click();
    await page.getByTestId('revision-detail').getByTestId('diff-table').waitFor();
    await shot('revisions');

    await open('#/620700/profiles');
    const section = page.getByTestId('profile-section-destocking');
    await section.waitFor();
    const text = await section.innerText();
    expect(text).toContain('去化周期合理区间');
    expect(text).toContain('≥12，≤18');
    expect(text).toContain('种子文件 003 · 第一章第二节3');
    await shot('profiles');
    expect(pageErrors).toEqual([]);
  });

  it('以人定房·以房定地: edit a scenario copy and the comparison follows; land classes per county with the reasoning', async () => {
    await open('#/620700/planning');
    const diff = page.getByTestId('scenario-diff-perCapitaNewFloorAreaWanSqm');
    await expect.poll(() => diff.innerText()).toBe('0.00');
    // 003's base: 65.45 万人 × 57.08 ㎡ (+ depreciation) − 3511.36 → 575.662 万㎡ by the per-capita chain.
    expect(await page.getByTestId('scenario-base-perCapitaNewFloorAreaWanSqm').innerText()).toBe('575.66');
    expect(await page.getByTestId('param-perCapitaAreaTargetSqm').inputValue()).toBe('57.08');
    // The household method's 0.00 is explained on the spot: 65.45 ÷ 2.62 households need less stock than 3511.36.
    expect(await page.getByTestId('scenario-base-householdNewFloorAreaWanSqm').innerText()).toBe('0.00');
    expect(await page.getByTestId('scenario-base-householdNewFloorAreaWanSqm-note').getAttribute('title')).toMatch(
      /^户数法新增需求为负（-\d+/,
    );
    // 56 ㎡ per resident instead of 57.08: 65.45 × (56 − 57.08) = −70.686 万㎡.
    await page.getByTestId('param-perCapitaAreaTargetSqm').fill('56');
    await expect.poll(() => diff.innerText()).toBe('-70.69');
    expect(await page.getByTestId('scenario-variant-perCapitaNewFloorAreaWanSqm').innerText()).toBe('504.98');
    await page.getByTestId('scenario-variant-perCapitaNewFloorAreaWanSqm').click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    expect(await drawer.getByTestId('explain-value').innerText()).toMatch(/^504\.976/);
    expect(await drawer.innerText()).toContain('56');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // 以房定地 for 2025 by each county's printed residential cycle: 甘州区 19 months → strict control.
    const ganzhou = page.getByTestId('land-tile-620702');
    await expect.poll(() => ganzhou.getAttribute('data-class')).toBe('strict-control');
    const classes = await page
      .getByTestId('land-tile-map')
      .locator('[data-class]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-class')]));
    // Printed cycles above 18 months get strict control, 12–18 stable; 肃南 prints none and has no sales: no data.
    expect(classes).toEqual([
      ['land-tile-620702', 'strict-control'],
      ['land-tile-620723', 'stable-or-increase'],
      ['land-tile-620724', 'stable-or-increase'],
      ['land-tile-620725', 'strict-control'],
      ['land-tile-620722', 'strict-control'],
      ['land-tile-620721', 'no-data'],
    ]);
    expect((await ganzhou.innerText()).replace(/\s+/g, ' ')).toBe(
      '甘州区 从严控制 去化周期 19 个月（公布值） 上限 = 当年盘活存量住宅用地',
    );
    expect((await page.getByTestId('land-tile-620721').innerText()).replace(/\s+/g, ' ')).toBe(
      '肃南裕固族自治县 无去化周期 缺少去化周期，无法分类',
    );
    await shot('planning');
    await ganzhou.click();
    await drawer.getByTestId('explain-value').waitFor();
    const text = await drawer.innerText();
    expect(await page.locator('.ant-drawer-title').innerText()).toContain('甘州区 · 以房定地 · 2025年');
    // The cap is the stock land revitalised this year, which no table gives: the branch and its source say so.
    expect(await drawer.getByTestId('explain-value').innerText()).toBe('无法计算');
    expect(text).toContain('去化周期 19 个月 > 18 且 ≤ 36 → strict-control');
    expect(text).toContain('盘活多少、供应多少');
    await shot('planning-explain', false);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
