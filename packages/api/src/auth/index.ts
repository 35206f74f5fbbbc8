// Accounts, sessions, CSRF, the route policy and the audit trail routes (see ARCHITECTURE.md "Accounts and audit").
export {
  actorOf,
  auditContextOf,
  callerOf,
  currentLogin,
  recordDryRun,
  writeScopeFor,
  type AuthMode,
  type Caller,
} from './auth-context.js';
export { isLoopbackHost, resolveAuth, type AuthOptions, type ResolvedAuth } from './auth-options.js';
export {
  ANONYMOUS_ACTOR,
  authMiddleware,
  CSRF_COOKIE,
  CSRF_HEADER,
  localHostGuard,
  SESSION_COOKIE,
  withAuth,
} from './auth-middleware.js';
export { clientAddressOf, isLoopbackHostHeader } from './request-origin.js';
export { createAuthState, type AuthState } from './auth-state.js';
export { auditTrailRoutes } from './audit-trail-routes.js';
export {
  AccountError,
  addAccount,
  disableAccount,
  ensureAdministrator,
  resetPassword,
  type NewAccount,
} from './account-service.js';
export { generatePassword, hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password.js';
export { findRouteDecision, ROUTE_POLICY, type RouteDecision } from './route-policy.js';
export { sessionRoutes } from './session-routes.js';
export { userRoutes } from './user-routes.js';
