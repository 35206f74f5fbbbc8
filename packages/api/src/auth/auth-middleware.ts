// The gate in front of every /api route: who is calling (local user or session), is the request forged (CSRF), and
// may this caller do this (the route policy table + core's decideAccess). After a write that did not record its own
// audit event, one generic event is appended; refused writes are recorded as refused.
import { timingSafeEqual } from 'node:crypto';
import { ANONYMOUS, decideAccess, isDepartment, isRole, type AccessRule, type Principal } from '@anju/core';
import { appendAuditEvent, findSession, listUnits, StoreError, tokenDigest, type ActiveSession } from '@anju/store';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiDeps } from '../deps.js';
import { ProblemError } from '../problem.js';
import { requestCaller, type Caller } from './auth-context.js';
import { authMessages } from './auth-messages.js';
import type { ResolvedAuth } from './auth-options.js';
import { findRouteDecision } from './route-policy.js';

export const SESSION_COOKIE = 'anju_session';
export const CSRF_COOKIE = 'anju_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WRITE_RULES: ReadonlySet<AccessRule> = new Set(['edit-data', 'edit-plan', 'manage-users', 'self']);

/** The client's address: the socket's peer, or (behind a trusted proxy) the first X-Forwarded-For entry. */
export function clientAddressOf(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no socket
  }
}

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

/** The /api middleware. */
export function authMiddleware(deps: ApiDeps, auth: ResolvedAuth): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method.toUpperCase();
    const unsafe = !SAFE_METHODS.has(method);
    const found = findRouteDecision(method, c.req.path);
    const clientAddress = clientAddressOf(c, auth.trustProxy);

    if (auth.mode === 'local') {
      // No cookies to forge, but a web page could still post a form to 127.0.0.1: refuse cross-site writes.
      if (unsafe && crossOrigin(c)) throw new ProblemError(403, 'forbidden', authMessages.crossOrigin());
      const caller: Caller = {
        mode: 'local',
        principal: { login: deps.user, role: 'administrator', cityCode: null, districtCode: null, department: null },
        displayName: deps.user,
        userId: null,
        expiresAt: null,
        clientAddress,
        route: found?.route ?? null,
        audited: false,
      };
      c.set('anjuCaller', caller);
      await next();
      await afterWrite(c, deps, caller, found);
      return;
    }

    const token = getCookie(c, SESSION_COOKIE);
    const session = token === undefined || token === '' ? undefined : await findSession(deps.store, token, deps.now());
    const principal = session === undefined ? undefined : principalOf(session.user);
    const caller: Caller = {
      mode: 'accounts',
      principal: principal ?? ANONYMOUS,
      displayName: session?.user.displayName ?? '',
      userId: session?.user.userId ?? null,
      expiresAt: session?.expiresAt ?? null,
      clientAddress,
      route: found?.route ?? null,
      audited: false,
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
        await refused(c, deps, caller, found.route, params);
        throw new ProblemError(403, 'forbidden', authMessages.csrfMissing());
      }
    }
    if (unsafe && decision.noCsrf === true && crossOrigin(c)) {
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
      if (unsafe) await refused(c, deps, caller, found.route, params);
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
    await requestCaller.run(caller, next);
    await afterWrite(c, deps, caller, found);
  };
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

/** A browser request whose Origin is another site than the one it was sent to. */
function crossOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === 'null';
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  try {
    return host !== undefined && new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Records a refused write attempt. */
async function refused(
  c: Context,
  deps: ApiDeps,
  caller: Caller,
  route: string,
  params: Record<string, string>,
): Promise<void> {
  if (caller.principal.login === '') return;
  await appendAuditEvent(deps.store, {
    at: deps.now(),
    actor: caller.principal.login,
    actorRole: caller.principal.role,
    action: `http.${route}`,
    cityCode: params['city'] ?? null,
    target: c.req.path,
    clientAddress: caller.clientAddress,
    outcome: 'refused',
  }).catch((e: unknown) => deps.logError(e, 'audit'));
}

/** After the handler: a generic audit event for a successful write that recorded none; a refused one for a scope refusal. */
async function afterWrite(
  c: Context,
  deps: ApiDeps,
  caller: Caller,
  found: ReturnType<typeof findRouteDecision>,
): Promise<void> {
  if (found === undefined || SAFE_METHODS.has(c.req.method.toUpperCase())) return;
  if (c.error instanceof StoreError && c.error.code === 'out-of-scope') {
    await refused(c, deps, caller, found.route, found.params);
    return;
  }
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

/** Registers the gate on `/api/*` before any route is added; returns the same app (its type unchanged). */
export function withAuth<T extends { use: (path: string, handler: MiddlewareHandler) => unknown }>(
  app: T,
  deps: ApiDeps,
  auth: ResolvedAuth,
): T {
  app.use('/api/*', authMiddleware(deps, auth));
  return app;
}
