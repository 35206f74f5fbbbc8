// Account operations outside HTTP, for the CLI (`anju user …`, `anju serve` on first start): the same hashing and
// audit events as the routes.
import { principalProblems, type Department, type Role } from '@anju/core';
import {
  appendAuditEvent,
  countUsers,
  createUser,
  findUserByLogin,
  setPasswordHash,
  setUserDisabled,
  type Store,
  type UserInfo,
} from '@anju/store';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordWeakness } from './password.js';

export interface NewAccount {
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly cityCode?: string | null;
  readonly districtCode?: string | null;
  readonly department?: Department | null;
  /** Omit to generate one (returned once). */
  readonly password?: string;
}

export class AccountError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function checkPassword(password: string, login: string): void {
  if (passwordWeakness(password, login) !== undefined) {
    throw new AccountError(
      `密码至少 ${MIN_PASSWORD_LENGTH} 个字符，且不能包含用户名`,
      `the password needs at least ${MIN_PASSWORD_LENGTH} characters and must not contain the user name`,
    );
  }
}

/** Creates an account; returns it with the generated password (null when one was given). */
export async function addAccount(
  store: Store,
  account: NewAccount,
  by: string,
  now: Date,
): Promise<{ user: UserInfo; password: string | null }> {
  const scope = {
    role: account.role,
    cityCode: account.role === 'administrator' ? null : (account.cityCode ?? null),
    districtCode: account.role === 'district-editor' ? (account.districtCode ?? null) : null,
    department: account.role === 'department-user' ? (account.department ?? null) : null,
  };
  const missing = principalProblems(scope);
  if (missing.length > 0) {
    throw new AccountError(`该角色需要：${missing.join('、')}`, `this role needs: ${missing.join(', ')}`);
  }
  if ((await findUserByLogin(store, account.login)) !== undefined) {
    throw new AccountError(`用户名 ${account.login} 已存在`, `the user name ${account.login} is taken`);
  }
  const generated = account.password === undefined ? generatePassword() : null;
  const password = account.password ?? generated!;
  checkPassword(password, account.login);
  const hash = await hashPassword(password);
  const user = await store.transaction(async (tx) => {
    const created = await createUser(tx, {
      login: account.login,
      displayName: account.displayName,
      ...scope,
      passwordHash: hash,
      createdBy: by,
      at: now,
    });
    await appendAuditEvent(tx, {
      at: now,
      actor: by,
      actorRole: 'cli',
      action: 'user.create',
      cityCode: created.cityCode,
      target: `user ${created.login}`,
      valueAfter: { role: created.role, districtCode: created.districtCode, department: created.department },
    });
    return created;
  });
  return { user, password: generated };
}

/** Sets (or generates) a new password; the account's sessions end and its lock-out clears. */
export async function resetPassword(
  store: Store,
  login: string,
  by: string,
  now: Date,
  password?: string,
): Promise<{ user: UserInfo; password: string | null }> {
  const user = await findUserByLogin(store, login);
  if (user === undefined) throw new AccountError(`没有用户 ${login}`, `no user ${login}`);
  const generated = password === undefined ? generatePassword() : null;
  const chosen = password ?? generated!;
  checkPassword(chosen, user.login);
  const hash = await hashPassword(chosen);
  await store.transaction(async (tx) => {
    await setPasswordHash(tx, user.userId, hash, now);
    await appendAuditEvent(tx, {
      at: now,
      actor: by,
      actorRole: 'cli',
      action: 'user.password',
      cityCode: user.cityCode,
      target: `user ${user.login}`,
      valueAfter: { by: 'cli' },
    });
  });
  return { user, password: generated };
}

/** Disables (or enables) an account. */
export async function disableAccount(
  store: Store,
  login: string,
  by: string,
  now: Date,
  disabled = true,
): Promise<UserInfo> {
  const user = await findUserByLogin(store, login);
  if (user === undefined) throw new AccountError(`没有用户 ${login}`, `no user ${login}`);
  await store.transaction(async (tx) => {
    await setUserDisabled(tx, user.userId, disabled, now);
    await appendAuditEvent(tx, {
      at: now,
      actor: by,
      actorRole: 'cli',
      action: disabled ? 'user.disable' : 'user.enable',
      cityCode: user.cityCode,
      target: `user ${user.login}`,
    });
  });
  return user;
}

/**
 * On the first start in accounts mode (no account at all): creates the administrator `admin` with the password from
 * ANJU_ADMIN_PASSWORD, or a generated one that the caller prints once. Returns undefined when accounts exist.
 */
export async function ensureAdministrator(
  store: Store,
  now: Date,
  env: { readonly ANJU_ADMIN_PASSWORD?: string | undefined; readonly ANJU_ADMIN_LOGIN?: string | undefined } = {},
): Promise<{ login: string; password: string | null } | undefined> {
  if ((await countUsers(store)) > 0) return undefined;
  const login = env.ANJU_ADMIN_LOGIN ?? 'admin';
  const given =
    env.ANJU_ADMIN_PASSWORD === undefined || env.ANJU_ADMIN_PASSWORD === '' ? undefined : env.ANJU_ADMIN_PASSWORD;
  const { password } = await addAccount(
    store,
    { login, displayName: '系统管理员', role: 'administrator', ...(given === undefined ? {} : { password: given }) },
    'anju-first-start',
    now,
  );
  return { login, password };
}
