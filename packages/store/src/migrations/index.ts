import type { Migration, MigrationProvider } from 'kysely';
import * as elementDatabase from './0001-element-database.js';
import * as observationKeyFirst from './0002-observation-key-first.js';
import * as presaleProject from './0003-presale-project.js';

/** Every migration, in order. Names sort in the order they must run; never rename or edit a released one. */
const migrations: Record<string, Migration> = {
  '0001-element-database': elementDatabase,
  '0002-observation-key-first': observationKeyFirst,
  '0003-presale-project': presaleProject,
};

/** Migrations compiled into the package, so the CLI needs no migration folder on disk. */
export const storeMigrations: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
