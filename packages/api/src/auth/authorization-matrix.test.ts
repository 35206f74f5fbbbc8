// The authorization matrix: every API route (enumerated from the app itself: the OpenAPI registry and Hono's route
// list) × every role (and the anonymous visitor) × a target in the caller's own district / department and one
// outside it. A route without an entry in ROUTE_POLICY fails here, so nobody can add a route without deciding who
// may call it. Allowed = anything but 401/403; refused = 403 problem+json with a Chinese detail (401 for anonymous).
import { randomUUID } from 'node:crypto';
import type { AccessRule } from '@anju/core';
import { createRevision, writeObservations, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observationRow } from '../../../store/src/testing/observation-rows.js';
import { createApp } from '../app.js';
import { addTestAccounts, asSession, signIn, TEST_ACCOUNTS, type App, type Session } from '../testing/accounts.js';
import { AT, openSampleStore } from '../testing/sample-store.js';
import { addAccount } from './account-service.js';
import { ROUTE_POLICY } from './route-policy.js';

type Caller = (typeof TEST_ACCOUNTS)[number]['login'] | 'anonymous';
type Target = 'own' | 'other';
type Expect = 'both' | 'own' | 'none';

const CALLERS: readonly Caller[] = [...TEST_ACCOUNTS.map((a) => a.login), 'anonymous'];

// What each rule means for each caller, restated independently of core's decideAccess: 'own' = allowed only on a
// target inside the caller's district (ganzhou: 620702 甘州区) or department (landbureau: 资源规划, land measures).
const EXPECTED: Readonly<Record<AccessRule, Readonly<Record<Caller, Expect>>>> = {
  open: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'both',
    landbureau: 'both',
    reader: 'both',
    kiosk: 'both',
    anonymous: 'both',
  },
  published: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'both',
    landbureau: 'both',
    reader: 'both',
    kiosk: 'both',
    anonymous: 'both',
  },
  read: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'both',
    landbureau: 'both',
    reader: 'both',
    kiosk: 'none',
    anonymous: 'none',
  },
  compute: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'both',
    landbureau: 'both',
    reader: 'both',
    kiosk: 'none',
    anonymous: 'none',
  },
  self: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'both',
    landbureau: 'both',
    reader: 'both',
    kiosk: 'both',
    anonymous: 'none',
  },
  'edit-data': {
    root: 'both',
    analyst: 'both',
    ganzhou: 'own',
    landbureau: 'own',
    reader: 'none',
    kiosk: 'none',
    anonymous: 'none',
  },
  'edit-plan': {
    root: 'both',
    analyst: 'both',
    ganzhou: 'none',
    landbureau: 'none',
    reader: 'none',
    kiosk: 'none',
    anonymous: 'none',
  },
  audit: {
    root: 'both',
    analyst: 'both',
    ganzhou: 'none',
    landbureau: 'none',
    reader: 'none',
    kiosk: 'none',
    anonymous: 'none',
  },
  'manage-users': {
    root: 'both',
    analyst: 'none',
    ganzhou: 'none',
    landbureau: 'none',
    reader: 'none',
    kiosk: 'none',
    anonymous: 'none',
  },
};

// Own target: 甘州区 with a land measure (inside ganzhou's district and landbureau's department); other: 临泽县 with a
// housing measure (outside both).
const TARGETS = {
  own: { unit: '620702', measure: 'land.residential-supplied', value: '3.5' },
  other: { unit: '620723', measure: 'housing.sales-area', value: '4' },
} as const;

let store: Store;
let app: App;
const sessions = new Map<Caller, Session | undefined>();
let targetUserId = '';

/** Every /api route of the app as 'METHOD /path/{param}'. */
function appRoutes(a: App): string[] {
  const found = new Set<string>();
  for (const def of a.openAPIRegistry.definitions) {
    if (def.type === 'route') found.add(`${def.route.method.toUpperCase()} ${def.route.path}`);
  }
  for (const r of a.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    found.add(`${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...found].sort();
}

async function draftIn(target: Target): Promise<string> {
  const t = TARGETS[target];
  return store.transaction(async (tx) => {
    const id = await createRevision(tx, {
      cityCode: '620700',
      kind: 'import',
      createdBy: 'matrix',
      createdAt: AT,
      reason: `matrix ${target}`,
      synthetic: false,
      simulated: false,
    });
    await writeObservations(tx, id, '620700', [
      observationRow(t.unit, t.measure, '2031', t.value, { uom: t.measure.startsWith('land') ? 'ha' : 'wan-sqm' }),
    ]);
    return id;
  });
}

async function request(route: string, caller: Caller, target: Target): Promise<Response> {
  const [method, path] = route.split(' ') as [string, string];
  const t = TARGETS[target];
  let session = sessions.get(caller);
  const params: Record<string, string> = { city: '620700', kind: 'monthly', id: '1' };
  if (route === 'POST /api/auth/logout' && caller !== 'anonymous') session = await signIn(app, caller);
  if (path.includes('{rev}')) params['rev'] = await draftIn(target);
  if (path.startsWith('/api/imports/')) params['id'] = randomUUID();
  if (path.startsWith('/api/users/')) params['id'] = targetUserId;
  const url = `${path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? '1'))}?unit=${t.unit}&measure=${t.measure}`;
  if (method === 'GET') return asSession(app, session, url);
  if (route === 'POST /api/cities/{city}/imports') {
    const form = new FormData();
    const csv = `单元,期间,指标,数值\n${t.unit},2031-01,${t.measure},${t.value}\n`;
    form.append('file', new Blob([csv]), `${target}.csv`);
    form.append('dryRun', 'true');
    return asSession(app, session, url, { method, body: form });
  }
  const json: unknown =
    route === 'POST /api/auth/login'
      ? { login: 'spare', password: 'Reserve-Pass-2026' }
      : route === 'POST /api/me/password'
        ? { currentPassword: 'not-the-password', newPassword: 'x' }
        : route === 'POST /api/users/{id}/password'
          ? { password: 'short' }
          : path.endsWith('/publish') || path.endsWith('/discard')
            ? { reason: '授权矩阵测试' }
            : {};
  return asSession(app, session, url, { method, json });
}

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, auth: { mode: 'accounts' }, logError: () => {} });
  await addTestAccounts(store, AT);
  await addAccount(
    store,
    { login: 'spare', displayName: 'spare', role: 'viewer', password: 'Reserve-Pass-2026' },
    'test',
    AT,
  );
  const target = await addAccount(
    store,
    { login: 'target', displayName: 'target', role: 'viewer', password: 'Other-Pass-2026' },
    'test',
    AT,
  );
  targetUserId = target.user.userId;
  for (const a of TEST_ACCOUNTS) sessions.set(a.login, await signIn(app, a.login));
  sessions.set('anonymous', undefined);
}, 300_000);

afterAll(async () => {
  await store?.close();
});

describe('authorization matrix', () => {
  it('has a decision for every route of the app, and no decision for a route that does not exist', () => {
    const routes = appRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(45);
    expect(routes.filter((r) => ROUTE_POLICY[r] === undefined)).toEqual([]);
    expect(Object.keys(ROUTE_POLICY).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('allows or refuses every route × role × own / other target as the policy says', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of appRoutes(app)) {
      const decision = ROUTE_POLICY[route];
      if (decision === undefined) continue;
      for (const caller of CALLERS) {
        for (const target of ['own', 'other'] as const) {
          const expect_ = EXPECTED[decision.rule][caller];
          const allowed = expect_ === 'both' || (expect_ === 'own' && target === 'own');
          const res = await request(route, caller, target);
          checked++;
          const body = await res.text();
          if (allowed) {
            if (res.status === 401 || res.status === 403 || res.status >= 500) {
              wrong.push(`${route} ${caller} ${target}: expected allowed, got ${res.status} ${body.slice(0, 160)}`);
            }
            continue;
          }
          const status = caller === 'anonymous' ? 401 : 403;
          const problem = (() => {
            try {
              return JSON.parse(body) as { detail?: string; status?: number };
            } catch {
              return {};
            }
          })();
          const chinese = /[\u4e00-\u9fff]/.test(problem.detail ?? '');
          if (
            res.status !== status ||
            !res.headers.get('content-type')?.startsWith('application/problem+json') ||
            !chinese
          ) {
            wrong.push(
              `${route} ${caller} ${target}: expected ${status} with a Chinese problem, got ${res.status} ${body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(appRoutes(app).length * CALLERS.length * 2);
  }, 600_000);
});
