/// <reference lib="dom" />
// Accounts mode in a real browser: the sign-in page, a wrong password, the current user and role in the header, the
// user management page (a new account's password shown once), the audit trail with its XLSX export, sign-out; and
// the 本机模式 label in local mode. Screenshots go to e2e/screenshots/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type RunningServer } from '@anju/api';
import type { Store } from '@anju/store';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../api/src/auth/account-service.js';
import { AT, openSampleStore } from '../../api/src/testing/sample-store.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(webDir, 'dist');
const shots = join(webDir, 'e2e', 'screenshots');
const PASSWORD = 'e2e-Admin-Pass-2026';

let store: Store;
let accounts: RunningServer;
let local: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
  }
  mkdirSync(shots, { recursive: true });
  store = await openSampleStore({ cities: ['620700'], datasets: false });
  await addAccount(
    store,
    { login: 'chief', displayName: '王科长', role: 'administrator', password: PASSWORD },
    'e2e',
    AT,
  );
  accounts = await serve({ store, port: 0, webRoot: dist, auth: { mode: 'accounts' }, logError: () => {} });
  local = await serve({ store, port: 0, webRoot: dist, user: 'e2e-local', logError: () => {} });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await accounts?.close();
  await local?.close();
  await store?.close();
});

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

describe('accounts mode', () => {
  it('asks for a sign-in, refuses a wrong password, then shows the user and role', async () => {
    await page.goto(`${accounts.url}/#/620700/overview`);
    await page.getByTestId('login-name').fill('chief');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await shot('login');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('current-user').innerText()).toBe('王科长');
    expect(await page.getByTestId('current-role').innerText()).toBe('系统管理员');
    expect(await page.getByTestId('menu-users').innerText()).toBe('用户与角色');
  });

  it('creates an account on the users page and shows its password once', async () => {
    await page.goto(`${accounts.url}/#/620700/users`);
    await expect.poll(() => page.getByTestId('users-table').innerText()).toContain('chief');
    await page.getByTestId('add-user').click();
    await page.getByTestId('new-login').fill('reader1');
    await page.getByTestId('new-name').fill('只读用户一');
    await page.getByTestId('create-user').click();
    await expect.poll(() => page.getByTestId('shown-password').innerText()).toMatch(/^[\w-]{20}$/);
    await shot('users');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('users-table').innerText()).toContain('只读用户一');
  });

  it('lists the audit trail with filters and exports it as XLSX', async () => {
    await page.goto(`${accounts.url}/#/620700/audit-trail`);
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-table').innerText()).toContain('user.create');
    const text = await page.getByTestId('audit-table').innerText();
    expect(text).toContain('session.login');
    expect(text).toContain('user reader1');
    await page.getByTestId('audit-actor').fill('chief');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-table').innerText()).not.toContain('e2e\t');
    await shot('audit-trail');
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe('/api/audit-trail.xlsx?actor=chief');
    const download = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
    }, href!);
    expect(download.status).toBe(200);
    expect(download.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(download.bytes).toBeGreaterThan(4000);
  });

  it('signs out: the sign-in page is back and the old session opens nothing', async () => {
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('login-submit').isVisible()).toBe(true);
    const status = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(status).toBe(401);
  });
});

describe('local mode', () => {
  it('needs no sign-in and says so in the header', async () => {
    await page.goto(`${local.url}/#/620700/overview`);
    await expect.poll(() => page.getByTestId('local-mode').innerText()).toBe('本机模式 · e2e-local');
    await shot('local-mode');
  });
});
