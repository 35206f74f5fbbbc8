import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countUsers,
  createSession,
  createUser,
  endSession,
  findSession,
  findUserByLogin,
  listUsers,
  recordLoginFailure,
  recordLoginSuccess,
  setPasswordHash,
  setUserDisabled,
  tokenDigest,
  updateUser,
} from './accounts.js';
import type { Store } from './store.js';
import { openTestStore } from './testing/test-store.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 9, minute, 0));

describe('accounts and sessions', () => {
  let store: Store;
  let editorId: string;

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('creates accounts with a scope per role; logins are unique regardless of case', async () => {
    expect(await countUsers(store)).toBe(0);
    const editor = await createUser(store, {
      login: 'GanZhou',
      displayName: '甘州区填报员',
      role: 'district-editor',
      cityCode: '620700',
      districtCode: '620702',
      passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
      createdBy: 'admin',
      at: at(0),
    });
    editorId = editor.userId;
    expect(editor).toMatchObject({
      login: 'GanZhou',
      role: 'district-editor',
      districtCode: '620702',
      department: null,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: at(0).toISOString(),
      disabledAt: null,
    });
    expect(editor).not.toHaveProperty('passwordHash');
    await expect(
      createUser(store, {
        login: 'ganzhou',
        displayName: 'x',
        role: 'viewer',
        passwordHash: 'h',
        createdBy: 'a',
        at: at(1),
      }),
    ).rejects.toThrow();
    // A district editor without a district, or a department user without a department, is refused by the table.
    await expect(
      createUser(store, {
        login: 'nodistrict',
        displayName: 'x',
        role: 'district-editor',
        cityCode: '620700',
        passwordHash: 'h',
        createdBy: 'a',
        at: at(1),
      }),
    ).rejects.toThrow();
    await expect(
      createUser(store, {
        login: 'nodept',
        displayName: 'x',
        role: 'department-user',
        passwordHash: 'h',
        createdBy: 'a',
        at: at(1),
      }),
    ).rejects.toThrow();
    await createUser(store, {
      login: 'land',
      displayName: '资源规划局',
      role: 'department-user',
      department: 'natural-resources',
      passwordHash: 'h2',
      createdBy: 'admin',
      at: at(2),
    });
    expect((await listUsers(store)).map((u) => u.login)).toEqual(['GanZhou', 'land']);
    expect((await findUserByLogin(store, 'GANZHOU'))?.passwordHash).toBe('scrypt$16384$8$1$c2FsdA$aGFzaA');
    expect(await findUserByLogin(store, 'nobody')).toBeUndefined();
  });

  it('locks an account from the 5th wrong password in a row; a right one starts the count again', async () => {
    const results = [];
    for (let i = 1; i <= 5; i++) results.push(await recordLoginFailure(store, editorId, at(10 + i), 5, 15 * 60_000));
    expect(results.map((r) => r.failedLogins)).toEqual([1, 2, 3, 4, 5]);
    expect(results.slice(0, 4).every((r) => r.lockedUntil === null)).toBe(true);
    expect(results[4]!.lockedUntil).toBe(new Date(at(15).getTime() + 15 * 60_000).toISOString());
    await recordLoginSuccess(store, editorId);
    expect(await findUserByLogin(store, 'ganzhou')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('keeps only token digests; a session ends on sign-out, expiry, password change or disabling', async () => {
    const open = (token: string, minute: number) =>
      createSession(store, {
        token,
        csrfToken: `csrf-${token}`,
        userId: editorId,
        at: at(minute),
        expiresAt: at(minute + 30),
        clientAddress: '10.0.0.7',
      });
    await open('token-a', 20);
    const stored = await store.db.selectFrom('user_session').selectAll().execute();
    expect(stored.map((s) => s.token_sha256)).toEqual([tokenDigest('token-a')]);
    expect(tokenDigest('token-a')).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('token-a');

    const live = await findSession(store, 'token-a', at(25));
    expect(live).toMatchObject({ user: { login: 'GanZhou' }, csrfSha256: tokenDigest('csrf-token-a') });
    expect(await findSession(store, 'token-a', at(50))).toBeUndefined(); // expired at minute 50
    expect(await findSession(store, 'token-b', at(25))).toBeUndefined();

    expect(await endSession(store, 'token-a', at(26))).toBe(true);
    expect(await endSession(store, 'token-a', at(27))).toBe(false);
    expect(await findSession(store, 'token-a', at(27))).toBeUndefined();

    await open('token-c', 30);
    await setPasswordHash(store, editorId, 'new-hash', at(31));
    expect(await findSession(store, 'token-c', at(32))).toBeUndefined();

    await open('token-d', 40);
    await setUserDisabled(store, editorId, true, at(41));
    expect(await findSession(store, 'token-d', at(42))).toBeUndefined();
    expect((await findUserByLogin(store, 'ganzhou'))?.disabledAt).toBe(at(41).toISOString());
    await setUserDisabled(store, editorId, false, at(43));
    expect((await findUserByLogin(store, 'ganzhou'))?.disabledAt).toBeNull();
  });

  it('changes role and scope', async () => {
    const after = await updateUser(
      store,
      editorId,
      { role: 'city-analyst', districtCode: null, displayName: '市级分析员' },
      at(50),
    );
    expect(after).toMatchObject({
      role: 'city-analyst',
      districtCode: null,
      cityCode: '620700',
      updatedAt: at(50).toISOString(),
    });
  });
});
