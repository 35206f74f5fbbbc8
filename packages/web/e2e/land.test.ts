/// <reference lib="dom" />
// The 土地出让 page in a real browser: it renders, and a valuation shows its component breakdown
// (22500 − 1800 − 600 − 4200 − 2700 = 13200 元/㎡) and the auction console replays the example log.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type RunningServer } from '@anju/api';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(webDir, 'dist');
const shots = join(webDir, 'e2e', 'screenshots');

let store: Store;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const built =
    existsSync(join(dist, 'assets')) && readdirSync(join(dist, 'assets')).some((f) => f.startsWith('land-page-'));
  if (!built) execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
  mkdirSync(shots, { recursive: true });
  store = await openSampleStore();
  server = await serve({ store, port: 0, webRoot: dist, user: 'e2e-land', logError: () => {} });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

/** The text of each cell of a table's body rows. */
async function tableRows(testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

describe('土地出让 page', () => {
  it('computes a residual valuation with its breakdown and replays the example auction', async () => {
    await page.goto(`${server.url}/#/620700/land`);
    await page.getByTestId('land-page').waitFor();
    expect(await page.getByTestId('menu-land').innerText()).toBe('土地出让');
    await page.getByTestId('land-compute').click();
    await page.getByTestId('land-breakdown').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await tableRows('land-breakdown')).toEqual([
      ['+ 销售参考房价', '22500'],
      ['- 税费', '1800'],
      ['- 财务成本', '600'],
      ['- 建安成本', '4200'],
      ['- 合理利润', '2700'],
      ['= 楼面价', '13200'],
    ]);
    expect(await page.getByTestId('land-floor-price').innerText()).toBe('13200');

    await page.getByTestId('auction-replay').click();
    await page.getByTestId('auction-winner').waitFor();
    // A reaches the cap 12000; B bids 100 % self-held; A's 1500 m² is the only floor-area bid.
    expect(await page.getByTestId('auction-winner').innerText()).toBe(
      'A · 12000 万元 · 竞配建面积 · 自持比例（%） 100 · 配建面积（㎡） 1500',
    );
    await page.screenshot({ path: join(shots, 'land.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
