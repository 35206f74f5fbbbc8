// The app over real HTTP: the dashboard's typed client (hc<AppType>), static files with SPA fallback, shutdown.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import type { AppType } from './app.js';
import { serve, type RunningServer } from './serve.js';
import { AT, openSampleStore } from './testing/sample-store.js';

let store: Store;
let server: RunningServer;
let webRoot: string;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  webRoot = await mkdtemp(join(tmpdir(), 'anju-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>安居</title><div id="root"></div>');
  await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log("安居")');
  server = await serve({ store, port: 0, now: () => AT, webRoot });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('serve', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('gives the dashboard a typed client: inputs and outputs inferred from the route schemas', async () => {
    const client = hc<AppType>(server.url);
    const res = await client.api.cities[':city'].series.$get({
      param: { city: '620700' },
      query: { measure: 'housing.sales-area', unit: ['620700'], grain: 'year', from: '2024' },
    });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const body = await res.json();
    const values: string[] = body.points.map((p) => `${p.period}=${p.value}`);
    expect(values).toEqual(['2024=84.48', '2025=78.71']);

    const missing = await client.api.cities[':city'].units.$get({ param: { city: '999999' } });
    expect(missing.status).toBe(404);
    if (missing.status === 404) {
      const problem = await missing.json();
      expect(problem.detail).toBe('没有代码为 999999 的城市（先运行 anju init 或 anju demo）');
    }
    const health = await (await client.api.health.$get()).json();
    expect(health.status).toBe('ok');
  });

  it('serves the built dashboard, with index.html for client-side routes and problems under /api', async () => {
    const root = await fetch(`${server.url}/`);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root.text()).toContain('<title>安居</title>');
    const asset = await fetch(`${server.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("安居")');
    const route = await fetch(`${server.url}/units/620702`);
    expect([route.status, (await route.text()).includes('id="root"')]).toEqual([200, true]);
    const escape = await fetch(`${server.url}/..%2f..%2fetc/passwd`);
    expect(await escape.text()).toContain('<title>安居</title>');
    const api = await fetch(`${server.url}/api/units`);
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
  });

  it('never sends a stack trace: an unexpected error is a generic 500 problem, logged on the server', async () => {
    const { createApp } = await import('./app.js');
    const logged: [unknown, string, string | undefined][] = [];
    const broken = createApp({
      store: { ...store, db: undefined as never, engine: store.engine },
      logError: (error, where, reference) => logged.push([error, where, reference]),
    });
    const res = await broken.request('/api/cities');
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    const reference = String(body['reference']);
    expect(reference).toMatch(/^E-\d{8}-[0-9a-f]{6}$/);
    expect(body).toEqual({
      type: 'urn:anju:problem:internal',
      title: '服务器内部错误',
      status: 500,
      detail: `服务器处理请求时出错，已记录日志（参考编号 ${reference}）；请稍后再试，或把参考编号告诉管理员`,
      reference,
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
    // the log gets the error itself under the same reference, so the two can be matched
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toBeInstanceOf(Error);
    expect(logged[0]!.slice(1)).toEqual(['GET /api/cities', reference]);
  });
});
