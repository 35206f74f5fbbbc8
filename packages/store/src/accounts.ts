// Accounts and sign-in sessions (SPEC §6). The store keeps password hashes (made by the API with scrypt and a salt
// per user) and the SHA-256 of session and CSRF tokens: a copy of the database gives nobody a password or a session.
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AppUserTable } from './schema.js';
import type { Queryable } from './store.js';

/** An account as shown to administrators: never the hash. Timestamps are ISO 8601. */
export interface UserInfo {
  readonly userId: string;
  readonly login: string;
  readonly displayName: string;
  readonly role: string;
  readonly cityCode: string | null;
  readonly districtCode: string | null;
  readonly department: string | null;
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly passwordChangedAt: string;
  readonly disabledAt: string | null;
}

/** An account with its password hash, for signing in. */
export interface StoredUser extends UserInfo {
  readonly passwordHash: string;
}

export interface NewUser {
  readonly login: string;
  readonly displayName: string;
  readonly role: string;
  readonly cityCode?: string | null;
  readonly districtCode?: string | null;
  readonly department?: string | null;
  readonly passwordHash: string;
  readonly createdBy: string;
  readonly at: Date;
}

/** Fields an administrator may change; undefined leaves a field as it is. */
export interface UserPatch {
  readonly displayName?: string;
  readonly role?: string;
  readonly cityCode?: string | null;
  readonly districtCode?: string | null;
  readonly department?: string | null;
}

/** Creates an account; returns it. Throws on a duplicate login (case-insensitive unique index). */
export async function createUser(q: Queryable, user: NewUser): Promise<UserInfo> {
  const row = await q.db
    .insertInto('app_user')
    .values({
      login: user.login,
      display_name: user.displayName,
      role: user.role,
      city_code: user.cityCode ?? null,
      district_code: user.districtCode ?? null,
      department: user.department ?? null,
      password_hash: user.passwordHash,
      created_at: user.at,
      created_by: user.createdBy,
      updated_at: user.at,
      password_changed_at: user.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserInfo(row);
}

/** The account with this login (case-insensitive), with its hash; undefined if there is none. */
export async function findUserByLogin(q: Queryable, login: string): Promise<StoredUser | undefined> {
  const row = await q.db
    .selectFrom('app_user')
    .selectAll()
    .where(sql<string>`lower(login)`, '=', login.toLowerCase())
    .executeTakeFirst();
  return row ? { ...toUserInfo(row), passwordHash: row.password_hash } : undefined;
}

export async function getUser(q: Queryable, userId: string): Promise<UserInfo | undefined> {
  const row = await q.db.selectFrom('app_user').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toUserInfo(row) : undefined;
}

/** Every account, by login. */
export async function listUsers(q: Queryable): Promise<UserInfo[]> {
  const rows = await q.db
    .selectFrom('app_user')
    .selectAll()
    .orderBy(sql`lower(login)`)
    .execute();
  return rows.map(toUserInfo);
}

/** How many accounts exist (disabled ones included); 0 on a first start. */
export async function countUsers(q: Queryable): Promise<number> {
  const row = await q.db
    .selectFrom('app_user')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes role, scope or display name; returns the account after the change. */
export async function updateUser(q: Queryable, userId: string, patch: UserPatch, at: Date): Promise<UserInfo> {
  const row = await q.db
    .updateTable('app_user')
    .set({
      ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.cityCode === undefined ? {} : { city_code: patch.cityCode }),
      ...(patch.districtCode === undefined ? {} : { district_code: patch.districtCode }),
      ...(patch.department === undefined ? {} : { department: patch.department }),
      updated_at: at,
    })
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserInfo(row);
}

/** Replaces the password hash, clears the lock-out, and ends every session of the account. */
export async function setPasswordHash(q: Queryable, userId: string, passwordHash: string, at: Date): Promise<void> {
  await q.db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: at, updated_at: at, failed_logins: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
  await endUserSessions(q, userId, at);
}

/** Disables (or, with `disabled: false`, enables) an account; disabling ends its sessions. */
export async function setUserDisabled(q: Queryable, userId: string, disabled: boolean, at: Date): Promise<void> {
  await q.db
    .updateTable('app_user')
    .set({
      disabled_at: disabled ? at : null,
      updated_at: at,
      ...(disabled ? {} : { failed_logins: 0, locked_until: null }),
    })
    .where('user_id', '=', userId)
    .execute();
  if (disabled) await endUserSessions(q, userId, at);
}

/**
 * Counts a wrong password; from the `lockAfter`-th failure in a row the account is locked until `at + lockMs`.
 * Returns the count and the lock.
 */
export async function recordLoginFailure(
  q: Queryable,
  userId: string,
  at: Date,
  lockAfter: number,
  lockMs: number,
): Promise<{ failedLogins: number; lockedUntil: string | null }> {
  const lockedUntil = new Date(at.getTime() + lockMs);
  const row = await q.db
    .updateTable('app_user')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: sql<Date | null>`case when failed_logins + 1 >= ${lockAfter} then ${lockedUntil}::timestamptz else locked_until end`,
    }))
    .where('user_id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failedLogins: row.failed_logins, lockedUntil: row.locked_until?.toISOString() ?? null };
}

/** A correct password: the failure count starts again. */
export async function recordLoginSuccess(q: Queryable, userId: string): Promise<void> {
  await q.db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
}

// ── Sessions ──

/** The SHA-256 (hex) under which a token is stored. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewSession {
  /** The random session token sent in the cookie; only its SHA-256 is stored. */
  readonly token: string;
  /** The random CSRF token the client must echo in a header; only its SHA-256 is stored. */
  readonly csrfToken: string;
  readonly userId: string;
  readonly at: Date;
  readonly expiresAt: Date;
  readonly clientAddress: string | null;
}

export async function createSession(q: Queryable, session: NewSession): Promise<void> {
  await q.db
    .insertInto('user_session')
    .values({
      token_sha256: tokenDigest(session.token),
      csrf_sha256: tokenDigest(session.csrfToken),
      user_id: session.userId,
      created_at: session.at,
      expires_at: session.expiresAt,
      client_address: session.clientAddress,
    })
    .execute();
}

/** A live session with its account. */
export interface ActiveSession {
  readonly user: UserInfo;
  readonly csrfSha256: string;
  readonly expiresAt: string;
}

/**
 * The session a token opens at `now`: not ended, not expired, and its account not disabled. Anything else is
 * undefined — the caller cannot tell a wrong token from an ended one.
 */
export async function findSession(q: Queryable, token: string, now: Date): Promise<ActiveSession | undefined> {
  const row = await q.db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.user_id', 's.user_id')
    .selectAll('u')
    .select(['s.csrf_sha256', 's.expires_at'])
    .where('s.token_sha256', '=', tokenDigest(token))
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return { user: toUserInfo(row), csrfSha256: row.csrf_sha256, expiresAt: row.expires_at.toISOString() };
}

/** Ends one session (sign-out); returns whether a live one was ended. */
export async function endSession(q: Queryable, token: string, at: Date): Promise<boolean> {
  const result = await q.db
    .updateTable('user_session')
    .set({ ended_at: at })
    .where('token_sha256', '=', tokenDigest(token))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every session of an account (password changed, account disabled). */
export async function endUserSessions(q: Queryable, userId: string, at: Date): Promise<void> {
  await q.db
    .updateTable('user_session')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

function toUserInfo(row: Selectable<AppUserTable>): UserInfo {
  return {
    userId: row.user_id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    cityCode: row.city_code,
    districtCode: row.district_code,
    department: row.department,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    passwordChangedAt: row.password_changed_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}
