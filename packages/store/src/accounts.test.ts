import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countUsers,
  createSession,
  createUser,
  endSession,
  findSession,
  findUserByLogin,
  listUsers,
  claimSignInAttempt,
  loginSubject,
  pruneSignInAttempts,
  recordSignInFailure,
  recordSignInSuccess,
  releaseSignInAttempt,
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

  it('locks a login from the 5th wrong password in a row; a right one starts the count again', async () => {
    const lock = { after: 5, ms: 15 * 60_000 };
    const subject = loginSubject('GANZHOU ');
    const locks = [];
    for (let i = 1; i <= 5; i++) {
      const claim = await claimSignInAttempt(store, subject, at(10 + i), 15 * 60_000, lock);
      expect(claim).toMatchObject({ attempts: i, lockedUntil: null });
      locks.push(await recordSignInFailure(store, subject, at(10 + i), claim.attempts, 5, 15 * 60_000));
    }
    expect(locks.slice(0, 4)).toEqual([null, null, null, null]);
    const until = new Date(at(15).getTime() + 15 * 60_000).toISOString();
    expect(locks[4]).toBe(until);
    expect(await findUserByLogin(store, 'ganzhou')).toMatchObject({ failedLogins: 5, lockedUntil: until });
    // While locked, a claim changes nothing and carries the lock; a right password cannot clear it.
    expect(await claimSignInAttempt(store, subject, at(20), 15 * 60_000, lock)).toMatchObject({
      attempts: 5,
      lockedUntil: until,
    });
    expect(await recordSignInSuccess(store, subject, at(20))).toBe(until);
    // After the lock, the count starts again and a right password clears it.
    const after = await claimSignInAttempt(store, subject, at(31), 15 * 60_000, lock);
    expect(after).toMatchObject({ attempts: 1, lockedUntil: null });
    expect(await recordSignInSuccess(store, subject, at(31))).toBeNull();
    expect(await findUserByLogin(store, 'ganzhou')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('counts parallel claims one by one, and locks at once past the limit', async () => {
    const lock = { after: 5, ms: 15 * 60_000 };
    const subject = loginSubject('nobody-has-this-login');
    const claims = await Promise.all(
      Array.from({ length: 12 }, () => claimSignInAttempt(store, subject, at(40), 15 * 60_000, lock)),
    );
    // The 6th claim locks the login; later claims see the lock and leave the count as it is.
    expect(claims.map((c) => c.attempts).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6]);
    const until = new Date(at(40).getTime() + 15 * 60_000).toISOString();
    expect(
      claims
        .filter((c) => c.lockedUntil === null)
        .map((c) => c.attempts)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(claims.filter((c) => c.lockedUntil === until)).toHaveLength(7);
  });

  it('counts an address per window; a successful sign-in gives its attempt back', async () => {
    const subject = 'address:10.0.0.9';
    const first = await claimSignInAttempt(store, subject, at(41), 15 * 60_000);
    const second = await claimSignInAttempt(store, subject, at(42), 15 * 60_000);
    expect([first.attempts, second.attempts]).toEqual([1, 2]);
    expect(second.windowStart).toBe(at(41).toISOString());
    await releaseSignInAttempt(store, subject, second.windowStart);
    expect((await claimSignInAttempt(store, subject, at(43), 15 * 60_000)).attempts).toBe(2);
    const next = await claimSignInAttempt(store, subject, at(56), 15 * 60_000);
    expect(next).toMatchObject({ attempts: 1, windowStart: at(56).toISOString(), lockedUntil: null });
    // Pruning keeps windows begun since, and locks still in force (the parallel test's until at(55)).
    await pruneSignInAttempts(store, at(50));
    const left = await store.db.selectFrom('sign_in_attempt').select('subject').orderBy('subject').execute();
    expect(left.map((r) => r.subject)).toEqual(['address:10.0.0.9', 'login:nobody-has-this-login']);
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
