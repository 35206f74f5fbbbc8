// How createApp secures the API: `local` (the embedded single user, no sign-in, for 127.0.0.1 only) or `accounts`
// (password sign-in, sessions, CSRF, rate limits). The numbers have safe defaults; none is a secret.

export type AuthOptions =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'accounts';
      /** Session lifetime; default 480 (8 hours, a working day). */
      readonly sessionMinutes?: number;
      /** Secure cookies: 'auto' (default) when the request came over https; true always; false never. */
      readonly secureCookies?: 'auto' | boolean;
      /**
       * Behind reverse proxies: how many (`true` = 1). The client address is the entry that many hops from the right
       * of X-Forwarded-For (each proxy appends the address it saw; entries further left are the client's to forge),
       * and https is read from X-Forwarded-Proto. Default 0: the socket's peer, headers ignored.
       */
      readonly trustProxy?: boolean | number;
      /** Wrong passwords in a row (within `lockMinutes`) that lock a login; default 5. */
      readonly lockAfter?: number;
      /** How long a lock lasts; default 15 minutes. */
      readonly lockMinutes?: number;
      /** Failed sign-ins allowed per client address in `rateWindowMinutes`; default 10. */
      readonly maxFailuresPerAddress?: number;
      /** Default 15. */
      readonly rateWindowMinutes?: number;
    };

export interface ResolvedAuth {
  readonly mode: 'local' | 'accounts';
  readonly sessionMs: number;
  readonly secureCookies: 'auto' | boolean;
  /** Trusted proxy hops in front of the server; 0 = none. */
  readonly trustProxy: number;
  readonly lockAfter: number;
  readonly lockMs: number;
  readonly maxFailuresPerAddress: number;
  readonly rateWindowMs: number;
}

export function resolveAuth(options: AuthOptions | undefined): ResolvedAuth {
  const o = options?.mode === 'accounts' ? options : undefined;
  return {
    mode: o === undefined ? 'local' : 'accounts',
    sessionMs: (o?.sessionMinutes ?? 480) * 60_000,
    secureCookies: o?.secureCookies ?? 'auto',
    trustProxy:
      o?.trustProxy === true ? 1 : typeof o?.trustProxy === 'number' ? Math.max(0, Math.floor(o.trustProxy)) : 0,
    lockAfter: o?.lockAfter ?? 5,
    lockMs: (o?.lockMinutes ?? 15) * 60_000,
    maxFailuresPerAddress: o?.maxFailuresPerAddress ?? 10,
    rateWindowMs: (o?.rateWindowMinutes ?? 15) * 60_000,
  };
}

/** Whether a listen address reaches only this machine (where local mode may run). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
