// The auth configuration shared by the middleware and the auth routes. Sign-in attempts are counted in the store
// (sign_in_attempt, migration 0009), so several processes over one database and a restart share the counts.
import { pruneSignInAttempts, type Queryable } from '@anju/store';
import { resolveAuth, type AuthOptions, type ResolvedAuth } from './auth-options.js';

export interface AuthState {
  readonly options: ResolvedAuth;
  /** Removes stale attempt counters, at most once a minute. */
  pruneIfDue(q: Queryable, now: Date): Promise<void>;
}

export function createAuthState(options: AuthOptions | undefined): AuthState {
  const resolved = resolveAuth(options);
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    options: resolved,
    async pruneIfDue(q, now) {
      if (now.getTime() - lastPrune < 60_000) return;
      lastPrune = now.getTime();
      await pruneSignInAttempts(q, new Date(now.getTime() - Math.max(resolved.rateWindowMs, resolved.lockMs)));
    },
  };
}
