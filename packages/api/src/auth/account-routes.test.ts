// Administrators' routes: the first administrator, accounts and roles, and the audit trail with filters and XLSX.
import ExcelJS from 'exceljs';
import { listAuditEvents, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { asSession, signIn, type App, type Session } from '../testing/accounts.js';
import { AT, openSampleStore } from '../testing/sample-store.js';
import { ensureAdministrator } from './account-service.js';

let store: Store;
let app: App;
let admin: Session;
const ADMIN_PASSWORD = 'first-Start-2026';

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'], datasets: false });
  app = createApp({ store, now: () => AT, auth: { mode: 'accounts' }, logError: () => {} });
}, 300_000);
afterAll(async () => {
  await store?.close();
});

describe('first start', () => {
  it('creates one administrator, with the password from the environment or a generated one, and never again', async () => {
    expect(await ensureAdministrator(store, AT, { ANJU_ADMIN_PASSWORD: ADMIN_PASSWORD })).toEqual({
      login: 'admin',
      password: null,
    });
    expect(await ensureAdministrator(store, AT)).toBeUndefined();
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  });
});

describe('users', () => {
  let editorId = '';

  it('creates a district editor checked against the city’s districts, and shows the generated password once', async () => {
    const bad = await asSession(app, admin, '/api/users', {
      method: 'POST',
      json: {
        login: 'x-editor',
        displayName: 'x',
        role: 'district-editor',
        cityCode: '620700',
        districtCode: '62070299',
      },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe('城市 620700 中没有区县单元 62070299');
    const res = await asSession(app, admin, '/api/users', {
      method: 'POST',
      json: {
        login: 'ganzhou',
        displayName: '甘州区',
        role: 'district-editor',
        cityCode: '620700',
        districtCode: '620702',
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { userId: string; role: string }; password: string };
    editorId = body.user.userId;
    expect(body.user.role).toBe('district-editor');
    expect((await signIn(app, 'ganzhou', body.password)).login).toBe('ganzhou');
    const taken = await asSession(app, admin, '/api/users', {
      method: 'POST',
      json: { login: 'GANZHOU', displayName: 'dup', role: 'viewer' },
    });
    expect(taken.status).toBe(409);
  });

  it('changes a role (dropping the district), records before and after, and keeps the last administrator', async () => {
    const res = await asSession(app, admin, `/api/users/${editorId}`, { method: 'PATCH', json: { role: 'viewer' } });
    expect(await res.json()).toMatchObject({ user: { role: 'viewer', districtCode: null, cityCode: '620700' } });
    const [event] = await listAuditEvents(store, { action: 'user.update' });
    expect(event).toMatchObject({
      actor: 'admin',
      actorRole: 'administrator',
      target: 'user ganzhou',
      valueBefore: { role: 'district-editor', districtCode: '620702' },
      valueAfter: { role: 'viewer', districtCode: null },
    });
    const me = (await (await asSession(app, admin, '/api/users')).json()) as {
      users: { login: string; userId: string }[];
    };
    const adminId = me.users.find((u) => u.login === 'admin')!.userId;
    const last = await asSession(app, admin, `/api/users/${adminId}`, { method: 'PATCH', json: { disabled: true } });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { detail: string }).detail).toBe('不能停用或降级最后一个可用的系统管理员');
  });

  it('disabling ends the account’s sessions at once', async () => {
    const reset = await asSession(app, admin, `/api/users/${editorId}/password`, { method: 'POST', json: {} });
    const { password } = (await reset.json()) as { password: string };
    const s = await signIn(app, 'ganzhou', password);
    expect((await asSession(app, s, '/api/cities/620700/revisions')).status).toBe(200);
    await asSession(app, admin, `/api/users/${editorId}`, { method: 'PATCH', json: { disabled: true } });
    expect((await asSession(app, s, '/api/cities/620700/revisions')).status).toBe(401);
  });
});

describe('audit trail routes', () => {
  it('filters by actor and action prefix, newest first, pages backwards', async () => {
    const res = await asSession(app, admin, '/api/audit-trail?actor=admin&action=user.&limit=2');
    const body = (await res.json()) as { events: { action: string; target: string }[]; nextBefore: string | null };
    expect(body.events.map((e) => `${e.action} ${e.target}`)).toEqual([
      'user.disable user ganzhou',
      'user.password user ganzhou',
    ]);
    expect(body.nextBefore).not.toBeNull();
    const older = (await (
      await asSession(app, admin, `/api/audit-trail?actor=admin&action=user.&limit=2&before=${body.nextBefore}`)
    ).json()) as { events: { action: string }[] };
    expect(older.events.map((e) => e.action)).toEqual(['user.update', 'user.create']);
  });

  it('exports the same selection as XLSX with Chinese headers', async () => {
    const res = await asSession(app, admin, '/api/audit-trail.xlsx?action=user.');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="anju-audit-trail-2026-11-22.xlsx"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E8%AE%B0%E5%BD%95-2026-11-22.xlsx`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('审计记录')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      '编号',
      '时间（北京时间）',
      '操作人',
      '角色',
      '动作',
    ]);
    // user.create admin (first start), user.create ganzhou, user.update, user.password, user.disable
    expect(sheet.rowCount).toBe(1 + 5);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 7)).toEqual([
      '2026-11-22 16:00:00',
      'admin',
      '系统管理员',
      'user.disable',
      '成功',
    ]);
    // where it came from and its place in the tamper-evident chain
    expect((sheet.getRow(1).values as unknown[]).slice(15)).toEqual([
      '渠道',
      '系统用户',
      '主机',
      '自称操作人',
      '链序号',
      '链接值',
    ]);
    const [channel, , , , seq, link] = (sheet.getRow(2).values as unknown[]).slice(15);
    expect(channel).toBe('接口');
    expect(seq).toEqual(expect.any(Number));
    expect(link).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has no route that changes or deletes an event', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await asSession(app, admin, '/api/audit-trail', { method });
      expect(res.status).toBe(403);
    }
  });
});
