// Headers every response carries: a Content-Security-Policy fitted to the built dashboard, no framing, no MIME
// sniffing, and no full URL in the Referer. The dashboard (packages/web/dist) loads its modules and styles from its
// own origin; Ant Design injects <style> elements and style attributes at run time (CSS-in-JS) and index.html has
// one inline <style>, so styles allow 'unsafe-inline' — scripts never do. ECharts draws on canvas or inline SVG and
// exports charts as data: URLs; downloads (XLSX, PDF) are blob: URLs.
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Sets the security headers on every response, errors and the dashboard's files included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  };
}
