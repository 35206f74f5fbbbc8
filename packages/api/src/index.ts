// @anju/api — the HTTP JSON API (Hono + OpenAPI) that the dashboard and any other client use.
export { createApp, DEFAULT_MAX_UPLOAD_BYTES, OPENAPI_INFO, type AppType, type CreateAppOptions } from './app.js';
export { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers.js';
export { LocalModeError, serve, type RunningServer, type ServeOptions } from './serve.js';
export { errorReference, type Problem, type ProblemFieldError } from './problem.js';
export type { ImportJob, ImportJobState } from './import-jobs.js';
export {
  computeCityMarket,
  computeInventoryAge,
  cycleViews,
  priceViews,
  marketProfileFor,
  warningViews,
  type CityInventoryAge,
  type CityMarket,
  type CycleView,
  type PriceView,
  type UnitInventoryAge,
  type MarketGrain,
  type WarningView,
} from './market/market-service.js';
export {
  derivedParameters,
  keepMarketDerivedFresh,
  refreshMarketDerived,
  type RefreshOptions,
  type RefreshResult,
} from './market/derived-refresh.js';
export { buildCityReport, drawReportPdf, renderReportHtml, renderReportPdf, renderReportXlsx } from './report/index.js';
export {
  AccountError,
  addAccount,
  disableAccount,
  ensureAdministrator,
  isLoopbackHost,
  resetPassword,
  ROUTE_POLICY,
  verifyPassword,
  type AuthOptions,
  type NewAccount,
} from './auth/index.js';
export {
  bundledPlansFor,
  evaluatePlan,
  listCityPlans,
  planActuals,
  resolvePlan,
  PlanDocumentError,
  type PlanActuals,
  type ResolvedPlan,
} from './plans/plan-service.js';
export { renderEvaluationHtml, trendChartSvg } from './plans/evaluation-html.js';
export { drawEvaluationPdf, renderEvaluationPdf } from './plans/evaluation-pdf.js';
export { chromiumPath } from './pdf/chromium.js';
export { BUILTIN_PRODUCER, FONT_FILES } from './pdf/pdf-document.js';
export type { PdfRenderer, RenderedPdf } from './pdf/render-pdf.js';
export { renderEvaluationXlsx } from './plans/evaluation-xlsx.js';
export {
  classifyFromStore,
  trackZhangyePlan,
  type CityLandClasses,
  type StoredLandClass,
} from './planning/linkage-service.js';
export {
  IDLE_LAND_STATUS_LABELS,
  idleLandFromStore,
  type CityIdleLand,
  type StoredIdleParcel,
} from './planning/idle-land-service.js';
