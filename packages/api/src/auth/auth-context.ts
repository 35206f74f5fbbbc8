// What the auth middleware tells the handlers about the caller: the principal, how the app is secured, and helpers
// for the user name, audit context and write scope a handler passes down to the store.
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeScopeOf, type Principal } from '@anju/core';
import { appendAuditEvent, type AuditContext, type WriteScope } from '@anju/store';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps.js';

/** How the API is secured. */
export type AuthMode = 'local' | 'accounts';

/** The caller as the middleware resolved it. */
export interface Caller {
  readonly mode: AuthMode;
  /** Anonymous callers (accounts mode, no session) have the `public` role and an empty login. */
  readonly principal: Principal;
  readonly displayName: string;
  readonly userId: string | null;
  /** The session's expiry (accounts mode, signed in). */
  readonly expiresAt: string | null;
  readonly clientAddress: string | null;
  /** The route's entry in the policy table (`POST /api/cities/{city}/imports`), or null outside it. */
  readonly route: string | null;
  /** Set by a handler that recorded its own audit event, so the middleware does not add a generic one. */
  audited: boolean;
  /** Set once a refusal of this request is in the trail (by the middleware, or by sign-in's own events). */
  refusalAudited: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    anjuCaller: Caller;
  }
}

/** The caller of this request; in local mode (or before the middleware ran) the embedded single user. */
export function callerOf(c: Context, deps: ApiDeps): Caller {
  return (
    c.get('anjuCaller') ?? {
      mode: 'local',
      principal: { login: deps.user, role: 'administrator', cityCode: null, districtCode: null, department: null },
      displayName: deps.user,
      userId: null,
      expiresAt: null,
      clientAddress: null,
      route: null,
      audited: false,
      refusalAudited: false,
    }
  );
}

/** The name recorded as who wrote a revision: the signed-in login, or the server's user in local mode. */
export function actorOf(c: Context, deps: ApiDeps): string {
  return callerOf(c, deps).principal.login || deps.user;
}

/** Role and client address for the store's audit events; marks the request as audited. */
export function auditContextOf(c: Context, deps: ApiDeps): AuditContext {
  const caller = callerOf(c, deps);
  caller.audited = true;
  return { actorRole: caller.mode === 'local' ? 'local' : caller.principal.role, clientAddress: caller.clientAddress };
}

/** The scope the store enforces on this caller's writes (undefined = unrestricted). */
export function writeScopeFor(c: Context, deps: ApiDeps): WriteScope | undefined {
  const scope = writeScopeOf(callerOf(c, deps).principal);
  if (scope.districtCode === null && scope.measureCodes === null) return undefined;
  return scope;
}

/** The caller of the request being handled, for code that has no Context (deps.user). */
export const requestCaller = new AsyncLocalStorage<Caller>();

/** The signed-in login of the request being handled, or undefined (local mode, anonymous, outside a request). */
export function currentLogin(): string | undefined {
  const caller = requestCaller.getStore();
  return caller === undefined || caller.mode === 'local' || caller.principal.login === ''
    ? undefined
    : caller.principal.login;
}

/**
 * A dry run writes nothing (its revision and events are rolled back), but the attempt is still part of the trail:
 * one event `http.<route>` with `valueAfter.dryRun`, outside the rolled-back transaction.
 */
export async function recordDryRun(
  c: Context,
  deps: ApiDeps,
  cityCode: string,
  file: string,
  counts: Readonly<Record<string, number>>,
): Promise<void> {
  const caller = callerOf(c, deps);
  await appendAuditEvent(deps.store, {
    at: deps.now(),
    actor: actorOf(c, deps),
    actorRole: caller.mode === 'local' ? 'local' : caller.principal.role,
    action: `http.${caller.route ?? `${c.req.method} ${c.req.path}`}`,
    cityCode,
    target: c.req.path,
    valueAfter: { dryRun: true, file, ...counts },
    clientAddress: caller.clientAddress,
  });
}
