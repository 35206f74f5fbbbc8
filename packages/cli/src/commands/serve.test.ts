// `anju serve` keeps the store open while it serves, and closes server and store on SIGINT / SIGTERM.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, type Context } from '../context.js';
import { serveCommand } from './serve.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-serve-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(lines: string[]): Context {
  // Always the embedded store in a temporary directory, whatever engine the suite runs on.
  const base = makeContext({ dataDir: join(dir, 'data') }, { ANJU_USER: 'tester' });
  return { ...base, out: (text) => void lines.push(text) };
}

describe('anju serve', () => {
  it('serves until SIGTERM, then stops the server and closes the store', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const running = serveCommand(context(lines), { port: '0' }, signals);
    for (let i = 0; i < 200 && lines.length === 0; i++) await new Promise((done) => setTimeout(done, 25));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(lines[0] ?? '')?.[0];
    expect(lines[0]).toMatch(/^安居已启动：http:\/\/127\.0\.0\.1:\d+（数据：.*，pglite）；按 Ctrl\+C 停止$/);
    const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string; engine: string };
    expect(health).toMatchObject({ status: 'ok', engine: 'pglite' });
    const cities = (await (await fetch(`${url}/api/cities`)).json()) as { cities: unknown[] };
    expect(cities.cities).toEqual([]);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(lines.at(-1)).toBe('服务已停止');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('answers an unexpected failure with a reference, logs the stack under the data directory, prints one line', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const base = context(lines);
    // A store whose queries cannot run: every read of the city list fails inside the server.
    const broken: Context = {
      ...base,
      err: (text) => void errors.push(text),
      withStore: (fn) => base.withStore((store) => fn({ ...store, db: undefined as never })),
    };
    const signals = new EventEmitter();
    const running = serveCommand(broken, { port: '0', dataDir: join(dir, 'data') }, signals);
    for (let i = 0; i < 200 && lines.length === 0; i++) await new Promise((done) => setTimeout(done, 25));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(lines[0] ?? '')?.[0];
    const res = await fetch(`${url}/api/cities`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { reference: string; detail: string };
    expect(body.reference).toMatch(/^E-\d{8}-[0-9a-f]{6}$/);
    expect(body.detail).toContain(`参考编号 ${body.reference}`);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    const log = join(dir, 'data', 'logs', 'error.log');
    expect(errors).toEqual([`内部错误（GET /api/cities），参考编号 ${body.reference}；详情已写入 ${log}`]);
    const logged = await readFile(log, 'utf8');
    expect(logged).toContain(body.reference);
    expect(logged).toMatch(/^\s+at .+/m);
  });

  it('--trust-proxy 2 records the client address two hops from the right of X-Forwarded-For', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const running = serveCommand(context(lines), { port: '0', auth: 'accounts', trustProxy: '2' }, signals);
    for (let i = 0; i < 400 && !lines.some((l) => l.startsWith('安居已启动')); i++) {
      await new Promise((done) => setTimeout(done, 25));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(lines.find((l) => l.startsWith('安居已启动')) ?? '')?.[0];
    const password = /请登录后立即修改）：(\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    const signIn = (pw: string) =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        // The client forged 6.6.6.6; the outer proxy saw 203.0.113.9; the inner one is 10.0.0.2.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' },
        body: JSON.stringify({ login: 'admin', password: pw }),
      });
    expect((await signIn('wrong-password')).status).toBe(401);
    const ok = await signIn(password);
    expect(ok.status).toBe(200);
    const cookie = ok.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const trail = (await (await fetch(`${url}/api/audit-trail?action=session.`, { headers: { cookie } })).json()) as {
      events: { action: string; clientAddress: string }[];
    };
    expect(trail.events.map((e) => `${e.action} ${e.clientAddress}`)).toEqual([
      'session.login 203.0.113.9',
      'session.login-failed 203.0.113.9',
    ]);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('--sign-in-limit sets the attempts one address may make: the third of two allowed is 429', async () => {
    const lines: string[] = [];
    const signals = new EventEmitter();
    const running = serveCommand(context(lines), { port: '0', auth: 'accounts', signInLimit: '2' }, signals);
    for (let i = 0; i < 400 && !lines.some((l) => l.startsWith('安居已启动')); i++) {
      await new Promise((done) => setTimeout(done, 25));
    }
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(lines.find((l) => l.startsWith('安居已启动')) ?? '')?.[0];
    const statuses: number[] = [];
    // Other logins each time, so no account lock is involved: only the per-address limit.
    for (const login of ['a1', 'a2', 'a3']) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: 'wrong-password' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    await expect(serveCommand(context([]), { port: '0', auth: 'accounts', signInLimit: 'many' })).rejects.toThrow(
      '--sign-in-limit 应为 1—10000 之间的整数（同一地址 15 分钟内的登录尝试次数）：many',
    );
  });

  it('refuses a --trust-proxy that is not a number of proxies', async () => {
    await expect(serveCommand(context([]), { port: '0', auth: 'accounts', trustProxy: 'yes' })).rejects.toThrow(
      '--trust-proxy 应为 1—10 之间的整数（反向代理的层数）：yes',
    );
  });

  it('refuses a port out of range', async () => {
    await expect(serveCommand(context([]), { port: '70000' })).rejects.toThrow('端口应为 0—65535 之间的整数：70000');
  });
});
