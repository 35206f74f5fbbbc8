// `anju user …` and `anju serve` in accounts mode: accounts from the command line, passwords never in argv, the
// first administrator created once with a generated password, and local mode refused beyond 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPassword } from '@anju/api';
import { findUserByLogin, listAuditEvents, openStore } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju } from '../testing/run-anju.js';

let dir: string;
let dataDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-users-'));
  dataDir = join(dir, 'data');
  expect((await runAnju(dataDir, 'init', '--city', '620700')).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju user', () => {
  it('adds accounts with a generated password shown once, lists, resets and disables them', async () => {
    const add = await runAnju(
      dataDir,
      'user',
      'add',
      'ganzhou',
      '--role',
      'district-editor',
      '--city',
      '620700',
      '--district',
      '620702',
      '--name',
      '甘州区住建局',
    );
    expect(add.code).toBe(0);
    expect(add.out).toMatch(
      /^已创建用户 ganzhou（区县填报员）\n用户 ganzhou 的初始密码（只显示这一次，请妥善转交并提醒其登录后修改）：([\w-]{20})\n$/,
    );
    const password = /：([\w-]{20})\n$/.exec(add.out)![1]!;

    process.env['ANJU_TEST_NEW_PASSWORD'] = 'Tudi-Ziyuan-2026!';
    const land = await runAnju(
      dataDir,
      'user',
      'add',
      'land',
      '--role',
      'department-user',
      '--department',
      'natural-resources',
      '--password-env',
      'ANJU_TEST_NEW_PASSWORD',
    );
    delete process.env['ANJU_TEST_NEW_PASSWORD'];
    expect(land.out).toBe('已创建用户 land（部门用户）\n');

    const missing = await runAnju(dataDir, 'user', 'add', 'x1', '--role', 'district-editor');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('该角色需要：district、city\n');

    const list = await runAnju(dataDir, 'user', 'list', '--json');
    expect(
      (JSON.parse(list.out) as { login: string; role: string; districtCode: string | null }[]).map((u) => [
        u.login,
        u.role,
        u.districtCode,
      ]),
    ).toEqual([
      ['ganzhou', 'district-editor', '620702'],
      ['land', 'department-user', null],
    ]);

    const reset = await runAnju(dataDir, 'user', 'passwd', 'ganzhou');
    expect(reset.out).toMatch(/^已重设 ganzhou 的密码，其所有会话已失效\n/);
    const disabled = await runAnju(dataDir, 'user', 'disable', 'land');
    expect(disabled.out).toBe('已停用用户 land，其所有会话已失效\n');

    const store = await openStore({ dataDir });
    try {
      const ganzhou = await findUserByLogin(store, 'ganzhou');
      expect(await verifyPassword(password, ganzhou!.passwordHash)).toBe(false); // reset replaced it
      expect((await findUserByLogin(store, 'land'))?.disabledAt).not.toBeNull();
      expect(await verifyPassword('Tudi-Ziyuan-2026!', (await findUserByLogin(store, 'land'))!.passwordHash)).toBe(
        true,
      );
      const trail = await listAuditEvents(store, { action: 'user.' });
      expect(trail.map((e) => `${e.action} ${e.target}`)).toEqual([
        'user.disable user land',
        'user.password user ganzhou',
        'user.create user land',
        'user.create user ganzhou',
      ]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses local mode on a non-loopback address', async () => {
    const r = await runAnju(dataDir, 'serve', '--host', '0.0.0.0', '--auth', 'local', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.err).toBe('本机模式没有登录，只能监听 127.0.0.1；在 0.0.0.0 上提供服务请使用 --auth accounts\n');
  });
});
