// The largest request body a non-upload route accepts, enforced before anything parses it: a declared
// Content-Length over the limit is refused at once, a chunked body as soon as it passes the limit (only that much is
// ever held in memory). Multipart uploads are streamed to disk under their own, larger limit (multipart.ts).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { messages } from './messages.js';
import { ProblemError } from './problem.js';

/** 1 MiB: a sign-in, a plan document, an auction log or a scenario fit many times over. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, 'body-too-large', messages.bodyTooLarge(maxBytes));
    },
  });
  return async (c, next) => {
    const method = c.req.method.toUpperCase();
    if (method === 'GET' || method === 'HEAD') return next();
    if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) return next();
    return limit(c, next);
  };
}
