/// <reference lib="dom" />
// The 审核 page in a real browser: upload three of 003's tables with their rules, see the findings marked on the
// tables (the 合计 16600 cell red, its tooltip with printed / computed / cause) and in the findings list.
// The dashboard is built into a temporary directory of its own, so other browser tests' dist is left alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type RunningServer } from '@anju/api';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const samples = fileURLToPath(new URL('../../samples/audit/', import.meta.url));
const shots = join(webDir, 'e2e', 'screenshots');
const dist = mkdtempSync(join(tmpdir(), 'anju-web-audit-'));

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: webDir, stdio: 'ignore' });
  mkdirSync(shots, { recursive: true });
  store = await openSampleStore({ cities: ['620700'] });
  server = await serve({ store, port: 0, webRoot: dist, user: 'e2e-analyst', logError: () => {} });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('审核 page', () => {
  it('marks the findings on the uploaded tables and lists them', async () => {
    await page.goto(`${server.url}/#/620700/audit`);
    await page.waitForLoadState('networkidle');
    await expect(page.getByTestId('menu-audit').innerText()).resolves.toBe('审核');
    const inputs = page.locator('input[type=file]');
    await inputs
      .nth(0)
      .setInputFiles(
        ['003-county-plan.csv', '003-indicator-system.csv', '003-text-demand.csv'].map((f) => samples + f),
      );
    await inputs.nth(1).setInputFiles(samples + 'zhangye-003.rules.yaml');
    await page.getByTestId('audit-run').click();
    await page.getByTestId('audit-summary').waitFor();
    expect(await page.getByTestId('audit-summary').innerText()).toMatch(/表格\s*3[\s\S]*问题\s*6/);

    const total = page.getByTestId('audit-cell-003-county-plan-B12');
    expect(await total.getAttribute('data-status')).toBe('mismatch');
    expect(await total.innerText()).toBe('16600');
    // a consistent total in the same row is marked as checked
    expect(await page.getByTestId('audit-cell-003-county-plan-I12').getAttribute('data-status')).toBe('ok');
    await total.hover();
    const tip = page.locator('.ant-tooltip-container').filter({ hasText: '17610' });
    await tip.waitFor();
    expect(await tip.innerText()).toContain('印出 16600 · 算得 17610 · 差 -1010');

    const rows = page.getByTestId('audit-findings').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(6);
    expect(await rows.first().innerText()).toContain('16600');
    await page.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows unchecked cells in their own colour with the reason, and a bound with its verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anju-audit-bound-'));
    writeFileSync(
      join(dir, 'bound.csv'),
      '项目,数值,单位\n达标率,不低于70,%\n达标项目,78,个\n项目总数,110,个\n住宅用地供应,约1000—1200,公顷\n',
    );
    writeFileSync(
      join(dir, 'bound.rules.yaml'),
      "version: 1\ntables:\n  - match: bound\n    derived:\n      - { line: 达标率, formula: '{达标项目} / {项目总数} * 100' }\n",
    );
    await page.goto(`${server.url}/#/620700/audit`);
    await page.reload();
    await page.waitForLoadState('networkidle');
    const inputs = page.locator('input[type=file]');
    await inputs.nth(0).setInputFiles([join(dir, 'bound.csv')]);
    await inputs.nth(1).setInputFiles(join(dir, 'bound.rules.yaml'));
    await page.getByTestId('audit-run').click();
    await page.getByTestId('audit-table-bound').waitFor();
    expect(await page.getByTestId('audit-summary-line').innerText()).toBe('核对 1 处，未核对 1 处，发现 0 处问题');
    const bound = page.getByTestId('audit-cell-bound-B2');
    expect(await bound.getAttribute('data-status')).toBe('ok');
    await bound.hover();
    const verdict = page.locator('.ant-tooltip-container').filter({ hasText: '下限' });
    await verdict.waitFor();
    expect(await verdict.innerText()).toContain('下限 ≥70：按 {达标项目} / {项目总数} * 100 算得 70.91，满足');
    await page.mouse.move(0, 0);
    const range = page.getByTestId('audit-cell-bound-B5');
    expect(await range.getAttribute('data-status')).toBe('unchecked');
    await range.hover();
    const tip = page.locator('.ant-tooltip-container').filter({ hasText: '范围' });
    await tip.waitFor();
    expect(await tip.innerText()).toContain('未核对：范围“约1000—1200”，不是一个数，未作为单个数核对');
    rmSync(dir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('proposes the checks of a 项目 / 数值 / 单位 list, and an accepted one is checked', async () => {
    await page.goto(`${server.url}/#/620700/audit`);
    await page.reload();
    await page.waitForLoadState('networkidle');
    await page
      .locator('input[type=file]')
      .nth(0)
      .setInputFiles([join(samples, 'corpus', 'beijing-2011-land.csv')]);
    await page.getByTestId('audit-run').click();
    await page.getByTestId('audit-proposals').waitFor();
    expect(await page.getByTestId('audit-proposal').first().innerText()).toContain(
      '保障性住房用地占住宅用地比例 = {保障性住房用地} / {计划供应住宅用地} * 100',
    );
    expect(await page.getByTestId('audit-cell-beijing-2011-land-B7').getAttribute('data-status')).toBe('');
    await page.getByTestId('audit-accept-0').click();
    await page.getByTestId('audit-accepted').waitFor();
    await expect.poll(() => page.getByTestId('audit-cell-beijing-2011-land-B7').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('audit-proposal').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
