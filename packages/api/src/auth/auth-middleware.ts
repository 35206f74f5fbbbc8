// The gate in front of every /api route: who is calling (local user or session), is the request forged (CSRF), and
// may this caller do this (the route policy table + core's decideAccess). After a write that did not record its own
// audit event, one generic event is appended; refused writes are recorded as refused.
import { timingSafeEqual } from 'node:crypto';
import { ANONYMOUS, decideAccess, isDepartment, isRole, type AccessRule, type Principal } from '@anju/core';
import { appendAuditEvent, findSession, listUnits, StoreError, tokenDigest, type ActiveSession } from '@anju/store';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiDeps } from '../deps.js';
import { ProblemError } from '../problem.js';
import { requestCaller, type Caller } from './auth-context.js';
import { authMessages } from './auth-messages.js';
import type { ResolvedAuth } from './auth-options.js';
import { clientAddressOf, isCrossOrigin, isLoopbackHostHeader, requestHostOf } from './request-origin.js';
import { findRouteDecision } from './route-policy.js';

export const SESSION_COOKIE = 'anju_session';
export const CSRF_COOKIE = 'anju_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WRITE_RULES: ReadonlySet<AccessRule> = new Set(['edit-data', 'edit-plan', 'manage-users', 'self']);

/** The principal an account row stands for. */
export function principalOf(user: ActiveSession['user']): Principal {
  return {
    login: user.login,
    role: isRole(user.role) ? user.role : 'public',
    cityCode: user.cityCode,
    districtCode: user.districtCode,
    department: user.department !== null && isDepartment(user.department) ? user.department : null,
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who is calling before the gate has decided anything: the local user, or (accounts mode) nobody yet. */
function initialCaller(deps: ApiDeps, auth: ResolvedAuth, c: Context, route: string | null): Caller {
  const local = auth.mode === 'local';
  return {
    mode: auth.mode,
    principal: local
      ? { login: deps.user, role: 'administrator', cityCode: null, districtCode: null, department: null }
      : ANONYMOUS,
    displayName: local ? deps.user : '',
    userId: null,
    expiresAt: null,
    clientAddress: clientAddressOf(c, auth.trustProxy),
    route,
    audited: false,
    refusalAudited: false,
  };
}

/**
 * Local mode answers only requests sent to this machine by name: a `Host` other than 127.0.0.1, localhost or [::1]
 * (with any port) is a DNS-rebinding page's request, whatever its Origin says. Registered on every path, the
 * dashboard's files included.
 */
export function localHostGuard(deps: ApiDeps, auth: ResolvedAuth): MiddlewareHandler {
  return async (c, next) => {
    if (auth.mode === 'local' && !isLoopbackHostHeader(requestHostOf(c, 0))) {
      const problem = new ProblemError(403, 'forbidden', authMessages.notLoopbackHost(requestHostOf(c, 0)));
      if (!SAFE_METHODS.has(c.req.method.toUpperCase())) {
        const found = findRouteDecision(c.req.method.toUpperCase(), c.req.path);
        await recordRefusal(c, deps, initialCaller(deps, auth, c, found?.route ?? null), found);
      }
      throw problem;
    }
    await next();
  };
}

/** The /api middleware. */
export function authMiddleware(deps: ApiDeps, auth: ResolvedAuth): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method.toUpperCase();
    const unsafe = !SAFE_METHODS.has(method);
    const found = findRouteDecision(method, c.req.path);
    let caller = initialCaller(deps, auth, c, found?.route ?? null);
    try {
      caller = await admit(c, deps, auth, caller, found);
    } catch (error) {
      // Every refused write leaves an event, anonymous ones and routes missing from the policy table included, with
      // the caller as far as the gate got to know it.
      if (unsafe && error instanceof ProblemError) await recordRefusal(c, deps, c.get('anjuCaller') ?? caller, found);
      throw error;
    }
    if (caller.mode === 'local') await next();
    else await requestCaller.run(caller, next);
    await afterWrite(c, deps, caller, found);
  };
}

/** The gate: resolves the caller and refuses (throws a ProblemError) what it may not do. */
async function admit(
  c: Context,
  deps: ApiDeps,
  auth: ResolvedAuth,
  initial: Caller,
  found: ReturnType<typeof findRouteDecision>,
): Promise<Caller> {
  const method = c.req.method.toUpperCase();
  const unsafe = !SAFE_METHODS.has(method);

  if (auth.mode === 'local') {
    // No cookies to forge, but a web page could still post to 127.0.0.1: a write's Origin must be this very host
    // (which localHostGuard already held to loopback), never another site.
    c.set('anjuCaller', initial);
    if (unsafe && isCrossOrigin(c, 0)) throw new ProblemError(403, 'forbidden', authMessages.crossOrigin());
    return initial;
  }

  const token = getCookie(c, SESSION_COOKIE);
  const session = token === undefined || token === '' ? undefined : await findSession(deps.store, token, deps.now());
  const principal = session === undefined ? undefined : principalOf(session.user);
  const caller: Caller = {
    ...initial,
    principal: principal ?? ANONYMOUS,
    displayName: session?.user.displayName ?? '',
    userId: session?.user.userId ?? null,
    expiresAt: session?.expiresAt ?? null,
  };
  c.set('anjuCaller', caller);

  if (found === undefined) {
    if (principal === undefined) throw new ProblemError(401, 'unauthorized', authMessages.signInRequired());
    throw new ProblemError(403, 'forbidden', authMessages.noDecision(method, c.req.path));
  }
  const { decision, params } = found;
  const rule =
    decision.escalate !== undefined && c.req.query(decision.escalate.query) !== undefined
      ? decision.escalate.rule
      : decision.rule;

  if (unsafe && decision.noCsrf !== true && session !== undefined) {
    const header = c.req.header(CSRF_HEADER) ?? '';
    const cookie = getCookie(c, CSRF_COOKIE) ?? '';
    if (header === '' || !sameToken(header, cookie) || tokenDigest(header) !== session.csrfSha256) {
      throw new ProblemError(403, 'forbidden', authMessages.csrfMissing());
    }
  }
  if (unsafe && decision.noCsrf === true && isCrossOrigin(c, auth.trustProxy)) {
    throw new ProblemError(403, 'forbidden', authMessages.crossOrigin());
  }

  const cityCode = params['city'];
  const unitCodes = rule === 'edit-data' || rule === 'edit-plan' ? (c.req.queries('unit') ?? []) : [];
  const measureCodes = rule === 'edit-data' || rule === 'edit-plan' ? (c.req.queries('measure') ?? []) : [];
  const unitDistricts =
    principal?.role === 'district-editor' && cityCode !== undefined && unitCodes.length > 0
      ? await districtsOf(deps, cityCode)
      : undefined;
  const verdict = decideAccess(rule, principal, {
    ...(cityCode === undefined ? {} : { cityCode }),
    unitCodes,
    measureCodes,
    ...(unitDistricts === undefined ? {} : { unitDistricts }),
  });
  if (!verdict.allowed) {
    if (verdict.reason === 'sign-in') throw new ProblemError(401, 'unauthorized', authMessages.signInRequired());
    const p = principal!;
    const text =
      verdict.reason === 'city'
        ? authMessages.cityRefused(verdict.subject ?? '', p.cityCode ?? '')
        : verdict.reason === 'district'
          ? authMessages.districtRefused(verdict.subject ?? '', p.districtCode ?? '')
          : verdict.reason === 'department'
            ? authMessages.departmentRefused(verdict.subject ?? '', p.department ?? '')
            : authMessages.roleRefused(p.role, rule);
    throw new ProblemError(403, 'forbidden', text);
  }
  return caller;
}

/** Each unit's district (the ancestor of level 'district', or the unit itself), null above the districts. */
async function districtsOf(deps: ApiDeps, cityCode: string): Promise<Map<string, string | null>> {
  const units = await listUnits(deps.store, cityCode);
  const byCode = new Map(units.map((u) => [u.unitCode, u]));
  const out = new Map<string, string | null>();
  for (const u of units) {
    let at: typeof u | undefined = u;
    while (at !== undefined && at.level !== 'district')
      at = at.parentCode === null ? undefined : byCode.get(at.parentCode);
    out.set(u.unitCode, at?.unitCode ?? null);
  }
  return out;
}

/** Who a refused caller is in the trail: the signed-in login, the local user, or nobody signed in. */
export const ANONYMOUS_ACTOR = '(anonymous)';

/** Records a refused write attempt, once per request. */
async function recordRefusal(
  c: Context,
  deps: ApiDeps,
  caller: Caller,
  found: ReturnType<typeof findRouteDecision>,
): Promise<void> {
  if (caller.refusalAudited) return;
  caller.refusalAudited = true;
  await appendAuditEvent(deps.store, {
    at: deps.now(),
    actor: caller.principal.login || ANONYMOUS_ACTOR,
    actorRole: caller.mode === 'local' ? 'local' : caller.principal.role,
    action: found === undefined ? `http.${c.req.method.toUpperCase()} ${c.req.path}` : `http.${found.route}`,
    cityCode: found?.params['city'] ?? null,
    target: c.req.path,
    clientAddress: caller.clientAddress,
    outcome: 'refused',
  }).catch((e: unknown) => deps.logError(e, 'audit'));
}

/** Errors of a handler that refuse the caller (rather than reject the input): recorded as refused writes. */
function isRefusal(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'out-of-scope';
  return error instanceof ProblemError && [401, 403, 413, 423, 429].includes(error.status);
}

/** After the handler: a generic audit event for a successful write that recorded none; a refused one for a refusal. */
async function afterWrite(
  c: Context,
  deps: ApiDeps,
  caller: Caller,
  found: ReturnType<typeof findRouteDecision>,
): Promise<void> {
  if (SAFE_METHODS.has(c.req.method.toUpperCase())) return;
  if (isRefusal(c.error)) {
    await recordRefusal(c, deps, caller, found);
    return;
  }
  if (found === undefined) return;
  if (caller.audited || found.decision.auditsItself === true || !WRITE_RULES.has(found.decision.rule)) return;
  if (c.res.status >= 400) return;
  let reason: string | null = null;
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (typeof body === 'object' && body !== null && typeof (body as { reason?: unknown }).reason === 'string') {
      reason = (body as { reason: string }).reason;
    }
  }
  await appendAuditEvent(deps.store, {
    at: deps.now(),
    actor: caller.principal.login || deps.user,
    actorRole: caller.mode === 'local' ? 'local' : caller.principal.role,
    action: `http.${found.route}`,
    cityCode: found.params['city'] ?? null,
    target: c.req.path,
    reason,
    clientAddress: caller.clientAddress,
  }).catch((e: unknown) => deps.logError(e, 'audit'));
}

/**
 * Registers the gate on `/api/*` before any route is added, then `inner` (the body limit) behind it, so a refusal
 * of the inner middleware is audited as a refused write; returns the same app (its type unchanged).
 */
export function withAuth<T extends { use: (path: string, ...handlers: MiddlewareHandler[]) => unknown }>(
  app: T,
  deps: ApiDeps,
  auth: ResolvedAuth,
  ...inner: MiddlewareHandler[]
): T {
  app.use('/api/*', authMiddleware(deps, auth), ...inner);
  return app;
}
