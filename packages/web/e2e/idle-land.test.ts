/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// 闲置土地 on the planning page in a real browser: the bundled synthetic Zhangye parcel ledger published in the store,
// assessed by the server on 2025-12-31 (every status; the fee exactly one year after the agreed start), the fee's
// explanation in the drawer, and the day before. Screenshot: e2e/screenshots/planning-idle-land.png.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type RunningServer } from '@anju/api';
import { importLandParcels } from '@anju/intake';
import { samplesDataDir } from '@anju/samples';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT, openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(webDir, 'dist');
const shots = join(webDir, 'e2e', 'screenshots');

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
  store = await openSampleStore({ cities: ['620700'] });
  const r = await importLandParcels(store, join(samplesDataDir, 'zhangye/synthetic-land-parcels.csv'), {
    cityCode: '620700',
    fileLabel: 'zhangye/synthetic-land-parcels.csv',
    createdBy: 'anju-demo',
    reason: '合成示例数据（非真实地块）',
    now: AT,
    kind: 'demo',
    synthetic: true,
    publish: true,
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.messageEn).join('; '));
  server = await serve({ store, port: 0, webRoot: dist, user: 'e2e-analyst', logError: () => {} });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

async function tableRows(testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

describe('闲置土地 on the planning page', () => {
  it('lists every stored parcel with its status on 2025-12-31 and explains the fee', async () => {
    await page.goto(`${server.url}/#/620700/planning`);
    await page.getByTestId('idle-land-asof').waitFor();
    await page.getByTestId('idle-land-asof').fill('2025-12-31');
    await expect
      .poll(async () => (await page.getByTestId('idle-land-totals').textContent()) ?? '')
      .toBe('共 8 宗；应征闲置费合计 570 万元；应收回面积 8000 ㎡');
    expect(await page.getByTestId('idle-land-synthetic').innerText()).toBe('含合成示例数据（非真实地块），仅供演示');
    const rows = await tableRows('idle-land-table');
    expect(rows.map((r) => [r[0], r[1], r[6], r[7]])).toEqual([
      ['SYN-GZ-01', '甘州区', '按期开工', '0'],
      ['SYN-GZ-02', '甘州区', '逾期开工', '77'],
      ['SYN-GZ-03', '甘州区', '未到约定开工日', '0'],
      ['SYN-LZ-01', '临泽县', '逾期未开工（不满一年）', '138'],
      ['SYN-GT-01', '高台县', '逾期未满一年，已承诺开工，可重新约定', '225'],
      ['SYN-SD-01', '山丹县', '满一年未开工：征收土地闲置费', '365'],
      ['SYN-ML-01', '民乐县', '满一年未开工：征收土地闲置费', '564'],
      ['SYN-SN-01', '肃南裕固族自治县', '满两年未开工：无偿收回', '731'],
    ]);
    // SYN-SD-01: agreed 2024-12-31, one full year on 2025-12-31 → 20 % × 1650 = 330 万元.
    expect(rows[5]?.slice(2, 6)).toEqual(['住宅', '1.5', '2024-12-31', '—']);
    expect(rows[5]?.slice(8)).toEqual(['330 万元', '2025-12-31', '2026-12-31']);
    await page.getByTestId('idle-land-card').screenshot({ path: join(shots, 'planning-idle-land.png') });

    await page.getByTestId('idle-land-table').locator('tbody tr.ant-table-row').nth(5).getByRole('button').click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByTestId('explain-value').waitFor();
    const text = await drawer.innerText();
    expect(text).toContain('出让价款 × 0.2（满 1 年未开工，2025-12-31 起）');
    expect(text).toContain('2024-12-31');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // The day before: SYN-SD-01 is only overdue; SYN-SN-01 owes 20 % × 480 = 96 instead of being reclaimed.
    await page.getByTestId('idle-land-asof').fill('2025-12-30');
    await expect
      .poll(async () => (await page.getByTestId('idle-land-totals').textContent()) ?? '')
      .toBe('共 8 宗；应征闲置费合计 336 万元；应收回面积 0 ㎡');
    expect(await page.getByTestId('idle-status-SYN-SD-01').innerText()).toBe('逾期未开工（不满一年）');
    expect(pageErrors).toEqual([]);
  });
});
