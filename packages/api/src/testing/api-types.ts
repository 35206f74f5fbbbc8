// Response bodies as the dashboard's typed client sees them (inferred from the route schemas), for the tests.
import type { hc, InferResponseType } from 'hono/client';
import type { AppType } from '../app.js';

type Api = ReturnType<typeof hc<AppType>>['api'];
type City = Api['cities'][':city'];
type Revision = City['revisions'][':rev'];

import type { Problem as ProblemBody, ProblemFieldError } from '../problem.js';

/** A problem body; tests read `errors` where the request had located errors. */
export type Problem = ProblemBody & { errors: ProblemFieldError[] };
export type Health = InferResponseType<Api['health']['$get'], 200>;
export type Cities = InferResponseType<Api['cities']['$get'], 200>;
export type Units = InferResponseType<City['units']['$get'], 200>;
export type Measures = InferResponseType<Api['measures']['$get'], 200>;
export type Series = InferResponseType<City['series']['$get'], 200>;
export type Overview = InferResponseType<City['overview']['$get'], 200>;
export type Explain = InferResponseType<City['explain']['$get'], 200>;
export type Revisions = InferResponseType<City['revisions']['$get'], 200>;
export type RevisionDetail = InferResponseType<Revision['$get'], 200>;
export type Published = InferResponseType<Revision['publish']['$post'], 200>;
export type Discarded = InferResponseType<Revision['discard']['$post'], 200>;
export type ImportResult = InferResponseType<City['imports']['$post'], 201>;
export type ImportStarted = InferResponseType<City['imports']['$post'], 202>;
export type ImportJob = InferResponseType<Api['imports'][':id']['$get'], 200>;
export type Profiles = InferResponseType<Api['profiles']['$get'], 200>;
export type ProfileDetail = InferResponseType<Api['profiles'][':id']['$get'], 200>;
export type ProfileValidation = InferResponseType<Api['profiles']['validate']['$post'], 200>;

/** A problem body with the import result an import problem carries. */
export type ImportProblem = Problem & { result: ImportResult };
