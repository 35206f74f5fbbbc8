// A tiny hash router: `#/{city}/{page}/{arg}` — shareable URLs with no routing dependency.
import { useEffect, useState } from 'react';

export type PageKey =
  | 'overview'
  | 'unit'
  | 'market'
  | 'import'
  | 'revisions'
  | 'profiles'
  | 'planning'
  | 'land'
  | 'users'
  | 'audit-trail'
  | 'evaluation'
  | 'audit';

export const PAGE_KEYS: readonly PageKey[] = [
  'overview',
  'unit',
  'market',
  'import',
  'revisions',
  'profiles',
  'planning',
  'land',
  'users',
  'audit-trail',
  'evaluation',
  'audit',
];

export interface Route {
  /** City code, '' until the city list is known. */
  readonly city: string;
  readonly page: PageKey;
  /** Page argument: the unit code on the unit page, the profile id on the profiles page. */
  readonly arg: string;
}

function isPageKey(s: string): s is PageKey {
  return (PAGE_KEYS as readonly string[]).includes(s);
}

/** Reads a route from a location hash such as `#/620700/unit/620702`. */
export function parseHash(hash: string): Route {
  const [city = '', page = '', arg = ''] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { city, page: isPageKey(page) ? page : 'overview', arg };
}

/** The hash of a route (the inverse of parseHash). */
export function routeHash(r: Route): string {
  const parts = [r.city, r.page, ...(r.arg === '' ? [] : [r.arg])].map(encodeURIComponent);
  return `#/${parts.join('/')}`;
}

/** Changes the route (adds a history entry, so Back works). */
export function navigate(r: Route): void {
  const h = routeHash(r);
  if (window.location.hash !== h) window.location.hash = h;
}

/** The current route; re-renders on hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
