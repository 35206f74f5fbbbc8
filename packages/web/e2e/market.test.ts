/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// 市场监测 in a real browser: the inventory age stack on the bundled (synthetic) presale-project ledger, the report
// downloads of the chosen period, and the stored warning log with its filters and a unit's history. The API runs
// in-process on a store loaded as `anju demo` does (Zhangye's seed tables plus the synthetic ledger; Wenzhou without
// presale projects for the empty state). Screenshots go to e2e/screenshots/market-*.png.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refreshMarketDerived, serve, type RunningServer } from '@anju/api';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT, openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(webDir, 'dist');
const shots = join(webDir, 'e2e', 'screenshots');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
  }
  mkdirSync(shots, { recursive: true });
  store = await openSampleStore({ cities: ['620700', '330300'], presaleProjects: true });
  // What `anju demo` leaves behind: the stored indicators computed after the publishes.
  await refreshMarketDerived(store, '620700', { now: () => AT });
  server = await serve({ store, port: 0, webRoot: dist, user: 'e2e-analyst', logError: () => {} });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}/${hash}`);
  await page.waitForLoadState('networkidle');
}

async function tableRows(testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

async function choose(testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function shot(name: string, locatorTestId?: string): Promise<void> {
  await page.waitForTimeout(300);
  if (locatorTestId === undefined) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  else await page.getByTestId(locatorTestId).screenshot({ path: join(shots, `${name}.png`) });
}

describe('市场监测 dashboard', () => {
  it('stacks the saleable inventory of each unit in four age buckets, seen on the last day of 2025', async () => {
    await open('#/620700/market');
    const chart = page.getByTestId('market-age-chart');
    await expect.poll(() => chart.getAttribute('data-buckets')).toBe('4');
    expect(await page.getByTestId('market-age-asof').inputValue()).toBe('2025-12-31');
    expect(await page.getByTestId('market-age-synthetic').innerText()).toContain('合成示例数据');
    // The ledger's figures added up by hand (manifest.yaml): 97000 / 49000 / 22000 / 19000 ㎡, pipeline 65000 ㎡.
    expect(await chart.getAttribute('aria-label')).toBe(
      '张掖市 · 2025-12-31 · 1年以内 9.7 · 1—3年 4.9 · 3—5年 2.2 · 5年以上 1.9 · 待取证 6.5',
    );
    const rows = await tableRows('market-age-table');
    expect(rows[0]).toEqual([
      '张掖市',
      '9.70 万平方米',
      '4.90 万平方米',
      '2.20 万平方米',
      '1.90 万平方米',
      '6.50 万平方米',
      '12',
    ]);
    // 甘州区: GZ-01 + GZ-02 young, GZ-03, the shops GZ-04, the stalled GZ-05; GZ-06 not yet approved.
    expect(rows.find((r) => r[0] === '甘州区')).toEqual([
      '甘州区',
      '7.90 万平方米',
      '2.70 万平方米',
      '1.50 万平方米',
      '1.10 万平方米',
      '5.60 万平方米',
      '6',
    ]);
    // Four coloured segments per stack are drawn (green, yellow, orange, red) plus the grey pipeline.
    const fills = await chart
      .locator('svg path')
      .evaluateAll((ps) => [...new Set(ps.map((p) => p.getAttribute('fill')))].filter((f) => f !== null));
    expect(fills).toEqual(expect.arrayContaining(['#73d13d', '#fadb14', '#fa8c16', '#f5222d', '#bfbfbf']));
    await shot('market-age', 'market-age');

    // Dwellings instead of area.
    await page.getByTestId('market-age-basis').getByText('套数').click();
    await expect
      .poll(async () => (await tableRows('market-age-table'))[0]?.slice(1, 6))
      .toEqual(['812 套', '396 套', '160 套', '160 套', '550 套']);
    await page.getByTestId('market-age-basis').getByText('面积').click();
    // Residential only: without the office ML-02 (0.90) and the shops GZ-04 (1.50).
    await choose('market-age-type', '住宅');
    await expect
      .poll(async () => (await tableRows('market-age-table'))[0]?.slice(1, 5))
      .toEqual(['9.70 万平方米', '4.00 万平方米', '0.70 万平方米', '1.90 万平方米']);
    await choose('market-age-type', '全部类型');
    await expect.poll(async () => (await tableRows('market-age-table'))[0]?.[2]).toBe('4.90 万平方米');

    // A segment of the chart explains itself: the red (> 5 年) bar of the city is GZ-05 11000 + SD-01 8000.
    const red = chart.locator('svg path[fill="#f5222d"]').first();
    await red.click({ force: true });
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    expect(await drawer.getByTestId('explain-value').innerText()).toMatch(/^19,000/);
    const text = await drawer.innerText();
    expect(text).toContain('Σ (批准预售面积 − 已售面积)');
    expect(text).toContain('SYN-GZ-05');
    expect(text).toContain('SYN-SD-01');
    await shot('market-age-explain');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // Seen on 30 June 2025: SD-01 (approved 2020-07-01) is not five years old yet, GZ-04 (2022-11-20) not three.
    await page.getByTestId('market-age-asof').fill('2025-06-30');
    await expect
      .poll(async () => (await tableRows('market-age-table'))[0]?.slice(1, 5))
      .toEqual(['9.70 万平方米', '6.40 万平方米', '1.50 万平方米', '1.10 万平方米']);
  });

  it('shows how to load presale projects where a city has none', async () => {
    await open('#/330300/market');
    const empty = page.getByTestId('market-age-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    expect(text).toContain('本市还没有已发布的预售项目台账');
    expect(text).toContain('anju market import-projects 文件 --city 330300 --publish');
    await shot('market-age-empty', 'market-age');
  });

  it('offers only the annual report for yearly data and downloads it as XLSX', async () => {
    await open('#/620700/market');
    const annual = page.getByTestId('report-annual');
    await expect.poll(() => annual.getAttribute('data-period')).toBe('2025');
    expect(await page.getByTestId('report-monthly').getAttribute('data-enabled')).toBe('false');
    expect(await page.getByTestId('report-quarterly').getAttribute('data-enabled')).toBe('false');
    expect(await page.getByTestId('report-monthly-xlsx').isDisabled()).toBe(true);
    await page.getByTestId('report-monthly').hover();
    await expect
      .poll(() => page.locator('.ant-tooltip:visible').innerText())
      .toBe('当前数据按年汇总，月度统计需要月度数据');
    await page.waitForTimeout(300);
    await page.screenshot({
      path: join(shots, 'market-reports.png'),
      clip: { x: 200, y: 60, width: 1240, height: 200 },
    });

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/cities/620700/reports/annual')),
      page.waitForEvent('download'),
      page.getByTestId('report-annual-xlsx').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.url()).toContain('period=2025');
    expect(response.url()).toContain('format=xlsx');
    expect(response.headers()['content-type']).toBe(XLSX_TYPE);
    const size = Number(response.headers()['content-length']);
    expect(size).toBeGreaterThan(5000);
    // The file the browser saved is the whole response: a zip container, as every XLSX is.
    expect(download.suggestedFilename()).toBe('张掖市房地产市场年度评估报告（2025年）.xlsx');
    const saved = await readFile(await download.path());
    expect(saved.length).toBe(size);
    expect(saved.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('reads the stored warning log, filters it by level, and shows a unit’s history', async () => {
    await open('#/620700/market');
    const state = page.getByTestId('warning-log-state');
    await expect.poll(() => state.innerText()).toContain('政策配置 zhangye@');
    expect(await state.innerText()).toContain('全部重算');
    await expect.poll(async () => (await tableRows('market-warnings')).length).toBeGreaterThan(1);
    const all = await tableRows('market-warnings');
    const levels = new Set(all.map((r) => r[3]));
    expect(levels.size).toBeGreaterThan(1);

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
    await page.getByTestId('warning-level').click();
    await page.locator('.ant-select-item-option', { hasText: '黄色' }).click();
    await expect.poll(async () => (await tableRows('market-warnings')).every((r) => r[3] === '黄色')).toBe(true);
    expect((await tableRows('market-warnings')).length).toBe(all.filter((r) => r[3] === '黄色').length);

    // The row explains itself through the per-request route: the rule's evaluation with its profile.
    await page.getByTestId('market-warnings').getByTestId('warning-explain').first().click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    expect(await drawer.innerText()).toContain('zhangye@');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // The city's history: every rule it ever tripped, period by period.
    await page.getByTestId('market-warnings').getByTestId('warning-unit-link-620700').first().click();
    const history = page.getByTestId('warning-history');
    await history.waitFor();
    expect(await history.innerText()).toContain('张掖市：预警历史');
    const cell = history.locator('tr[data-rule="new-home-price-growth"] td[data-period="2024"]');
    expect(await cell.getAttribute('data-level')).toBe('orange');
    expect(await cell.getAttribute('data-state')).toBe('raised');
    await shot('market-warnings', 'warning-log');
    await shot('market');

    // In English: the same cards through i18n (the choice is remembered, so switch back after).
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => state.innerText()).toContain('Last computed');
    expect(await page.getByTestId('market-age').locator('.ant-card-head-title').innerText()).toBe(
      'Inventory by age since presale approval',
    );
    expect(await page.getByTestId('report-annual').innerText()).toContain('Annual evaluation');
    await shot('market-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => state.innerText()).toContain('最近计算');
    expect(pageErrors).toEqual([]);
  });
});
