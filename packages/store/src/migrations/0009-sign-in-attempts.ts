// Sign-in attempts counted in the database, one row per subject: a client address ('address:10.0.0.8') or a login
// ('login:li', whether or not an account has it — so the answers cannot tell a real login from an unknown one).
// Each attempt is counted by one atomic upsert before the slow password hash and decided after it, so parallel
// guesses cannot all pass a check made before any of them was recorded. The account lock moves here from app_user.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table sign_in_attempt (
    subject text primary key,
    window_start timestamptz not null,
    attempts integer not null check (attempts >= 0),
    locked_until timestamptz
  )`.execute(db);
  await sql`create index sign_in_attempt_window_idx on sign_in_attempt (window_start)`.execute(db);
  await sql`insert into sign_in_attempt (subject, window_start, attempts, locked_until)
    select 'login:' || lower(login), coalesce(locked_until, now()), failed_logins, locked_until
    from app_user where failed_logins > 0 or locked_until is not null`.execute(db);
  await sql`alter table app_user drop column failed_logins, drop column locked_until`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column failed_logins integer not null default 0 check (failed_logins >= 0),
    add column locked_until timestamptz`.execute(db);
  await sql`drop table sign_in_attempt`.execute(db);
}
