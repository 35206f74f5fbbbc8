// Table types for Kysely. Numeric values are exact decimal strings, bigint ids are strings and dates are
// 'YYYY-MM-DD' strings on both engines (see the type parsers in pglite-engine.ts and postgres-engine.ts).
import type { ColumnType, Generated } from 'kysely';
import type { LandParcelTable } from './land-parcels.js';
import type { PlanVersionTable } from './plans.js';
import type { PresaleProjectTable } from './presale-projects.js';

/** A bigint column: read as a decimal string, written as a string or a number. */
type BigIntId = ColumnType<string, string | number | bigint, string | number | bigint>;
/** A jsonb column: read as parsed JSON, written as JSON text (pg would turn JS arrays into Postgres arrays). */
type Jsonb<T> = ColumnType<T, string, string>;
/** A timestamptz column: read as a Date, written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RevisionKind = 'import' | 'generate' | 'demo' | 'edit';
export type RevisionStatus = 'draft' | 'published' | 'discarded';
export type PeriodGrain = 'month' | 'quarter' | 'year' | 'span';

export interface CityTable {
  city_code: string;
  name_zh: string;
  name_en: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SpatialUnitTable {
  city_code: string;
  unit_code: string;
  name_zh: string;
  name_en: string;
  level: string;
  parent_code: string | null;
  aliases: Jsonb<string[]>;
  attributes: Jsonb<Record<string, unknown>>;
  sort_order: number;
  boundary: ColumnType<unknown, string | null, string | null>;
}

export interface RevisionTable {
  city_code: string;
  revision_id: ColumnType<string, string | undefined, never>;
  kind: RevisionKind;
  status: ColumnType<RevisionStatus, RevisionStatus | undefined, RevisionStatus>;
  created_by: string;
  created_at: Timestamp;
  reason: string;
  source_file: string | null;
  source_sha256: string | null;
  mapping: ColumnType<unknown, string | null, string | null>;
  synthetic: boolean;
  simulated: boolean;
  row_count: Generated<number>;
  published_by: string | null;
  published_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  publish_reason: string | null;
  discarded_by: string | null;
  discarded_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  discard_reason: string | null;
}

export interface ObservationTable {
  city_code: string;
  revision_id: BigIntId;
  unit_code: string;
  measure_code: string;
  dimension: string;
  period: string;
  period_grain: PeriodGrain;
  period_start: string;
  period_end: string;
  value: string;
  uom: string;
  source_ref: string | null;
}

export interface PublishedValueTable {
  city_code: string;
  unit_code: string;
  measure_code: string;
  dimension: string;
  period: string;
  period_grain: PeriodGrain;
  period_start: string;
  period_end: string;
  value: string;
  uom: string;
  revision_id: BigIntId;
}

/** The element database: 工作库 (draft revisions), 正式库 (published_value) and 历史库 (observation). */
export interface Database {
  city: CityTable;
  spatial_unit: SpatialUnitTable;
  revision: RevisionTable;
  observation: ObservationTable;
  published_value: PublishedValueTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  sign_in_attempt: SignInAttemptTable;
  presale_project: PresaleProjectTable;
  land_parcel: LandParcelTable;
  plan_version: PlanVersionTable;
  derived_cycle: DerivedCycleTable;
  derived_change: DerivedChangeTable;
  market_warning: MarketWarningTable;
  derived_state: DerivedStateTable;
}

/** An account (migration 0006). `password_hash` is a scrypt hash with its salt and parameters, never a password. */
export interface AppUserTable {
  user_id: ColumnType<string, never, never>;
  login: string;
  display_name: string;
  role: string;
  city_code: string | null;
  district_code: string | null;
  department: string | null;
  password_hash: string;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  password_changed_at: Timestamp;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/**
 * Sign-in attempts of one subject (migration 0009): `address:<client address>` or `login:<lower-case login>`.
 * `attempts` counts from `window_start`; a login is refused until `locked_until`.
 */
export interface SignInAttemptTable {
  subject: string;
  window_start: Timestamp;
  attempts: number;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A sign-in session: the SHA-256 of its token and of its CSRF token, never the tokens. */
export interface UserSessionTable {
  token_sha256: string;
  user_id: BigIntId;
  csrf_sha256: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  client_address: string | null;
}

/** One audit event; the table refuses UPDATE, DELETE and TRUNCATE. */
export interface AuditEventTable {
  event_id: ColumnType<string, string | number | undefined, never>;
  at: Timestamp;
  actor: string;
  actor_role: string | null;
  action: string;
  city_code: string | null;
  target: string | null;
  revision_before: string | null;
  revision_after: string | null;
  value_before: ColumnType<unknown, string | null, never>;
  value_after: ColumnType<unknown, string | null, never>;
  reason: string | null;
  client_address: string | null;
  outcome: ColumnType<'ok' | 'refused', 'ok' | 'refused' | undefined, never>;
  /** Migration 0008: where the write came from and who ran it. */
  channel: ColumnType<string | null, string | null | undefined, never>;
  os_user: ColumnType<string | null, string | null | undefined, never>;
  host: ColumnType<string | null, string | null | undefined, never>;
  claimed_actor: ColumnType<string | null, string | null | undefined, never>;
  /** Migration 0008: position in the city's (or the system) chain and the HMAC link. */
  chain_seq: ColumnType<string, string, never>;
  chain_link: ColumnType<string, string, never>;
}

/** The newest event of each chain, locked by every append (migration 0008). `chain` is a city code, '' = system. */
export interface AuditChainHeadTable {
  chain: string;
  seq: string;
  link: string;
  key_id: string;
  at: Timestamp;
}

/**
 * Market indicators derived from the published view (migration 0004), written by set-based SQL in market-derived.ts:
 * one destocking cycle per unit, basis, property type and period.
 */
export interface DerivedCycleTable {
  city_code: string;
  unit_code: string;
  basis: 'area' | 'units';
  property_type: string;
  period: string;
  period_grain: string;
  period_end: string;
  kind: 'months' | 'no-sales' | 'no-data';
  months: string | null;
  months_used: number;
  partial: boolean;
  band_id: string | null;
  range_position: 'below' | 'within' | 'above' | null;
  inventory: string;
  sales_sum: string | null;
  inventory_revision_id: BigIntId;
  /** The series has a row coarser than a month: its cycles are computed row by row. */
  mixed: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Year-on-year, period-on-period, trailing average and share of every market series (migration 0004). */
export interface DerivedChangeTable {
  city_code: string;
  unit_code: string;
  measure_code: string;
  dimension: string;
  period: string;
  period_grain: string;
  period_start: string;
  value: string;
  yoy: string | null;
  pop: string | null;
  trailing_avg: string | null;
  trailing_periods: number;
  share: string | null;
}

/** The state of each warning rule per unit and period (migration 0004). */
export interface MarketWarningTable {
  city_code: string;
  unit_code: string;
  rule_id: string;
  period: string;
  state: 'pending' | 'raised' | 'active' | 'cleared';
  level: string | null;
  since: string | null;
  value: string | null;
  threshold: string | null;
}

/** What the derived tables of a city were last computed with (migration 0004). */
export interface DerivedStateTable {
  city_code: string;
  profile_id: string;
  profile_version: string;
  window_months: number;
  computed_at: Timestamp;
  units_recomputed: number;
  full_recompute: boolean;
}
