// Who is using the dashboard: the account and role from /api/me (or the local single user), for the header, the
// menu and the pages that only some roles may open.
import { createContext, useContext } from 'react';
import type { MeUser } from './auth-api.js';

export interface SessionInfo {
  readonly mode: 'local' | 'accounts';
  readonly user: MeUser;
  readonly signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionInfo | undefined>(undefined);

export function useSession(): SessionInfo | undefined {
  return useContext(SessionContext);
}

/** Whether the role may open the audit trail / the account management. */
export function canSeeAuditTrail(s: SessionInfo | undefined): boolean {
  return s === undefined || s.mode === 'local' || s.user.role === 'administrator' || s.user.role === 'city-analyst';
}
export function canManageUsers(s: SessionInfo | undefined): boolean {
  return s === undefined || s.mode === 'local' || s.user.role === 'administrator';
}
