import type { Migration, MigrationProvider } from 'kysely';
import * as elementDatabase from './0001-element-database.js';
import * as observationKeyFirst from './0002-observation-key-first.js';
import * as presaleProject from './0003-presale-project.js';
import * as marketDerived from './0004-market-derived.js';
import * as landParcel from './0005-land-parcel.js';
import * as accountsAuditTrail from './0006-accounts-audit-trail.js';
import * as plans from './0007-plans.js';
import { auditChainMigration } from './0008-audit-chain.js';
import * as signInAttempts from './0009-sign-in-attempts.js';
import type { AuditKey } from '../audit-key.js';

/**
 * Every migration, in order. Names sort in the order they must run; never rename or edit a released one. 0008 chains
 * the events already recorded, so it needs the store's audit key.
 */
const migrations = (auditKey: () => AuditKey): Record<string, Migration> => ({
  '0001-element-database': elementDatabase,
  '0002-observation-key-first': observationKeyFirst,
  '0003-presale-project': presaleProject,
  '0004-market-derived': marketDerived,
  '0005-land-parcel': landParcel,
  '0006-accounts-audit-trail': accountsAuditTrail,
  '0007-plans': plans,
  '0008-audit-chain': auditChainMigration(auditKey),
  '0009-sign-in-attempts': signInAttempts,
});

/** Migrations compiled into the package, so the CLI needs no migration folder on disk. */
export function storeMigrations(auditKey: () => AuditKey): MigrationProvider {
  return {
    async getMigrations() {
      return migrations(auditKey);
    },
  };
}
