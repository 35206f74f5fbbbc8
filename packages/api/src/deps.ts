// What every route needs from the outside world, given once to createApp: the store, the clock and the user.
import type { Store } from '@anju/store';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ImportJobs } from './import-jobs.js';
import { validationHook } from './validation.js';

export interface ApiDeps {
  readonly store: Store;
  /** The clock (time is an input): recorded on revisions written through the API. */
  readonly now: () => Date;
  /** Who writes, publishes and discards revisions through this server. */
  readonly user: string;
  /** Largest accepted upload, in bytes. */
  readonly maxUploadBytes: number;
  /** Background imports and their progress. */
  readonly imports: ImportJobs;
  /** Where unexpected errors are logged (never sent to the client). */
  /** Logs an unexpected error; `reference` is the one shown to the user in the problem, when there is one. */
  readonly logError: (error: unknown, where: string, reference?: string) => void;
}

/** A router for one capability: OpenAPI routes whose zod validation failures answer 400 problem+json. */
export function newRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}
