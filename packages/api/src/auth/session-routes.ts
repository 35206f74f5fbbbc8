// Sign-in, sign-out, who am I, and changing one's own password.
import { ROLE_LABELS } from '@anju/core';
import {
  addressSubject,
  appendAuditEvent,
  claimSignInAttempt,
  createSession,
  endSession,
  findUserByLogin,
  loginSubject,
  recordSignInFailure,
  recordSignInSuccess,
  releaseSignInAttempt,
  setPasswordHash,
} from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { newRouter, type ApiDeps } from '../deps.js';
import { badRequest, langOf, ProblemError, problemResponse } from '../problem.js';
import { jsonResponse, problemResponses } from '../routes/common-schemas.js';
import { callerOf } from './auth-context.js';
import { authMessages } from './auth-messages.js';
import { CSRF_COOKIE, SESSION_COOKIE, principalOf } from './auth-middleware.js';
import type { AuthState } from './auth-state.js';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordWeakness, randomToken, verifyPassword } from './password.js';
import { MeSchema } from './user-schemas.js';

const authProblems = {
  401: {
    description: '未登录或用户名密码错误 / not signed in, or wrong credentials',
    content: { 'application/problem+json': { schema: z.record(z.string(), z.unknown()) } },
  },
  403: {
    description: '无权操作 / forbidden',
    content: { 'application/problem+json': { schema: z.record(z.string(), z.unknown()) } },
  },
} as const;

const LoginBody = z.object({
  login: z.string().trim().min(1).max(100).openapi({ example: 'admin' }),
  password: z.string().min(1).max(1000),
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: '登录（设置 HttpOnly 会话 Cookie）/ sign in (sets an HttpOnly session cookie)',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: jsonResponse(MeSchema, 'signed in'),
    ...problemResponses(400),
    ...authProblems,
    423: { description: '账户已锁定 / account locked' },
    429: { description: '尝试过于频繁 / too many attempts' },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: '退出登录（会话立即失效）/ sign out (the session ends at once)',
  responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), 'signed out'), ...authProblems },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['auth'],
  summary: '当前用户与角色 / the current user and role',
  responses: { 200: jsonResponse(MeSchema, 'who is calling') },
});

const PasswordBody = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(1).max(1000),
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/api/me/password',
  tags: ['auth'],
  summary: '修改本人密码（其他会话随之失效）/ change your password (other sessions end)',
  request: { body: { content: { 'application/json': { schema: PasswordBody } }, required: true } },
  responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), 'changed'), ...problemResponses(400), ...authProblems },
});

// Verifying against this when the login is unknown keeps the answer as slow as for a known login.
let dummyHash: Promise<string> | undefined;

function secure(c: Context, state: AuthState): boolean {
  const s = state.options.secureCookies;
  if (s !== 'auto') return s;
  if (state.options.trustProxy > 0 && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

function setSessionCookies(c: Context, state: AuthState, token: string, csrf: string): void {
  const maxAge = Math.floor(state.options.sessionMs / 1000);
  const base = { path: '/', secure: secure(c, state), sameSite: 'Strict' as const, maxAge };
  setCookie(c, SESSION_COOKIE, token, { ...base, httpOnly: true });
  // Readable by the dashboard's script, which echoes it in X-CSRF-Token (double submit).
  setCookie(c, CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

function clearSessionCookies(c: Context, state: AuthState): void {
  const base = { path: '/', secure: secure(c, state), sameSite: 'Strict' as const };
  deleteCookie(c, SESSION_COOKIE, { ...base, httpOnly: true });
  deleteCookie(c, CSRF_COOKIE, base);
}

export function sessionRoutes(deps: ApiDeps, state: AuthState) {
  return newRouter()
    .openapi(loginRoute, async (c) => {
      if (state.options.mode === 'local') throw badRequest(authMessages.localMode());
      const { login, password } = c.req.valid('json');
      const now = deps.now();
      const o = state.options;
      const caller = callerOf(c, deps);
      // The sign-in records its own events, refusals included.
      caller.audited = true;
      caller.refusalAudited = true;
      const address = addressSubject(caller.clientAddress);
      await state.pruneIfDue(deps.store, now);
      const audit = (
        action: 'session.login' | 'session.login-failed' | 'session.locked',
        outcome: 'ok' | 'refused',
        actor: { login: string; role: string | null },
        reason: string | null = null,
      ) =>
        appendAuditEvent(deps.store, {
          at: now,
          actor: actor.login,
          actorRole: actor.role,
          action,
          target: `user ${actor.login}`,
          clientAddress: caller.clientAddress,
          outcome,
          reason,
        });
      const lang = langOf(c.req.header('accept-language'));

      // Count the attempt before the slow hash: parallel guesses each see the ones counted before them.
      const byAddress = await claimSignInAttempt(deps.store, address, now, o.rateWindowMs);
      if (byAddress.attempts > o.maxFailuresPerAddress) {
        const wait = Math.max(
          1,
          Math.ceil((new Date(byAddress.windowStart).getTime() + o.rateWindowMs - now.getTime()) / 1000),
        );
        await audit('session.login-failed', 'refused', { login, role: null }, 'rate-limited (429)');
        const res = problemResponse(new ProblemError(429, 'too-many-requests', authMessages.rateLimited(wait)), lang);
        res.headers.set('Retry-After', String(wait));
        return res;
      }
      const user = await findUserByLogin(deps.store, login);
      const actor = { login: user?.login ?? login, role: user?.role ?? null };
      // Every login is counted the same way, whether an account has it or not: the answers cannot tell them apart.
      const subject = loginSubject(login);
      const lockMinutes = Math.round(o.lockMs / 60_000);
      const lockedAnswer = (until: string) =>
        new ProblemError(423, 'locked', authMessages.locked(clock(until), lockMinutes));
      const claim = await claimSignInAttempt(deps.store, subject, now, o.lockMs, { after: o.lockAfter, ms: o.lockMs });
      if (claim.lockedUntil !== null) {
        await audit('session.login-failed', 'refused', actor, 'locked');
        throw lockedAnswer(claim.lockedUntil);
      }
      const active = user !== undefined && user.disabledAt === null;
      dummyHash ??= hashPassword(randomToken());
      const right = await verifyPassword(password, active ? user.passwordHash : await dummyHash);
      if (!right || user === undefined || user.disabledAt !== null) {
        const lockedUntil = await recordSignInFailure(deps.store, subject, now, claim.attempts, o.lockAfter, o.lockMs);
        if (lockedUntil !== null) {
          await audit('session.locked', 'refused', actor);
          throw lockedAnswer(lockedUntil);
        }
        await audit('session.login-failed', 'refused', actor);
        throw new ProblemError(401, 'unauthorized', authMessages.badCredentials());
      }
      // Decide after the hash: a lock set meanwhile by parallel wrong guesses refuses even the right password.
      const lockedMeanwhile = await recordSignInSuccess(deps.store, subject, now);
      if (lockedMeanwhile !== null) {
        await audit('session.login-failed', 'refused', actor, 'locked');
        throw lockedAnswer(lockedMeanwhile);
      }
      await releaseSignInAttempt(deps.store, address, byAddress.windowStart);
      const token = randomToken();
      const csrf = randomToken();
      const expiresAt = new Date(now.getTime() + o.sessionMs);
      await createSession(deps.store, {
        token,
        csrfToken: csrf,
        userId: user.userId,
        at: now,
        expiresAt,
        clientAddress: caller.clientAddress,
      });
      await audit('session.login', 'ok', actor);
      setSessionCookies(c, state, token, csrf);
      const p = principalOf(user);
      return c.json(
        {
          mode: 'accounts' as const,
          user: { ...p, displayName: user.displayName },
          expiresAt: expiresAt.toISOString(),
          csrfToken: csrf,
        },
        200,
      );
    })
    .openapi(logoutRoute, async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      const caller = callerOf(c, deps);
      if (token !== undefined && (await endSession(deps.store, token, deps.now()))) {
        await appendAuditEvent(deps.store, {
          at: deps.now(),
          actor: caller.principal.login,
          actorRole: caller.principal.role,
          action: 'session.logout',
          target: `user ${caller.principal.login}`,
          clientAddress: caller.clientAddress,
        });
      }
      clearSessionCookies(c, state);
      return c.json({ ok: true }, 200);
    })
    .openapi(meRoute, (c) => {
      const caller = callerOf(c, deps);
      const signedIn = caller.mode === 'local' || caller.principal.login !== '';
      const p = caller.principal;
      return c.json(
        {
          mode: caller.mode,
          user: signedIn
            ? {
                login: p.login,
                displayName: caller.displayName,
                role: p.role,
                cityCode: p.cityCode,
                districtCode: p.districtCode,
                department: p.department,
              }
            : null,
          expiresAt: caller.expiresAt,
          csrfToken: signedIn && caller.mode === 'accounts' ? (getCookie(c, CSRF_COOKIE) ?? null) : null,
        },
        200,
      );
    })
    .openapi(passwordRoute, async (c) => {
      const caller = callerOf(c, deps);
      if (caller.mode === 'local' || caller.userId === null) throw badRequest(authMessages.localMode());
      const { currentPassword, newPassword } = c.req.valid('json');
      const user = await findUserByLogin(deps.store, caller.principal.login);
      if (user === undefined || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw badRequest(authMessages.wrongCurrentPassword(), [
          { field: 'currentPassword', text: authMessages.wrongCurrentPassword() },
        ]);
      }
      if (passwordWeakness(newPassword, user.login) !== undefined) {
        const text = authMessages.weakPassword(MIN_PASSWORD_LENGTH);
        throw badRequest(text, [{ field: 'newPassword', text }]);
      }
      const hash = await hashPassword(newPassword);
      const now = deps.now();
      await deps.store.transaction(async (tx) => {
        await setPasswordHash(tx, user.userId, hash, now);
        await appendAuditEvent(tx, {
          at: now,
          actor: user.login,
          actorRole: user.role,
          action: 'user.password',
          target: `user ${user.login}`,
          valueAfter: { by: 'self', role: ROLE_LABELS[principalOf(user).role].en },
          clientAddress: caller.clientAddress,
        });
      });
      clearSessionCookies(c, state);
      return c.json({ ok: true }, 200);
    });
}

/** 'YYYY-MM-DD HH:MM' (UTC+8, the time the users read) of an ISO instant. */
function clock(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
