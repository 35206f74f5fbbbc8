// @anju/store — the element database (SPEC §3.1, §5) on embedded PGlite or a PostgreSQL server.
export { openStore, type OpenStoreOptions } from './open-store.js';
export type { CopyRow, Queryable, Store, StoreTx } from './store.js';
export { copyField, copyLine } from './copy-text.js';
export type { Database, PeriodGrain, RevisionKind, RevisionStatus } from './schema.js';
export { StoreError, type StoreErrorCode, type StoreHolder } from './errors.js';
export { LOCK_FILE, type LockHolder, type LockNotice } from './data-dir-lock.js';
export { listCities, upsertCity, type CityInfo, type CityRow } from './cities.js';
export { listUnits, saveUnits, type UnitRow } from './units.js';
export {
  addPublishListener,
  createRevision,
  discardRevision,
  getRevision,
  listRevisions,
  publishRevision,
  publishDraft,
  notifyPublished,
  type NewRevision,
  type PublishListener,
  type PublishRequest,
  type PublishedEvent,
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
export {
  LAND_PARCEL_MEASURES,
  listLandParcels,
  writeLandParcels,
  type LandParcelRow,
  type StoredLandParcel,
} from './land-parcels.js';
export {
  DERIVED_CHANGE_MEASURES,
  getDerivedState,
  listDerivedChanges,
  listDerivedCycles,
  listMarketWarnings,
  recomputeDerivedChanges,
  recomputeDerivedCycles,
  replaceMarketWarnings,
  saveDerivedState,
  unitsOfRevision,
  type DerivedBounds,
  type DerivedChangeRow,
  type DerivedCycleQuery,
  type DerivedCycleRow,
  type DerivedMarketParameters,
  type DerivedState,
  type StoredWarning,
  type WarningQuery,
} from './market-derived.js';
export { assertCodesInScope, assertRevisionInScope, type WriteScope } from './write-scope.js';
export {
  appendAuditEvent,
  countAuditEvents,
  listAuditEvents,
  withAuditContext,
  type AuditAction,
  type AuditChannel,
  type AuditContext,
  type AuditEvent,
  type AuditFilter,
  type NewAuditEvent,
} from './audit-trail.js';
export {
  listAuditChainHeads,
  verifyAuditChains,
  type AuditChainHead,
  type ChainBreak,
  type ChainReport,
  type ChainVerification,
} from './audit-chain.js';
export { AuditKey, defaultAuditKeyFile } from './audit-key.js';
export {
  countUsers,
  createSession,
  createUser,
  endSession,
  endUserSessions,
  findSession,
  findUserByLogin,
  getUser,
  listUsers,
  addressSubject,
  claimSignInAttempt,
  loginSubject,
  pruneSignInAttempts,
  recordSignInFailure,
  recordSignInSuccess,
  releaseSignInAttempt,
  setPasswordHash,
  setUserDisabled,
  tokenDigest,
  updateUser,
  type ActiveSession,
  type NewSession,
  type NewUser,
  type SignInClaim,
  type StoredUser,
  type UserInfo,
  type UserPatch,
} from './accounts.js';
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  backupStore,
  readBackupManifest,
  restoreStore,
  tableDigests,
  type BackupColumn,
  type BackupErrorCode,
  type BackupManifest,
  type BackupOptions,
  type BackupSequence,
  type BackupTable,
  type RestoreOptions,
  type RestoreResult,
} from './backup.js';
export {
  getPlanVersion,
  listPlans,
  listPlanVersions,
  savePlanVersion,
  type NewPlanVersion,
  type PlanSummary,
  type StoredPlanVersion,
} from './plans.js';
