// Test support (not built, not exported): accounts of every role on a sample store, signed in, with a request helper
// that carries the session cookie and the CSRF header the way the dashboard does.
import type { Role } from '@anju/core';
import type { Store } from '@anju/store';
import type { createApp } from '../app.js';
import { addAccount } from '../auth/account-service.js';

export type App = ReturnType<typeof createApp>;

/** A signed-in account: its cookie header and CSRF token. */
export interface Session {
  readonly login: string;
  readonly cookie: string;
  readonly csrf: string;
}

export const PASSWORD = 'matrix-Password-2026';

export const TEST_ACCOUNTS: readonly {
  readonly login: string;
  readonly role: Role;
  readonly cityCode?: string;
  readonly districtCode?: string;
  readonly department?: 'natural-resources';
}[] = [
  { login: 'root', role: 'administrator' },
  { login: 'analyst', role: 'city-analyst', cityCode: '620700' },
  { login: 'ganzhou', role: 'district-editor', cityCode: '620700', districtCode: '620702' },
  { login: 'landbureau', role: 'department-user', cityCode: '620700', department: 'natural-resources' },
  { login: 'reader', role: 'viewer', cityCode: '620700' },
  { login: 'kiosk', role: 'public' },
];

export async function addTestAccounts(store: Store, at: Date): Promise<void> {
  for (const a of TEST_ACCOUNTS) {
    await addAccount(store, { displayName: a.login, ...a, password: PASSWORD }, 'test', at);
  }
}

/** The Set-Cookie headers of a response as one Cookie request header. */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

export async function signIn(
  app: App,
  login: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Session> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { login, cookie: cookieHeader(res), csrf: body.csrfToken };
}

/** A request as a signed-in session (cookie + X-CSRF-Token), or anonymous when `session` is undefined. */
export function asSession(
  app: App,
  session: Session | undefined,
  url: string,
  init: { method?: string; body?: BodyInit; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (session !== undefined) {
    headers['cookie'] = session.cookie;
    headers['x-csrf-token'] = session.csrf;
  }
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  return Promise.resolve(
    app.request(url, { method: init.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) }),
  );
}
