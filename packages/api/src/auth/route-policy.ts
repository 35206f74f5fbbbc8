// The route policy table: every API route (method + OpenAPI path) has an explicit access decision. A route missing
// from the table is refused in accounts mode (fail closed), and the authorization matrix test fails, so a new route
// cannot ship without someone deciding who may call it.
import type { AccessRule } from '@anju/core';

export interface RouteDecision {
  readonly rule: AccessRule;
  /** The stricter rule when this query parameter is present (e.g. `revision` reads a draft, not the published view). */
  readonly escalate?: { readonly query: string; readonly rule: AccessRule };
  /**
   * A state-changing route that records its own audit events inside its write (imports, publish, accounts); others
   * get one generic event `http.<METHOD> <path>` after they succeed.
   */
  readonly auditsItself?: boolean;
  /** A POST that changes nothing (a computation, a validation, sign-in): no CSRF token needed before sign-in. */
  readonly noCsrf?: boolean;
}

const published: RouteDecision = { rule: 'published' };
const publishedOrDraft: RouteDecision = { rule: 'published', escalate: { query: 'revision', rule: 'read' } };
const read: RouteDecision = { rule: 'read' };
const compute: RouteDecision = { rule: 'compute' };
const editData: RouteDecision = { rule: 'edit-data', auditsItself: true };
const editPlan: RouteDecision = { rule: 'edit-plan' };

/** `METHOD /api/path/{param}` → decision. Paths are as in the OpenAPI document. */
export const ROUTE_POLICY: Readonly<Record<string, RouteDecision>> = {
  // meta
  'GET /api/health': { rule: 'open' },
  'GET /api/openapi.json': { rule: 'open' },
  // sign-in, the caller's own account
  'POST /api/auth/login': { rule: 'open', auditsItself: true, noCsrf: true },
  'POST /api/auth/logout': { rule: 'self', auditsItself: true },
  'GET /api/me': { rule: 'open' },
  'POST /api/me/password': { rule: 'self', auditsItself: true },
  // accounts and roles
  'GET /api/users': { rule: 'manage-users' },
  'POST /api/users': { rule: 'manage-users', auditsItself: true },
  'PATCH /api/users/{id}': { rule: 'manage-users', auditsItself: true },
  'POST /api/users/{id}/password': { rule: 'manage-users', auditsItself: true },
  // the audit trail
  'GET /api/audit-trail': { rule: 'audit' },
  'GET /api/audit-trail.xlsx': { rule: 'audit' },
  // reference data and the published view (正式库)
  'GET /api/cities': published,
  'GET /api/cities/{city}/units': published,
  'GET /api/measures': published,
  'GET /api/cities/{city}/series': publishedOrDraft,
  'GET /api/cities/{city}/overview': published,
  'GET /api/cities/{city}/export': publishedOrDraft,
  'GET /api/cities/{city}/market/cycles': published,
  'GET /api/cities/{city}/market/warnings': published,
  'GET /api/cities/{city}/market/prices': published,
  'GET /api/cities/{city}/market/inventory-age': published,
  'GET /api/cities/{city}/reports/{kind}': published,
  'GET /api/profiles': published,
  'GET /api/profiles/{id}': published,
  'GET /api/forecast/reference/zhangye-003': published,
  'GET /api/plan/reference/zhangye': published,
  'GET /api/plan/reference/zhangye.xlsx': published,
  // drafts and history (工作库, 历史库): explain lists every revision that stated a value
  'GET /api/cities/{city}/explain': read,
  'GET /api/cities/{city}/revisions': read,
  'GET /api/cities/{city}/revisions/{rev}': read,
  'GET /api/imports/{id}': read,
  // writes of figures: scope (district, department) is enforced again in the store's write transaction
  'POST /api/cities/{city}/imports': editData,
  'POST /api/cities/{city}/revisions/{rev}/publish': editData,
  'POST /api/cities/{city}/revisions/{rev}/discard': editData,
  // computations on the request body: nothing is written
  'POST /api/profiles/validate': compute,
  'POST /api/forecast/run': compute,
  'POST /api/forecast/compare': compute,
  'POST /api/linkage/classify': compute,
  'POST /api/linkage/solve': compute,
  'POST /api/plan/annual': compute,
  'POST /api/plan/land': compute,
  // plan-table auditor (routes/audit.ts): checks uploaded tables, stores nothing
  'POST /api/audit': compute,
  // 土地出让 (routes/land.ts): valuation, draws and auction replay are computations on the body; nothing is stored
  'POST /api/land/value': compute,
  'POST /api/draws/commit': compute,
  'POST /api/draws/run': compute,
  'POST /api/draws/verify': compute,
  'POST /api/auctions/replay': compute,
  'POST /api/auctions/simulate': compute,
  // stored market indicators (caches of the published view); recomputing them is a city-wide setting
  'GET /api/cities/{city}/market/stored-cycles': published,
  'GET /api/cities/{city}/market/warning-log': published,
  'POST /api/cities/{city}/market/recompute': editPlan,
  // 以房定地 classes and plan tracking from the published view
  'GET /api/cities/{city}/linkage/classes': published,
  'GET /api/cities/{city}/plan/tracking': published,
  // 供地台账 and 闲置土地 (routes/land-parcels.ts): the upload writes a revision (district scope enforced in the store's
  // write transaction, as for imports); the idle-land assessment reads the published parcels
  'POST /api/cities/{city}/land-parcels': editData,
  'GET /api/cities/{city}/linkage/idle': published,
  // five-year plans: published documents (SPEC §3.11 public page); saving a version is a plan edit (reason required)
  'GET /api/cities/{city}/plans': published,
  'GET /api/cities/{city}/plans/{plan}': published,
  'GET /api/cities/{city}/plans/{plan}/status': published,
  'GET /api/cities/{city}/plans/{plan}/evaluation': published,
  'POST /api/cities/{city}/plans': editPlan,
  'PUT /api/cities/{city}/plans/{plan}': editPlan,
};

/** Kept for routes other engineers add: the decision their kind of route gets (see ARCHITECTURE.md). */
export const DEFAULT_DECISIONS = { published, publishedOrDraft, read, compute, editData, editPlan } as const;

interface CompiledEntry {
  readonly method: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly path: string;
  readonly literalSegments: number;
  readonly decision: RouteDecision;
}

function compile(): CompiledEntry[] {
  const entries = Object.entries(ROUTE_POLICY).map(([key, decision]): CompiledEntry => {
    const space = key.indexOf(' ');
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    const params: string[] = [];
    const source = path
      .split('/')
      .map((segment) =>
        segment.replace(/\{(\w+)\}|[^{}]+/g, (whole, name: string | undefined) => {
          if (name !== undefined) {
            params.push(name);
            return '([^/]+)';
          }
          return whole.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }),
      )
      .join('/');
    const literalSegments = path.split('/').filter((s) => s !== '' && !s.includes('{')).length;
    return { method, pattern: new RegExp(`^${source}$`), params, path, literalSegments, decision };
  });
  // Literal paths before parameterised ones: /api/profiles/validate before /api/profiles/{id}.
  return entries.sort((a, b) => b.literalSegments - a.literalSegments || a.params.length - b.params.length);
}

let compiled: CompiledEntry[] | undefined;

/** The decision for a request, with the route path and its parameters; undefined when the table has none. */
export function findRouteDecision(
  method: string,
  path: string,
): { decision: RouteDecision; route: string; params: Record<string, string> } | undefined {
  compiled ??= compile();
  const m = method === 'HEAD' ? 'GET' : method;
  for (const entry of compiled) {
    if (entry.method !== m) continue;
    const match = entry.pattern.exec(path);
    if (match === null) continue;
    const params: Record<string, string> = {};
    entry.params.forEach((name, i) => {
      params[name] = safeDecode(match[i + 1] ?? '');
    });
    return { decision: entry.decision, route: `${entry.method} ${entry.path}`, params };
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
