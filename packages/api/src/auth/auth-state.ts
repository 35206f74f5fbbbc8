// The auth configuration and the in-memory sign-in rate limiter, shared by the middleware and the auth routes.
import { resolveAuth, type AuthOptions, type ResolvedAuth } from './auth-options.js';
import { LoginRateLimiter } from './rate-limit.js';

export interface AuthState {
  readonly options: ResolvedAuth;
  readonly limiter: LoginRateLimiter;
}

export function createAuthState(options: AuthOptions | undefined): AuthState {
  const resolved = resolveAuth(options);
  return { options: resolved, limiter: new LoginRateLimiter(resolved.maxFailuresPerAddress, resolved.rateWindowMs) };
}
