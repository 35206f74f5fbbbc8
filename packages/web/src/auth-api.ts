// Sign-in, the current user, accounts and the audit trail — through the same typed client as every other call.
import type { AppType } from '@anju/api';
import { hc, type InferResponseType } from 'hono/client';
import { ApiError } from './api.js';
import { sessionHeaders } from './csrf.js';

let lang = 'zh';
export function setAuthApiLang(l: string): void {
  lang = l;
}

const client = hc<AppType>(window.location.origin, {
  headers: () => ({ 'Accept-Language': lang, ...sessionHeaders() }),
});

async function ok<T>(pending: Promise<Response>): Promise<T> {
  const res = await pending;
  if (res.ok) return (await res.json()) as T;
  let title = `HTTP ${res.status}`;
  let detail = '';
  let body: unknown;
  try {
    body = await res.json();
    const b = body as { title?: unknown; detail?: unknown };
    if (typeof b.title === 'string') title = b.title;
    if (typeof b.detail === 'string') detail = b.detail;
  } catch {
    // not JSON
  }
  throw new ApiError(res.status, title, detail, body);
}

export type Me = InferResponseType<typeof client.api.me.$get, 200>;
export type MeUser = NonNullable<Me['user']>;
type UsersBody = InferResponseType<typeof client.api.users.$get, 200>;
export type User = UsersBody['users'][number];
export type AuditTrail = InferResponseType<(typeof client.api)['audit-trail']['$get'], 200>;
export type AuditEvent = AuditTrail['events'][number];

export interface NewUserForm {
  readonly login: string;
  readonly displayName: string;
  readonly role: string;
  readonly cityCode?: string | null;
  readonly districtCode?: string | null;
  readonly department?: string | null;
}

export interface AuditQuery {
  readonly city?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly outcome?: 'ok' | 'refused';
  readonly from?: string;
  readonly to?: string;
  readonly text?: string;
  readonly before?: string;
}

function auditParams(q: AuditQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

export const authApi = {
  me: () => ok<Me>(client.api.me.$get()),
  login: (login: string, password: string) => ok<Me>(client.api.auth.login.$post({ json: { login, password } })),
  logout: () => ok<{ ok: boolean }>(client.api.auth.logout.$post()),
  changePassword: (currentPassword: string, newPassword: string) =>
    ok<{ ok: boolean }>(client.api.me.password.$post({ json: { currentPassword, newPassword } })),
  users: async () => (await ok<UsersBody>(client.api.users.$get())).users,
  createUser: (form: NewUserForm) =>
    ok<{ user: User; password: string | null }>(
      client.api.users.$post({
        json: { ...form, role: form.role as 'viewer', department: (form.department ?? null) as null },
      }),
    ),
  updateUser: (
    id: string,
    patch: {
      role?: string;
      displayName?: string;
      districtCode?: string | null;
      cityCode?: string | null;
      department?: string | null;
      disabled?: boolean;
    },
  ) =>
    ok<{ user: User }>(
      client.api.users[':id'].$patch({
        param: { id },
        json: { ...patch, role: patch.role as 'viewer' | undefined, department: patch.department as null | undefined },
      }),
    ),
  resetPassword: (id: string) =>
    ok<{ user: User; password: string | null }>(client.api.users[':id'].password.$post({ param: { id }, json: {} })),
  auditTrail: (q: AuditQuery) =>
    ok<AuditTrail>(client.api['audit-trail'].$get({ query: { ...auditParams(q), limit: '100' } })),
  /** The download URL of the XLSX export for the same filters (a plain link: the cookie goes along). */
  auditXlsxUrl: (q: AuditQuery) => {
    const params = new URLSearchParams(auditParams({ ...q, before: undefined }));
    return `/api/audit-trail.xlsx${params.size > 0 ? `?${params.toString()}` : ''}`;
  },
};
