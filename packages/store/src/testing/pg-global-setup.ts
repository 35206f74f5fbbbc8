// Vitest globalSetup: with ANJU_TEST_ENGINE=postgres, start one throwaway PostgreSQL 15 cluster for the whole run
// and hand its URL to the test files (openTestStore gives each store its own database). Otherwise it does nothing.
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    anjuPostgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env['ANJU_TEST_ENGINE'] !== 'postgres') return undefined;
  const cluster = await startPostgresCluster();
  project.provide('anjuPostgresUrl', cluster.url);
  return () => cluster.stop();
}
