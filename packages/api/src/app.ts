// The Anju HTTP API: one OpenAPIHono app built from one router per capability, chained so that the dashboard's
// typed client (`hc<AppType>`) infers every request and response from the same zod schemas as the OpenAPI document.
import { withAuditContext, type Store } from '@anju/store';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  auditTrailRoutes,
  createAuthState,
  currentLogin,
  localHostGuard,
  sessionRoutes,
  userRoutes,
  withAuth,
  type AuthOptions,
} from './auth/index.js';
import { DEFAULT_MAX_BODY_BYTES, requestBodyLimit } from './body-limit.js';
import type { ApiDeps } from './deps.js';
import { ImportJobs } from './import-jobs.js';
import { keepMarketDerivedFresh } from './market/derived-refresh.js';
import { messages } from './messages.js';
import { asProblem, errorReference, langOf, notFound, problemResponse } from './problem.js';
import { auditRoutes } from './routes/audit.js';
import { cityRoutes } from './routes/cities.js';
import { explainRoutes } from './routes/explain.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { marketRoutes } from './routes/market.js';
import { marketDerivedRoutes } from './routes/market-derived.js';
import { linkageStoreRoutes } from './routes/linkage-store.js';
import { landParcelRoutes } from './routes/land-parcels.js';
import { measureRoutes } from './routes/measures.js';
import { overviewRoutes } from './routes/overview.js';
import { landRoutes } from './routes/land.js';
import { planningRoutes } from './routes/planning.js';
import { planRoutes } from './routes/plans.js';
import { profileRoutes } from './routes/profiles.js';
import { reportRoutes } from './routes/reports.js';
import { revisionRoutes } from './routes/revisions.js';
import { seriesRoutes } from './routes/series.js';
import { securityHeaders } from './security-headers.js';
import { defaultWebRoot, staticFiles } from './static-files.js';
import { validationHook } from './validation.js';

export interface CreateAppOptions {
  readonly store: Store;
  /** The clock; default the system clock. */
  readonly now?: () => Date;
  /** Who writes revisions through this server; default 'api'. */
  readonly user?: string;
  /** Largest accepted upload in bytes; default 50 MiB. */
  readonly maxUploadBytes?: number;
  /** Largest request body of every other route (JSON, YAML, text), refused before parsing; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The built dashboard (index.html and assets); default packages/web/dist. */
  readonly webRoot?: string;
  /** Where unexpected errors are logged; default console.error. */
  readonly logError?: (error: unknown, where: string, reference?: string) => void;
  /**
   * `{ mode: 'local' }` (default): the embedded single user `user`, no sign-in — for 127.0.0.1 only (serve refuses
   * it elsewhere). `{ mode: 'accounts' }`: password sign-in, sessions, CSRF, roles (see src/auth/).
   */
  readonly auth?: AuthOptions;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: '安居 Anju API',
    version: '0.1.0',
    description:
      '城市住房发展规划“人房地钱”要素数据接口 / element data of city housing plans (people, housing, land, money)',
  },
} as const;

/**
 * Builds the API app on an open store. Errors are application/problem+json in Chinese (English on
 * `Accept-Language: en`); non-/api paths serve the dashboard from `webRoot` with SPA fallback.
 *
 * @example
 * const app = createApp({ store });
 * await app.request('/api/cities'); // → 200 { cities: [{ cityCode: '620700', nameZh: '张掖市', … }] }
 */
export function createApp(options: CreateAppOptions) {
  const deps: ApiDeps = {
    store: options.store,
    now: options.now ?? (() => new Date()),
    // The signed-in user of the request being handled (accounts mode), else the server's own user.
    get user() {
      return currentLogin() ?? options.user ?? 'api';
    },
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    imports: new ImportJobs(),
    logError:
      options.logError ??
      ((error, where, reference) => console.error(`[anju api] ${where}${reference ? ` ${reference}` : ''}`, error)),
  };
  keepMarketDerivedFresh(deps.store, { now: deps.now, onError: (e) => deps.logError(e, 'derived refresh') });
  const authState = createAuthState(options.auth);
  const base = new OpenAPIHono({ defaultHook: validationHook });
  // Every audit event recorded while a request is served came through the API — not through the CLI process that
  // may have started the server (its OS user and host say nothing about the caller).
  base.use('/api/*', (_c, next) =>
    withAuditContext({ channel: 'api', osUser: null, host: null, claimedActor: null }, next),
  );
  base.use('*', securityHeaders());
  base.use('*', localHostGuard(deps, authState.options));
  const app = withAuth(base, deps, authState.options, requestBodyLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
    .route('/', healthRoutes(deps))
    .route('/', sessionRoutes(deps, authState))
    .route('/', userRoutes(deps))
    .route('/', auditTrailRoutes(deps))
    .route('/', cityRoutes(deps))
    .route('/', measureRoutes())
    .route('/', seriesRoutes(deps))
    .route('/', overviewRoutes(deps))
    .route('/', explainRoutes(deps))
    .route('/', revisionRoutes(deps))
    .route('/', importRoutes(deps))
    .route('/', exportRoutes(deps))
    .route('/', profileRoutes())
    .route('/', marketRoutes(deps))
    .route('/', marketDerivedRoutes(deps))
    .route('/', linkageStoreRoutes(deps))
    .route('/', landParcelRoutes(deps))
    .route('/', reportRoutes(deps))
    .route('/', planningRoutes())
    .route('/', auditRoutes(deps))
    .route('/', planRoutes(deps))
    .route('/', landRoutes());

  app.doc('/api/openapi.json', OPENAPI_INFO);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['meta'],
    summary: '本接口说明（OpenAPI 3）/ this document',
    responses: {
      200: {
        description: 'OpenAPI 3 document',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  app.onError((error, c) => {
    const { problem, internal } = asProblem(error, () => errorReference(deps.now()));
    if (internal) deps.logError(error, `${c.req.method} ${c.req.path}`, String(problem.extensions?.['reference']));
    return problemResponse(problem, langOf(c.req.header('accept-language')));
  });
  app.notFound((c) =>
    problemResponse(notFound(messages.unknownApiPath(c.req.path)), langOf(c.req.header('accept-language'))),
  );
  app.get('*', staticFiles(options.webRoot ?? defaultWebRoot));
  return app;
}

/** The app's type, for the dashboard's typed client: `hc<AppType>('/')`. */
export type AppType = ReturnType<typeof createApp>;
