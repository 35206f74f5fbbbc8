// The dashboard's only door to data: the HTTP API under /api, through Hono's typed client — request and response
// types come from the API's own zod schemas (`AppType`), never from a hand-copied client. Errors arrive as
// application/problem+json with a Chinese (or, on Accept-Language: en, English) title and detail; they are thrown
// as ApiError.
import type { AppType } from '@anju/api';
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import { sessionHeaders } from './csrf.js';
import type { Lang } from './i18n.js';

let currentLang: Lang = 'zh';

/** Asks the API for messages (problem titles, formula text) in this language from now on. */
export function setApiLang(lang: Lang): void {
  currentLang = lang;
}

const client = hc<AppType>(window.location.origin, {
  headers: () => ({ 'Accept-Language': currentLang, ...sessionHeaders() }),
});

const cityApi = client.api.cities[':city'];

type CitiesBody = InferResponseType<typeof client.api.cities.$get, 200>;
type UnitsBody = InferResponseType<(typeof cityApi.units)['$get'], 200>;
type MeasuresBody = InferResponseType<typeof client.api.measures.$get, 200>;
type RevisionsBody = InferResponseType<(typeof cityApi.revisions)['$get'], 200>;

export type City = CitiesBody['cities'][number];
export type Unit = UnitsBody['units'][number];
export type Measure = MeasuresBody['measures'][number];
export type Element = Measure['element'];
export type Uom = Measure['uom'];
export type SeriesView = InferResponseType<(typeof cityApi.series)['$get'], 200>;
export type Grain = NonNullable<SeriesView['grain']>;
export type Overview = InferResponseType<(typeof cityApi.overview)['$get'], 200>;
export type Headline = Overview['headlines'][number];
export type PeriodView = Overview['periods'][number];
export type Explanation = InferResponseType<(typeof cityApi.explain)['$get'], 200>;
export type Explained = Explanation['explained'];
export type ExplainedInput = Explained['inputs'][number];
export type PlainInput = Exclude<ExplainedInput['value'], Explained>;
export type SourceRef = NonNullable<Explained['source']>;
export type HistoryEntry = Explanation['history'][number];
export type Revision = RevisionsBody['revisions'][number];
export type RevisionDetail = InferResponseType<(typeof cityApi.revisions)[':rev']['$get'], 200>;
export type RevisionDiff = RevisionDetail['diff'];
export type DiffRow = RevisionDiff['addedRows'][number];
type ProfilesBody = InferResponseType<typeof client.api.profiles.$get, 200>;
export type ProfileSummary = ProfilesBody['profiles'][number];
export type ProfileDetail = InferResponseType<(typeof client.api.profiles)[':id']['$get'], 200>;

/** Seed findings: where 003's printed figures disagree (both numbers). */
export interface SeedFinding {
  readonly id: string;
  readonly level: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly printed: string;
  readonly other: string;
}
interface ExplainedValue {
  readonly value: string | null;
}
export interface ZhangyeChain {
  readonly commercialAreaWanSqm: ExplainedValue;
  readonly affordableAreaWanSqm: ExplainedValue;
  readonly newAreaWanSqm: ExplainedValue;
  readonly endStockWanSqm: ExplainedValue;
  readonly impliedUrbanPopulationWan: ExplainedValue;
  readonly land: { readonly affordableLandHa: ExplainedValue; readonly totalLandHa: ExplainedValue };
  readonly findings: readonly SeedFinding[];
}
export interface PrintedPlanLine {
  readonly housingType: string;
  readonly measure: string;
  readonly total: string;
  readonly values: readonly string[];
}
export interface ZhangyePlans {
  readonly firstYear: number;
  readonly building: readonly PrintedPlanLine[];
  readonly land: readonly PrintedPlanLine[];
  readonly affordableLandChecks: readonly {
    readonly year: number;
    readonly ok: boolean;
    readonly shortfallHa: string;
    readonly share: ExplainedValue;
  }[];
}

/** A problem+json error with its (localised) title and detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** The whole problem body (an import refused for errors carries its result here). */
    readonly body: unknown,
  ) {
    super(detail === '' ? title : `${title}：${detail}`);
  }
}

/** The body of a 2xx response typed as the route's 200 response; a problem otherwise. */
async function ok<T>(pending: Promise<Response>): Promise<T> {
  const res = await pending;
  if (res.ok) return (await res.json()) as T;
  let title = `HTTP ${res.status}`;
  let detail = '';
  let body: unknown;
  try {
    body = await res.json();
    const b = body as { title?: unknown; detail?: unknown };
    if (typeof b.title === 'string') title = b.title;
    if (typeof b.detail === 'string') detail = b.detail;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, title, detail, body);
}

export interface SeriesRequest {
  readonly measure: string;
  readonly dimension?: string;
  readonly units?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly grain?: Grain;
}

export const api = {
  cities: async () => (await ok<CitiesBody>(client.api.cities.$get())).cities,
  units: async (city: string) => (await ok<UnitsBody>(cityApi.units.$get({ param: { city } }))).units,
  measures: async () => (await ok<MeasuresBody>(client.api.measures.$get())).measures,
  series: (city: string, q: SeriesRequest) =>
    ok<SeriesView>(
      cityApi.series.$get({
        param: { city },
        query: {
          measure: q.measure,
          dimension: q.dimension ?? '',
          ...(q.units === undefined ? {} : { unit: [...q.units] }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          ...(q.grain === undefined ? {} : { grain: q.grain }),
        },
      }),
    ),
  overview: (city: string, q: { measure?: string; dimension?: string; period?: string }) =>
    ok<Overview>(
      cityApi.overview.$get({
        param: { city },
        query: {
          ...(q.measure === undefined ? {} : { measure: q.measure }),
          ...(q.dimension === undefined ? {} : { dimension: q.dimension }),
          ...(q.period === undefined ? {} : { period: q.period }),
        },
      }),
    ),
  explain: (city: string, q: { unit: string; measure: string; dimension: string; period: string }) =>
    ok<Explanation>(cityApi.explain.$get({ param: { city }, query: q })),
  revisions: async (city: string) => (await ok<RevisionsBody>(cityApi.revisions.$get({ param: { city } }))).revisions,
  revision: (city: string, rev: string) =>
    ok<RevisionDetail>(cityApi.revisions[':rev'].$get({ param: { city, rev }, query: { limit: '200' } })),
  publish: (city: string, rev: string, reason: string) =>
    ok<unknown>(cityApi.revisions[':rev'].publish.$post({ param: { city, rev }, json: { reason } })),
  discard: (city: string, rev: string, reason: string) =>
    ok<unknown>(cityApi.revisions[':rev'].discard.$post({ param: { city, rev }, json: { reason } })),
  profiles: async () => (await ok<ProfilesBody>(client.api.profiles.$get())).profiles,
  profile: (id: string) => ok<ProfileDetail>(client.api.profiles[':id'].$get({ param: { id } })),
  /** 003's demand chain recomputed, with its inconsistencies (routes/planning.ts). */
  zhangyeChain: () => ok<ZhangyeChain>(client.api.forecast.reference['zhangye-003'].$get()),
  /** 003 第六章's annual plans with the affordable-land check. */
  zhangyePlans: () => ok<ZhangyePlans>(client.api.plan.reference.zhangye.$get()),

  /**
   * A unit's series for each of the given measures that has data for `focus`: the total when there is one,
   * otherwise every breakdown with data. Other `units` (city, siblings) come along for comparison.
   */
  unitSeries: async (
    city: string,
    q: { units: readonly string[]; focus: string; measures: readonly Measure[]; grain: Grain | undefined },
  ): Promise<SeriesView[]> => {
    const fetchOne = (measure: string, dimension: string) =>
      api.series(city, { measure, dimension, units: q.units, ...(q.grain === undefined ? {} : { grain: q.grain }) });
    const has = (s: SeriesView) => s.points.some((p) => p.unitCode === q.focus);
    const found = await pool(q.measures, 6, async (m) => {
      const total = await fetchOne(m.code, '');
      if (has(total) || m.dimensions.length === 0) return has(total) ? [total] : [];
      const parts = await Promise.all(m.dimensions.map((d) => fetchOne(m.code, d.code)));
      return parts.filter(has);
    });
    return found.flat();
  },
};

/** Maps `items` through `fn` with at most `limit` calls in flight, keeping the order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ── Imports: a multipart upload; a file with errors comes back as a 422 problem carrying the whole result. ──

export type ImportResult = InferResponseType<(typeof cityApi.imports)['$post'], 200>;
export type IntakeIssue = ImportResult['errors'][number];

export interface ImportForm {
  readonly file: File;
  readonly mapping?: File;
  readonly dryRun: boolean;
  readonly publish: boolean;
  readonly reason: string;
}

export function importFile(city: string, form: ImportForm): Promise<ImportResult> {
  return ok<ImportResult>(
    cityApi.imports.$post({
      param: { city },
      form: {
        file: form.file,
        ...(form.mapping === undefined ? {} : { mapping: form.mapping }),
        dryRun: String(form.dryRun),
        publish: String(form.publish),
        ...(form.reason === '' ? {} : { reason: form.reason }),
      },
    }),
  );
}

// ── Market monitoring (routes/market.ts): cycles, warnings, price watch, inventory age, each with its explanation. ──

export type MarketCycles = InferResponseType<(typeof cityApi.market.cycles)['$get'], 200>;
export type MarketCycle = MarketCycles['cycles'][number];
export type MarketWarnings = InferResponseType<(typeof cityApi.market.warnings)['$get'], 200>;
export type MarketWarning = MarketWarnings['warnings'][number];
export type MarketPrices = InferResponseType<(typeof cityApi.market.prices)['$get'], 200>;
export type MarketPrice = MarketPrices['prices'][number];
export type InventoryAge = InferResponseType<(typeof cityApi.market)['inventory-age']['$get'], 200>;

export const marketApi = {
  cycles: (city: string, q: { propertyType?: '' | 'residential' | 'non-residential'; basis?: 'area' | 'units' } = {}) =>
    ok<MarketCycles>(
      cityApi.market.cycles.$get({
        param: { city },
        query: {
          ...(q.propertyType === undefined ? {} : { propertyType: q.propertyType }),
          ...(q.basis === undefined ? {} : { basis: q.basis }),
        },
      }),
    ),
  warnings: (city: string, q: { level?: 'blue' | 'yellow' | 'orange' | 'red'; unit?: string } = {}) =>
    ok<MarketWarnings>(
      cityApi.market.warnings.$get({
        param: { city },
        query: {
          ...(q.level === undefined ? {} : { level: q.level }),
          ...(q.unit === undefined ? {} : { unit: q.unit }),
        },
      }),
    ),
  prices: (city: string) => ok<MarketPrices>(cityApi.market.prices.$get({ param: { city }, query: {} })),
  inventoryAge: (city: string, asOf: string) =>
    ok<InventoryAge>(cityApi.market['inventory-age'].$get({ param: { city }, query: { asOf } })),
};

// What the 市场监测 page adds: the age structure by property type, the stored warning log (routes/market-derived.ts,
// refreshed after every publish) and the periodic reports (routes/reports.ts) as files.

export type WarningLog = InferResponseType<(typeof cityApi.market)['warning-log']['$get'], 200>;
export type StoredWarning = WarningLog['warnings'][number];
export type DerivedState = WarningLog['state'];
export type WarningLevel = 'blue' | 'yellow' | 'orange' | 'red';
export type WarningState = 'pending' | 'raised' | 'active' | 'cleared';
export type RecomputeResult = InferResponseType<(typeof cityApi.market.recompute)['$post'], 200>;
export type ReportKind = 'monthly' | 'quarterly' | 'annual';
export type ReportFormat = 'xlsx' | 'pdf';

export interface WarningLogQuery {
  readonly unit?: string;
  readonly rule?: string;
  readonly level?: WarningLevel;
  readonly states?: readonly WarningState[];
  readonly from?: string;
  readonly to?: string;
}

/** A report file as the browser received it, with the name the server gave it. */
export interface ReportFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/** The file name of a Content-Disposition header (its UTF-8 `filename*` first). */
function dispositionName(header: string | null, fallback: string): string {
  if (header === null) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star !== undefined) {
    try {
      return decodeURIComponent(star);
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

export type AgePropertyType = '' | 'residential' | 'non-residential' | 'commercial' | 'office';

export const marketDashboardApi = {
  /** The inventory age structure seen on `asOf`, of one property type ('' every type). */
  inventoryAge: (city: string, asOf: string, propertyType: AgePropertyType) =>
    ok<InventoryAge>(cityApi.market['inventory-age'].$get({ param: { city }, query: { asOf, propertyType } })),
  /** The stored warnings, newest period first, and the state of the last computation (null: never computed). */
  warningLog: (city: string, q: WarningLogQuery = {}) =>
    ok<WarningLog>(
      cityApi.market['warning-log'].$get({
        param: { city },
        query: {
          ...(q.unit === undefined ? {} : { unit: q.unit }),
          ...(q.rule === undefined ? {} : { rule: q.rule }),
          ...(q.level === undefined ? {} : { level: q.level }),
          ...(q.states === undefined || q.states.length === 0 ? {} : { state: [...q.states] }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
        },
      }),
    ),
  /** Recomputes every stored indicator and warning of the city. */
  recompute: (city: string) => ok<RecomputeResult>(cityApi.market.recompute.$post({ param: { city } })),
  /** The warnings computed per request for one unit and period, each with its explanation (every state). */
  warningsAt: (city: string, q: { unit: string; period: string; grain: 'month' | 'quarter' | 'year' }) =>
    ok<MarketWarnings>(
      cityApi.market.warnings.$get({
        param: { city },
        query: {
          grain: q.grain,
          period: q.period,
          unit: [q.unit],
          state: ['pending', 'raised', 'active', 'cleared', 'none'],
        },
      }),
    ),
  /** A market report (月度统计 / 季度分析 / 年度评估) of a period as XLSX or PDF. */
  report: async (city: string, kind: ReportKind, period: string, format: ReportFormat): Promise<ReportFile> => {
    const res = await cityApi.reports[':kind'].$get({ param: { city, kind }, query: { period, format } });
    if (!res.ok) await ok<never>(Promise.resolve(res));
    return {
      blob: await res.blob(),
      fileName: dispositionName(res.headers.get('content-disposition'), `anju-${city}-${kind}-${period}.${format}`),
    };
  },
};

// ── 以人定房·以房定地 (routes/planning.ts): scenario comparison and land classification. Those routes answer with
// open records, so the shapes the dashboard reads are declared here. ──

/** A forecast scenario as the forecast routes take it (core/forecast/scenario-schema.ts). */
export type ForecastScenarioBody = InferRequestType<typeof client.api.forecast.run.$post>['json']['scenario'];
export interface ForecastComparison {
  readonly scenarios: readonly { readonly id: string; readonly nameZh: string; readonly nameEn: string }[];
  readonly rows: readonly {
    readonly unitCode: string;
    readonly metric: string;
    readonly values: readonly (string | null)[];
    readonly diffs: readonly (string | null)[];
  }[];
}
interface ExplainedChainValue {
  readonly newFloorAreaWanSqm: Explained;
}
export interface ForecastRunBody {
  readonly profile: { readonly id: string; readonly version: string };
  readonly units: readonly {
    readonly unitCode: string;
    readonly parameters: readonly { readonly key: string; readonly value: string }[];
    readonly perCapita: ExplainedChainValue & { readonly commercialUnits: Explained };
    readonly household: ExplainedChainValue;
    readonly stockCheck: ExplainedChainValue;
    readonly land: { readonly totalLandHa: Explained };
  }[];
}
export type LandClassItem = InferRequestType<typeof client.api.linkage.classify.$post>['json']['items'][number];
export type LandClassResult =
  | {
      readonly kind: 'classified';
      readonly unitCode: string;
      readonly period: string;
      readonly classId: string;
      readonly action: string;
      readonly labelZh: string;
      readonly labelEn: string;
      readonly capHa: string | null;
      readonly capKind: 'none' | 'zero' | 'revitalised-stock-land';
      readonly explanation: Explained;
    }
  | {
      readonly kind: 'undefined' | 'no-data';
      readonly unitCode: string;
      readonly period: string;
      readonly reasonZh: string;
      readonly reasonEn: string;
      readonly explanation: Explained;
    };

export const planningApi = {
  run: (profileId: string, scenario: ForecastScenarioBody) =>
    ok<ForecastRunBody>(client.api.forecast.run.$post({ json: { profileId, scenario } })),
  compare: (profileId: string, scenarios: ForecastScenarioBody[]) =>
    ok<ForecastComparison>(client.api.forecast.compare.$post({ json: { profileId, scenarios } })),
  classify: (profileId: string, items: LandClassItem[]) =>
    ok<{ profile: { id: string; version: string }; results: LandClassResult[] }>(
      client.api.linkage.classify.$post({ json: { profileId, items } }),
    ),
};

// ── 土地出让 (routes/land.ts): valuation, auditable draws, auction replay and simulation. The routes answer with open
// records, so the shapes the dashboard reads are declared here; requests are typed from the API's schemas. ──

export type LandValueBody = InferRequestType<typeof client.api.land.value.$post>['json'];
export type DrawRunBody = InferRequestType<typeof client.api.draws.run.$post>['json'];
export type DrawRecordBody = InferRequestType<typeof client.api.draws.verify.$post>['json'];
export type AuctionLogBody = InferRequestType<typeof client.api.auctions.replay.$post>['json'];
export type AuctionRulesBody = AuctionLogBody['rules'];

export interface ValuationLine {
  readonly key: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly sign: '+' | '-' | '=';
  readonly yuanPerSqm: string;
}
export type LandValuationView =
  | {
      readonly kind: 'residual';
      readonly valuation: {
        readonly plotId: string;
        readonly bandLowYuanPerSqm: string;
        readonly bandHighYuanPerSqm: string;
        readonly surroundingPriceYuanPerSqm: Explained;
        readonly floorPriceYuanPerSqm: Explained;
        readonly totalPriceWanYuan: Explained;
        readonly lines: readonly ValuationLine[];
      };
    }
  | {
      readonly kind: 'industrial';
      readonly valuation: {
        readonly coefficient: Explained;
        readonly correctedYuanPerSqm: Explained;
        readonly priceYuanPerSqm: Explained;
        readonly bound: string;
      };
    }
  | { readonly kind: 'price-change'; readonly check: { readonly ok: boolean; readonly changePercent: Explained } };

export interface DrawCheckView {
  readonly id: string;
  readonly ok: boolean;
  readonly messageZh: string;
  readonly messageEn: string;
}
export interface DrawVerificationView {
  readonly ok: boolean;
  readonly checks: readonly DrawCheckView[];
  readonly recomputed: readonly string[] | null;
}
export interface AuctionLogEntryView {
  readonly seq: number;
  readonly atSec: number;
  readonly kind: 'accepted' | 'refused' | 'transition';
  readonly reason?: string;
  readonly messageZh: string;
  readonly messageEn: string;
}
export interface AuctionWinnerView {
  readonly bidder: string;
  readonly priceWanYuan: string;
  readonly basis: string;
  readonly selfHeldPercent: string | null;
  readonly floorAreaSqm: string | null;
}
export interface AuctionSnapshotView {
  readonly plotId: string;
  readonly phase: string;
  readonly capWanYuan: string | null;
  readonly priceWanYuan: string | null;
  readonly priceLeader: string | null;
  readonly selfHeldPercent: string | null;
  readonly shareLeader: string | null;
  readonly floorAreaSqm: string | null;
  readonly areaLeader: string | null;
  readonly accepters: readonly string[];
  readonly winner: AuctionWinnerView | null;
  readonly lotteryDraw: DrawRecordBody | null;
  readonly log: readonly AuctionLogEntryView[];
  readonly refusedCount: number;
}
export interface AuctionReplayView {
  readonly outcome: AuctionSnapshotView;
  readonly matchesRecorded: boolean | null;
  readonly messageZh: string;
  readonly messageEn: string;
}

export const landApi = {
  value: (body: LandValueBody) => ok<LandValuationView>(client.api.land.value.$post({ json: body })),
  commit: () => ok<{ seed: string; commitment: string }>(client.api.draws.commit.$post()),
  runDraw: (body: DrawRunBody) =>
    ok<{ record: DrawRecordBody; verification: DrawVerificationView }>(client.api.draws.run.$post({ json: body })),
  verifyDraw: (record: DrawRecordBody) => ok<DrawVerificationView>(client.api.draws.verify.$post({ json: record })),
  replay: (log: AuctionLogBody) => ok<AuctionReplayView>(client.api.auctions.replay.$post({ json: log })),
  simulate: (rules: AuctionRulesBody, seed: string, bidders: number) =>
    ok<{ log: AuctionLogBody; outcome: AuctionSnapshotView }>(
      client.api.auctions.simulate.$post({ json: { rules, seed, bidders } }),
    ),
};

// ── Plan-table auditor (routes/audit.ts): upload printed tables (and rules), get findings and the marked tables. ──

export type AuditReport = InferResponseType<typeof client.api.audit.$post, 200>;
export type AuditFinding = AuditReport['findings'][number];
export type AuditedTable = AuditReport['tables'][number];

/** Audits the files as the tables of one plan. */
export type AuditProposal = AuditReport['proposals'][number];

export function auditUpload(
  files: readonly File[],
  rules?: File,
  accepted: readonly AuditProposal[] = [],
): Promise<AuditReport> {
  return ok<AuditReport>(
    client.api.audit.$post({
      form: {
        file: files.length === 1 ? files[0]! : [...files],
        ...(rules === undefined ? {} : { rules }),
        ...(accepted.length === 0
          ? {}
          : {
              accepted: JSON.stringify(accepted.map((a) => ({ tableId: a.tableId, line: a.line, formula: a.formula }))),
            }),
      },
    }),
  );
}

// ── 以房定地 from the store (routes/linkage-store.ts): every unit's class for a period. ──
export type StoredLandClasses = InferResponseType<(typeof cityApi.linkage.classes)['$get'], 200>;
export type StoredLandClass = StoredLandClasses['classes'][number];

export const linkageApi = {
  classes: (city: string, period?: string) =>
    ok<StoredLandClasses>(
      cityApi.linkage.classes.$get({ param: { city }, query: period === undefined ? {} : { period } }),
    ),
};

// 闲置土地 (GET /api/cities/{city}/linkage/idle): the stored parcels assessed on a date.
export type IdleLand = InferResponseType<(typeof cityApi.linkage.idle)['$get'], 200>;
export type IdleParcel = IdleLand['parcels'][number];

export const idleLandApi = {
  idle: (city: string, asOf: string) => ok<IdleLand>(cityApi.linkage.idle.$get({ param: { city }, query: { asOf } })),
};
