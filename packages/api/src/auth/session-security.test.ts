// Sessions and the attacks on them: brute force, cookie flags, CSRF, sign-out, and a district editor or department
// user trying to widen their scope with a crafted request. Every refusal is a Chinese problem+json.
import { listAuditEvents, listRevisions, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { serve } from '../serve.js';
import {
  addTestAccounts,
  asSession,
  cookieHeader,
  PASSWORD,
  signIn,
  type App,
  type Session,
} from '../testing/accounts.js';
import { AT, openSampleStore } from '../testing/sample-store.js';
import { hashPassword, verifyPassword } from './password.js';

let store: Store;
let app: App;
let clock = AT;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

const login = (name: string, password: string, address = '10.0.0.1') =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ login: name, password }),
  });

async function problem(res: Response): Promise<{ status: number; detail: string; type: string }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { detail: string; type: string };
  return { status: res.status, detail: body.detail, type: body.type };
}

function importForm(rows: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append('file', new Blob([`单元,期间,指标,数值\n${rows}\n`]), 'crafted.csv');
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({
    store,
    now: () => clock,
    auth: { mode: 'accounts', trustProxy: true, maxFailuresPerAddress: 10, lockAfter: 5, lockMinutes: 15 },
    logError: () => {},
  });
  await addTestAccounts(store, AT);
}, 300_000);

afterAll(async () => {
  await store?.close();
});

describe('passwords', () => {
  it('are hashed with scrypt and a salt per hash, and verified in constant time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    const stored = await store.db.selectFrom('app_user').select('password_hash').execute();
    expect(stored.map((r) => r.password_hash).join()).not.toContain(PASSWORD);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie with an expiry, Secure over https', async () => {
    const res = await login('reader', PASSWORD);
    expect(res.status).toBe(200);
    const [session, csrf] = res.headers.getSetCookie();
    expect(session).toMatch(/^anju_session=[\w-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(csrf).toMatch(/^anju_csrf=[\w-]{43}; Max-Age=28800; Path=\/; SameSite=Strict$/);
    const https = await app.request('https://anju.example.gov.cn/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'reader', password: PASSWORD }),
    });
    expect(https.headers.getSetCookie()[0]).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('locks an account after 5 wrong passwords with a clear Chinese message, even with the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('analyst', `wrong-${i}`, '10.0.1.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const fifth = await problem(await login('analyst', 'wrong-4', '10.0.1.2'));
    expect(fifth).toMatchObject({ status: 423, type: 'urn:anju:problem:locked' });
    expect(fifth.detail).toBe(
      '连续多次密码错误，账户已锁定，请于 15 分钟后（2026-11-22 16:15 之后）再试，或请管理员重设密码',
    );
    expect((await login('analyst', PASSWORD, '10.0.1.3')).status).toBe(423);
    later(16);
    expect((await login('analyst', PASSWORD, '10.0.1.3')).status).toBe(200);
    const trail = await listAuditEvents(store, { actor: 'analyst', action: 'session.' });
    expect(trail.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'session.login:ok',
      'session.login-failed:refused',
      'session.locked:refused',
      'session.login-failed:refused',
      'session.login-failed:refused',
      'session.login-failed:refused',
      'session.login-failed:refused',
    ]);
  });

  it('rate-limits one address guessing many logins (brute force), with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(`nobody-${i}`, 'guess', '10.6.6.6')).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await login('reader', PASSWORD, '10.6.6.6');
    expect(await problem(limited)).toEqual({
      status: 429,
      type: 'urn:anju:problem:too-many-requests',
      detail: '登录尝试过于频繁，请 15 分钟后再试',
    });
    expect(limited.headers.get('retry-after')).toBe('900');
    // Another address is not affected; the limited one may try again after the window.
    expect((await login('reader', PASSWORD, '10.7.7.7')).status).toBe(200);
    later(15);
    expect((await login('reader', PASSWORD, '10.6.6.6')).status).toBe(200);
  });

  it('answers a wrong password and an unknown login alike', async () => {
    const a = await problem(await login('reader', 'nope', '10.8.0.1'));
    const b = await problem(await login('no-such-user', 'nope', '10.8.0.2'));
    expect(a).toEqual(b);
    expect(a.detail).toBe('用户名或密码错误');
  });
});

describe('sessions', () => {
  let analyst: Session;
  beforeAll(async () => {
    analyst = await signIn(app, 'root');
  });

  it('refuses a change without the CSRF token, or with a token that is not the session’s', async () => {
    const url = '/api/users';
    const body = JSON.stringify({ login: 'csrf-victim', displayName: 'x', role: 'viewer' });
    const noToken = await app.request(url, {
      method: 'POST',
      headers: { cookie: analyst.cookie, 'content-type': 'application/json' },
      body,
    });
    expect(await problem(noToken)).toMatchObject({
      status: 403,
      detail: '缺少或不匹配防跨站请求令牌（X-CSRF-Token），请刷新页面后重试',
    });
    const other = await signIn(app, 'reader');
    const forged = await app.request(url, {
      method: 'POST',
      // The attacker's own token in both cookie and header does not match the victim's session.
      headers: {
        cookie: `${analyst.cookie.split('; ')[0]}; anju_csrf=${other.csrf}`,
        'x-csrf-token': other.csrf,
        'content-type': 'application/json',
      },
      body,
    });
    expect(forged.status).toBe(403);
    const ok = await asSession(app, analyst, url, {
      method: 'POST',
      json: { login: 'csrf-victim', displayName: 'x', role: 'viewer' },
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { password: string }).password).toMatch(/^[\w-]{20}$/);
  });

  it('is dead after sign-out, and after it expires', async () => {
    const s = await signIn(app, 'reader');
    expect((await asSession(app, s, '/api/cities/620700/revisions')).status).toBe(200);
    const out = await asSession(app, s, '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^anju_session=; Max-Age=0; Path=\//);
    // The old cookie, replayed, no longer opens anything.
    const replay = await asSession(app, s, '/api/cities/620700/revisions');
    expect(await problem(replay)).toMatchObject({ status: 401, detail: '请先登录后再访问此功能' });
    const me = (await (await asSession(app, s, '/api/me')).json()) as { user: unknown };
    expect(me.user).toBeNull();

    const t = await signIn(app, 'reader');
    later(8 * 60 + 1);
    expect((await asSession(app, t, '/api/cities/620700/revisions')).status).toBe(401);
  });

  it('shows the current user and role', async () => {
    const s = await signIn(app, 'ganzhou');
    const me = await (await asSession(app, s, '/api/me')).json();
    expect(me).toMatchObject({
      mode: 'accounts',
      user: { login: 'ganzhou', role: 'district-editor', cityCode: '620700', districtCode: '620702', department: null },
      csrfToken: s.csrf,
    });
  });
});

describe('a district editor or department user cannot widen their scope', () => {
  let ganzhou: Session;
  let land: Session;
  beforeAll(async () => {
    ganzhou = await signIn(app, 'ganzhou');
    land = await signIn(app, 'landbureau');
  });

  it('refuses a file that mixes their district with another district’s unit codes, whole', async () => {
    const before = (await listRevisions(store, '620700')).length;
    const res = await asSession(app, ganzhou, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620702,2031-01,housing.sales-area,5\n620723,2031-01,housing.sales-area,6', {
        publish: 'true',
        reason: '越权',
      }),
    });
    expect(await problem(res)).toEqual({
      status: 403,
      type: 'urn:anju:problem:forbidden',
      detail: '无权修改本区县（620702）以外单元的数据：620723；整个文件未写入',
    });
    expect((await listRevisions(store, '620700')).length).toBe(before);
    const [refused] = await listAuditEvents(store, { actor: 'ganzhou', outcome: 'refused' });
    expect(refused).toMatchObject({ action: 'http.POST /api/cities/{city}/imports', cityCode: '620700' });
    // By names instead of codes: the same refusal.
    const byName = await asSession(app, ganzhou, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('临泽县,2031-02,新建商品房销售面积,6'),
    });
    expect((await problem(byName)).detail).toContain('620723');
    // Their own district goes through, recorded with who, role and where from.
    const own = await asSession(app, ganzhou, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620702,2031-01,housing.sales-area,5'),
      headers: { 'x-forwarded-for': '10.20.30.40' },
    });
    expect(own.status).toBe(201);
    const { revisionId } = (await own.json()) as { revisionId: string };
    const [created] = await listAuditEvents(store, { actor: 'ganzhou', action: 'revision.create' });
    expect(created).toMatchObject({
      revisionAfter: revisionId,
      actorRole: 'district-editor',
      clientAddress: '10.20.30.40',
    });
  });

  it('refuses another city in the path and another district in the query', async () => {
    const otherCity = await asSession(app, ganzhou, '/api/cities/330300/imports', {
      method: 'POST',
      body: importForm('620702,2031-01,housing.sales-area,5'),
    });
    expect(await problem(otherCity)).toMatchObject({
      status: 403,
      detail: '无权修改城市 330300 的数据（您的账户属于城市 620700）',
    });
    const query = await asSession(app, ganzhou, '/api/cities/620700/imports?unit=620723', {
      method: 'POST',
      body: importForm('620702,2031-01,housing.sales-area,5'),
    });
    expect((await problem(query)).detail).toBe('无权修改单元 620723 的数据：区县填报员只能修改本区县（620702）的单元');
  });

  it('refuses to publish or discard another district’s draft', async () => {
    const analyst = await signIn(app, 'root');
    const draft = await asSession(app, analyst, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620723,2031-03,housing.sales-area,7'),
    });
    const { revisionId } = (await draft.json()) as { revisionId: string };
    for (const action of ['publish', 'discard']) {
      const res = await asSession(app, ganzhou, `/api/cities/620700/revisions/${revisionId}/${action}`, {
        method: 'POST',
        json: { reason: '越权' },
      });
      expect((await problem(res)).status).toBe(403);
    }
    const revisions = await listRevisions(store, '620700');
    expect(revisions.find((r) => r.revisionId === revisionId)?.status).toBe('draft');
  });

  it('keeps a 资源规划 user to land measures', async () => {
    const housing = await asSession(app, land, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620723,2031-01,housing.sales-area,5'),
    });
    expect((await problem(housing)).detail).toBe('无权修改本部门以外的指标：housing.sales-area；整个文件未写入');
    const landRows = await asSession(app, land, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620723,2031-01,land.residential-supplied,2.5'),
    });
    expect(landRows.status).toBe(201);
  });

  it('requires a reason to publish, and records it', async () => {
    const noReason = await asSession(app, ganzhou, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620702,2031-04,housing.sales-area,5', { publish: 'true' }),
    });
    expect(noReason.status).toBe(400);
    const published = await asSession(app, ganzhou, '/api/cities/620700/imports', {
      method: 'POST',
      body: importForm('620702,2031-04,housing.sales-area,5', { publish: 'true', reason: '甘州区4月快报' }),
    });
    expect(published.status).toBe(201);
    const [event] = await listAuditEvents(store, { actor: 'ganzhou', action: 'revision.publish' });
    expect(event).toMatchObject({ reason: '甘州区4月快报', actorRole: 'district-editor', outcome: 'ok' });
  });
});

describe('local mode', () => {
  it('works without sign-in, labelled as local, and refuses cross-site writes', async () => {
    const local = createApp({ store, now: () => clock, user: 'me', logError: () => {} });
    const me = await (await local.request('/api/me')).json();
    expect(me).toEqual({
      mode: 'local',
      user: {
        login: 'me',
        displayName: 'me',
        role: 'administrator',
        cityCode: null,
        districtCode: null,
        department: null,
      },
      expiresAt: null,
      csrfToken: null,
    });
    const crossSite = await local.request('/api/users', {
      method: 'POST',
      headers: { origin: 'https://evil.example', host: '127.0.0.1:8080', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await problem(crossSite)).toMatchObject({ status: 403, detail: '拒绝来自其他网站的修改请求' });
  });

  it('refuses to listen beyond loopback', async () => {
    await expect(serve({ store, host: '0.0.0.0', port: 0 })).rejects.toThrow(/local mode/);
  });

  it('keeps cookies out of the way: a session cookie is ignored', async () => {
    const res = await app.request('/api/me', {
      headers: { cookie: cookieHeader(await login('reader', PASSWORD, '10.9.9.9')) },
    });
    expect(((await res.json()) as { user: { login: string } }).user.login).toBe('reader');
  });
});
