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
    .returning('user_id')
    .executeTakeFirstOrThrow();
  return (await getUser(q, row.user_id))!;
}

/** The account with this login (case-insensitive), with its hash; undefined if there is none. */
export async function findUserByLogin(q: Queryable, login: string): Promise<StoredUser | undefined> {
  const row = await selectUsers(q)
    .where(sql<string>`lower(u.login)`, '=', login.toLowerCase())
    .executeTakeFirst();
  return row ? { ...toUserInfo(row), passwordHash: row.password_hash } : undefined;
}

export async function getUser(q: Queryable, userId: string): Promise<UserInfo | undefined> {
  const row = await selectUsers(q).where('u.user_id', '=', userId).executeTakeFirst();
  return row ? toUserInfo(row) : undefined;
}

/** Every account, by login. */
export async function listUsers(q: Queryable): Promise<UserInfo[]> {
  const rows = await selectUsers(q)
    .orderBy(sql`lower(u.login)`)
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
    .returning('user_id')
    .executeTakeFirstOrThrow();
  return (await getUser(q, row.user_id))!;
}

/** Replaces the password hash, clears the lock-out, and ends every session of the account. */
export async function setPasswordHash(q: Queryable, userId: string, passwordHash: string, at: Date): Promise<void> {
  await q.db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: at, updated_at: at })
    .where('user_id', '=', userId)
    .execute();
  await clearLoginAttempts(q, userId);
  await endUserSessions(q, userId, at);
}

/** Disables (or, with `disabled: false`, enables) an account; disabling ends its sessions. */
export async function setUserDisabled(q: Queryable, userId: string, disabled: boolean, at: Date): Promise<void> {
  await q.db
    .updateTable('app_user')
    .set({
      disabled_at: disabled ? at : null,
      updated_at: at,
    })
    .where('user_id', '=', userId)
    .execute();
  if (disabled) await endUserSessions(q, userId, at);
  else await clearLoginAttempts(q, userId);
}

// ── Sign-in attempts (migration 0009) ──
//
// One row per subject: `address:<client address>` (failed sign-ins per address in a window → 429) and
// `login:<login>` (wrong passwords in a row → the login is locked). Logins are counted whether or not an account has
// them, so a locked real account and an unknown login answer alike. An attempt is claimed by one atomic upsert
// before the slow password hash and decided after it: parallel guesses each see the ones claimed before them.

/** The counter row of a login, whether or not an account has it. */
export function loginSubject(login: string): string {
  return `login:${login.trim().toLowerCase()}`;
}

/** The counter row of a client address (null: no address known, one shared row). */
export function addressSubject(address: string | null): string {
  return `address:${address ?? 'unknown'}`;
}

export interface SignInClaim {
  /** Attempts counted in the current window, this one included (for a login: failures in a row plus those in flight). */
  readonly attempts: number;
  /** When the window the count belongs to began (ISO 8601). */
  readonly windowStart: string;
  /** Set while the subject is locked: the attempt must be refused without checking the password. */
  readonly lockedUntil: string | null;
}

/**
 * Counts one sign-in attempt of a subject at `at`, atomically. A window older than `windowMs`, or a lock that is
 * over, starts the count again at 1; a locked subject's count is left as it is. With `lock`, claiming more than
 * `lock.after` attempts in the window locks the subject until `at + lock.ms` at once (more guesses are in flight than
 * the account may have).
 *
 * @example
 * await claimSignInAttempt(store, loginSubject('li'), now, 15 * 60_000, { after: 5, ms: 15 * 60_000 });
 * // → { attempts: 1, windowStart: '2026-…', lockedUntil: null }
 */
export async function claimSignInAttempt(
  q: Queryable,
  subject: string,
  at: Date,
  windowMs: number,
  lock?: { readonly after: number; readonly ms: number },
): Promise<SignInClaim> {
  const since = new Date(at.getTime() - windowMs);
  const until = lock === undefined ? null : new Date(at.getTime() + lock.ms);
  const limit = lock?.after ?? null;
  const locked = sql<boolean>`coalesce(sign_in_attempt.locked_until > ${at}::timestamptz, false)`;
  const restart = sql<boolean>`(sign_in_attempt.locked_until is not null or sign_in_attempt.window_start <= ${since}::timestamptz)`;
  const row = await q.db
    .insertInto('sign_in_attempt')
    .values({ subject, window_start: at, attempts: 1, locked_until: null })
    .onConflict((oc) =>
      oc.column('subject').doUpdateSet({
        attempts: sql<number>`case when ${locked} then sign_in_attempt.attempts
          when ${restart} then 1 else sign_in_attempt.attempts + 1 end`,
        window_start: sql<Date>`case when ${locked} then sign_in_attempt.window_start
          when ${restart} then ${at}::timestamptz else sign_in_attempt.window_start end`,
        locked_until: sql<Date | null>`case when ${locked} then sign_in_attempt.locked_until
          when ${restart} then null
          when ${limit}::integer is not null and sign_in_attempt.attempts + 1 > ${limit}::integer
            then ${until}::timestamptz
          else null end`,
      }),
    )
    .returning(['attempts', 'window_start', 'locked_until'])
    .executeTakeFirstOrThrow();
  return {
    attempts: row.attempts,
    windowStart: row.window_start.toISOString(),
    lockedUntil: row.locked_until !== null && row.locked_until > at ? row.locked_until.toISOString() : null,
  };
}

/**
 * A wrong password for a login whose claim counted `attempts`: from the `lockAfter`-th the login is locked until
 * `at + lockMs`. Returns the lock in force afterwards (this one, or one set meanwhile), else null.
 */
export async function recordSignInFailure(
  q: Queryable,
  subject: string,
  at: Date,
  attempts: number,
  lockAfter: number,
  lockMs: number,
): Promise<string | null> {
  const until = new Date(at.getTime() + lockMs);
  const row = await q.db
    .updateTable('sign_in_attempt')
    .set({
      locked_until: sql<Date | null>`case when ${attempts >= lockAfter}::boolean and (locked_until is null or locked_until <= ${at}::timestamptz)
        then ${until}::timestamptz else locked_until end`,
    })
    .where('subject', '=', subject)
    .returning('locked_until')
    .executeTakeFirst();
  const lockedUntil = row?.locked_until ?? null;
  return lockedUntil !== null && lockedUntil > at ? lockedUntil.toISOString() : null;
}

/**
 * A right password: the login's count starts again — unless the login was locked while the password was being
 * checked (parallel wrong guesses), in which case nothing changes and the lock is returned: the sign-in is refused.
 */
export async function recordSignInSuccess(q: Queryable, subject: string, at: Date): Promise<string | null> {
  const cleared = await q.db
    .updateTable('sign_in_attempt')
    .set({ attempts: 0, locked_until: null })
    .where('subject', '=', subject)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  if (cleared.numUpdatedRows > 0n) return null;
  const row = await q.db
    .selectFrom('sign_in_attempt')
    .select('locked_until')
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.locked_until != null && row.locked_until > at ? row.locked_until.toISOString() : null;
}

/** Gives back an address's attempt that turned out to be a successful sign-in (same window only). */
export async function releaseSignInAttempt(q: Queryable, subject: string, windowStart: string): Promise<void> {
  await q.db
    .updateTable('sign_in_attempt')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('subject', '=', subject)
    .where('window_start', '=', new Date(windowStart))
    .where('attempts', '>', 0)
    .execute();
}

/** Removes counters that no longer matter: windows begun before `before` and not locked after it. */
export async function pruneSignInAttempts(q: Queryable, before: Date): Promise<void> {
  await q.db
    .deleteFrom('sign_in_attempt')
    .where('window_start', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

/** Clears a login's failures and lock (an administrator set a new password or enabled the account). */
async function clearLoginAttempts(q: Queryable, userId: string): Promise<void> {
  await q.db
    .deleteFrom('sign_in_attempt')
    .where('subject', '=', (eb) =>
      eb
        .selectFrom('app_user')
        .select(sql<string>`'login:' || lower(login)`.as('subject'))
        .where('user_id', '=', userId),
    )
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
    .leftJoin('sign_in_attempt as a', (j) => j.on(sql<boolean>`a.subject = 'login:' || lower(u.login)`))
    .selectAll('u')
    .select([sql<number>`coalesce(a.attempts, 0)`.as('failed_logins'), 'a.locked_until'])
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

/** Accounts with their sign-in counter (failures and lock live in sign_in_attempt since migration 0009). */
function selectUsers(q: Queryable) {
  return q.db
    .selectFrom('app_user as u')
    .leftJoin('sign_in_attempt as a', (j) => j.on(sql<boolean>`a.subject = 'login:' || lower(u.login)`))
    .selectAll('u')
    .select([sql<number>`coalesce(a.attempts, 0)`.as('failed_logins'), 'a.locked_until']);
}

type UserRow = Selectable<AppUserTable> & { readonly failed_logins: number; readonly locked_until: Date | null };

function toUserInfo(row: UserRow): UserInfo {
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
