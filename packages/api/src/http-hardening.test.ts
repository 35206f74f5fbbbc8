// The HTTP surface an attacker reaches first: local mode held to loopback Host names (DNS rebinding), request bodies
// limited before they are parsed, security headers on every response, 404 for a missing asset, and every refused
// write in the audit trail.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAuditEvents, listRevisions, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { serve, type RunningServer } from './serve.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { addTestAccounts, asSession, signIn, type App } from './testing/accounts.js';
import { AT, openSampleStore } from './testing/sample-store.js';

let store: Store;
let webRoot: string;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  await addTestAccounts(store, AT);
  webRoot = await mkdtemp(join(tmpdir(), 'anju-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>安居</title><div id="root"></div>');
  await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log("安居")');
}, 300_000);

afterAll(async () => {
  await store?.close();
  await rm(webRoot, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A raw HTTP/1.1 request, so Host and Origin can be whatever an attacker's page makes the browser send. */
function raw(
  server: RunningServer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method: init.method ?? 'GET', headers: init.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const BOUNDARY = 'anju-test-boundary';

function importBody(rows: string): string {
  const part = (name: string, value: string, file?: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file === undefined ? '' : `; filename="${file}"`}\r\n` +
    `${file === undefined ? '' : 'Content-Type: text/csv\r\n'}\r\n${value}\r\n`;
  return (
    part('file', `单元,期间,指标,数值\n${rows}\n`, 'rebinding.csv') +
    part('publish', 'true') +
    part('reason', '页面自动提交') +
    `--${BOUNDARY}--\r\n`
  );
}

describe('local mode over TCP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ store, port: 0, now: () => AT, webRoot, user: 'me', logError: () => {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  const publish = (host: string, origin: string | undefined) => {
    const body = importBody('620702,2032-01,housing.sales-area,5');
    return raw(server, '/api/cities/620700/imports', {
      method: 'POST',
      headers: {
        host,
        ...(origin === undefined ? {} : { origin }),
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
  };

  it('refuses a DNS-rebinding page: Host attacker.example with a matching Origin publishes nothing', async () => {
    const before = await listRevisions(store, '620700');
    const host = `attacker.example:${server.port}`;
    const res = await publish(host, `http://${host}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect((JSON.parse(res.body) as { detail: string }).detail).toBe(
      `本机模式只接受以 127.0.0.1、localhost 或 [::1] 访问的请求，已拒绝访问地址 ${host}（可能是 DNS 重绑定攻击）`,
    );
    expect(await listRevisions(store, '620700')).toEqual(before);
    const [event] = await listAuditEvents(store, { outcome: 'refused', action: 'http.' });
    expect(event).toMatchObject({
      action: 'http.POST /api/cities/{city}/imports',
      actor: 'me',
      clientAddress: '127.0.0.1',
      cityCode: '620700',
    });
    // Reading is refused too, the dashboard's page included.
    expect((await raw(server, '/api/cities', { headers: { host } })).status).toBe(403);
    expect((await raw(server, '/', { headers: { host } })).status).toBe(403);
  });

  it('takes writes from a loopback Host with its own Origin, or from a client that sends no Origin', async () => {
    const host = `localhost:${server.port}`;
    expect((await publish(host, `http://${host}`)).status).toBe(201);
    expect((await publish(`127.0.0.1:${server.port}`, undefined)).status).toBe(201);
    expect((await raw(server, '/api/health', { headers: { host: `[::1]:${server.port}` } })).status).toBe(200);
  });

  it('refuses an Origin that is not the Host it was sent to, even another loopback name', async () => {
    const res = await publish(`localhost:${server.port}`, `http://127.0.0.1:${server.port}`);
    expect(res.status).toBe(403);
    expect((JSON.parse(res.body) as { detail: string }).detail).toBe('拒绝来自其他网站的修改请求');
  });

  it('puts the security headers on every response, and 404s a missing asset instead of sending the page', async () => {
    const responses = await Promise.all(
      ['/', '/assets/index-abc123.js', '/api/health', '/api/nowhere', '/assets/missing-1234.js'].map((p) =>
        raw(server, p),
      ),
    );
    for (const res of responses) {
      expect(res.headers).toMatchObject({
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    const missing = responses.at(-1)!;
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(missing.body).not.toContain('id="root"');
    expect(responses[0]!.body).toContain('id="root"');
  });
});

describe('request bodies', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ store, port: 0, now: () => AT, auth: { mode: 'accounts' }, logError: () => {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  /**
   * Sends a sign-in body bigger than the limit without ever finishing it; resolves with the answer, which can only
   * come if the server refused before reading the body whole.
   */
  function endlessSignIn(headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/auth/login',
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text, sent });
            req.destroy();
          });
        },
      );
      req.on('error', (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      req.write('{"login":"root","password":"');
      const pump = (): void => {
        // Stop at 64 MiB whatever happens; the server must have answered long before.
        while (!answered && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  }

  it('refuses a huge sign-in body with 413 before reading it whole: declared length', async () => {
    const res = await endlessSignIn({ 'content-length': String(200 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'urn:anju:problem:body-too-large',
      title: '请求内容过大',
      detail: '请求内容超过了上限（1 MiB），已拒绝；上传文件请使用导入功能',
    });
    expect(res.sent).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a huge sign-in body with 413 before reading it whole: chunked', async () => {
    const res = await endlessSignIn({ 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('takes the limit from createApp, and records the refusal as a refused write', async () => {
    const app = createApp({ store, now: () => AT, auth: { mode: 'accounts' }, maxBodyBytes: 100, logError: () => {} });
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ login: 'root', password: 'x'.repeat(200) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toBe(
      'the request body is over the limit (100 bytes) and was refused; upload files through the import routes',
    );
    const [event] = await listAuditEvents(store, { action: 'http.POST /api/auth/login' });
    expect(event).toMatchObject({ actor: '(anonymous)', outcome: 'refused' });
  });
});

describe('refused writes leave an audit event', () => {
  let app: App;
  beforeAll(() => {
    app = createApp({ store, now: () => AT, auth: { mode: 'accounts', trustProxy: true }, logError: () => {} });
  });

  it('an anonymous write', async () => {
    const res = await app.request('/api/cities/620700/revisions/1/publish', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.1' },
      body: JSON.stringify({ reason: '匿名' }),
    });
    expect(res.status).toBe(401);
    const [event] = await listAuditEvents(store, { actor: '(anonymous)', text: '/revisions/1/publish' });
    expect(event).toMatchObject({
      action: 'http.POST /api/cities/{city}/revisions/{rev}/publish',
      actorRole: 'public',
      cityCode: '620700',
      clientAddress: '10.77.0.1',
      outcome: 'refused',
    });
  });

  it('a write to a route missing from the policy table', async () => {
    const root = await signIn(app, 'root');
    const res = await asSession(app, root, '/api/not-in-the-table', { method: 'POST', json: {} });
    expect(res.status).toBe(403);
    const [event] = await listAuditEvents(store, { actor: 'root', outcome: 'refused' });
    expect(event).toMatchObject({ action: 'http.POST /api/not-in-the-table', target: '/api/not-in-the-table' });
  });

  it('a dry run, which writes nothing else', async () => {
    const analyst = await signIn(app, 'analyst');
    const form = new FormData();
    form.append('file', new Blob(['单元,期间,指标,数值\n620702,2032-02,housing.sales-area,5\n']), 'try.csv');
    form.append('dryRun', 'true');
    const before = await listRevisions(store, '620700');
    const res = await asSession(app, analyst, '/api/cities/620700/imports', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await listRevisions(store, '620700')).toEqual(before);
    const [event] = await listAuditEvents(store, { actor: 'analyst', action: 'http.' });
    expect(event).toMatchObject({
      action: 'http.POST /api/cities/{city}/imports',
      outcome: 'ok',
      valueAfter: { dryRun: true, file: 'try.csv', observations: 1 },
    });
  });
});
