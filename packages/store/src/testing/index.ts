// Test and benchmark helpers; not part of the store's public API.
export { startPostgresCluster, type PostgresCluster, type PostgresClusterOptions } from './pg-cluster.js';
export { createTestLocation, openTestStore, testEngine, type TestEngine, type TestLocation } from './test-store.js';
export { observationRow } from './observation-rows.js';
