// The built dashboard, served beside the API: files from `webRoot`, 404 for a missing /assets/ file, index.html for
// any other non-/api path (the dashboard routes in the browser), and a short Chinese page when it is not built.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'hono';
import { messages } from './messages.js';
import { langOf, notFound, problemResponse } from './problem.js';

/** packages/web/dist, found from this file (src/ or dist/ of the api package). */
export const defaultWebRoot: string = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** A GET handler for everything outside /api. */
export function staticFiles(webRoot: string) {
  const root = resolve(webRoot);
  return async (c: Context, next: Next): Promise<Response | undefined> => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) {
      await next();
      return undefined;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      decoded = '/';
    }
    const file = resolve(root, `.${decoded}`);
    if ((file === root || file.startsWith(root + sep)) && decoded !== '/') {
      const found = await fileAt(file);
      if (found !== undefined) return sendFile(file, found, decoded.startsWith('/assets/'));
    }
    // A missing module or stylesheet must fail as such, not load the dashboard's HTML in its place.
    if (decoded.startsWith('/assets/')) {
      return problemResponse(notFound(messages.assetNotFound(decoded)), langOf(c.req.header('accept-language')));
    }
    const index = join(root, 'index.html');
    const indexFound = await fileAt(index);
    if (indexFound !== undefined) return sendFile(index, indexFound, false);
    return c.html(messages.dashboardNotBuilt(), 200);
  };
}

async function fileAt(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(path: string, size: number, immutable: boolean): Response {
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
      // Vite puts content hashes in asset names; index.html must always be revalidated.
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}
