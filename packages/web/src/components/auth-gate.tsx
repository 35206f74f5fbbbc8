// Asks /api/me who is using the dashboard. In accounts mode without a session it shows the sign-in page; otherwise
// it renders the dashboard with the session (user, role, sign-out) in context. Local mode needs no sign-in.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi, setAuthApiLang, type Me } from '../auth-api.js';
import { LoginPage } from '../pages/login-page.js';
import { SessionContext, type SessionInfo } from '../session.js';

function storedLang(): string {
  try {
    return window.localStorage.getItem('anju.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function AuthGate({ children }: { readonly children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const load = useCallback(() => {
    setAuthApiLang(storedLang());
    authApi.me().then(setMe, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);
  const session = useMemo((): SessionInfo | undefined => {
    if (me?.user === null || me?.user === undefined) return undefined;
    return {
      mode: me.mode,
      user: me.user,
      signOut: async () => {
        await authApi.logout().catch(() => undefined);
        setMe({ ...me, user: null, csrfToken: null, expiresAt: null });
      },
    };
  }, [me]);
  if (failed !== undefined) return <div style={{ padding: 40 }}>{failed}</div>;
  if (me === undefined) return null;
  if (session === undefined) return <LoginPage onSignedIn={setMe} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
