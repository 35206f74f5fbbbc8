// @anju/store — the element database (SPEC §3.1, §5) on embedded PGlite or a PostgreSQL server.
export { openStore, type OpenStoreOptions } from './open-store.js';
export type { CopyRow, Queryable, Store, StoreTx } from './store.js';
export { copyField, copyLine } from './copy-text.js';
export type { Database, PeriodGrain, RevisionKind, RevisionStatus } from './schema.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { listCities, upsertCity, type CityInfo, type CityRow } from './cities.js';
export { listUnits, saveUnits, type UnitRow } from './units.js';
export {
  createRevision,
  discardRevision,
  getRevision,
  listRevisions,
  publishRevision,
  type NewRevision,
  type PublishRequest,
  type RevisionDecision,
  type RevisionInfo,
  type RevisionRef,
} from './revisions.js';
export { diffRevision, type DiffCounts, type DiffRequest, type DiffRow, type RevisionDiff } from './revision-diff.js';
export {
  getPublishedValue,
  getValueHistory,
  writeObservations,
  type ObservationRow,
  type PublishedValue,
  type ValueHistoryEntry,
  type ValueKey,
} from './observations.js';
export { getSeries, type RollUpRule, type SeriesPoint, type SeriesQuery } from './series.js';
export { periodBounds, type PeriodBounds } from './period-bounds.js';
export {
  listPresaleProjects,
  writePresaleProjects,
  type PresaleProjectRow,
  type StoredPresaleProject,
} from './presale-projects.js';
