// Where a request comes from and where it was sent to: the client address (the socket's peer, or a trusted proxy's
// X-Forwarded-For counted from the right), the Host it names, and whether its Origin is the same site.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { isLoopbackHost } from './auth-options.js';

/**
 * The client's address. Without trusted proxies (`hops` 0) it is the socket's peer. Behind `hops` proxies it is the
 * X-Forwarded-For entry `hops` from the right, the socket's peer counting as the first hop: each proxy appends the
 * address it saw, so only the rightmost entries were written by proxies we trust; the leftmost is whatever the client
 * sent. With fewer entries than hops, the leftmost entry.
 *
 * @example
 * // socket 10.0.0.2 (the proxy), X-Forwarded-For: 6.6.6.6, 203.0.113.7 — hops 1 → '203.0.113.7'
 */
export function clientAddressOf(c: Context, hops: number): string | null {
  const peer = socketAddressOf(c);
  if (hops <= 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  // [peer, rightmost XFF, …, leftmost XFF]: the address `hops` steps out from the server.
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(hops, chain.length - 1)] ?? null;
}

/** The socket's peer address, or null for a request with no socket (in-process tests). */
export function socketAddressOf(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The `host[:port]` the request was sent to: X-Forwarded-Host behind trusted proxies, else Host (or the URL's). */
export function requestHostOf(c: Context, trustProxy: number): string {
  const forwarded = trustProxy > 0 ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return (forwarded || c.req.header('host') || new URL(c.req.url).host).toLowerCase();
}

/** The host name of a `host[:port]` value (`[::1]:8080` → `::1`). */
export function hostNameOf(hostAndPort: string): string {
  const v = hostAndPort.trim().toLowerCase();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') === -1 ? undefined : v.indexOf(']'));
  const colon = v.indexOf(':');
  return colon === -1 || v.indexOf(':', colon + 1) !== -1 ? v : v.slice(0, colon);
}

/** Whether a `host[:port]` value names this machine: 127.0.0.1 (any 127/8), localhost or [::1], with any port. */
export function isLoopbackHostHeader(hostAndPort: string): boolean {
  const v = hostAndPort.trim().toLowerCase();
  if (!/^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(v)) return false;
  return isLoopbackHost(hostNameOf(v));
}

/**
 * Whether the request's Origin is another site than the one it was sent to: present and not equal to the request's
 * host (an `Origin: null` counts as another site). A request without Origin is not a browser's cross-site request:
 * browsers send Origin with every POST, PUT, PATCH and DELETE.
 */
export function isCrossOrigin(c: Context, trustProxy: number): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  if (origin === 'null') return true;
  try {
    return new URL(origin).host.toLowerCase() !== requestHostOf(c, trustProxy);
  } catch {
    return true;
  }
}
