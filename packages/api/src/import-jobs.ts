// Background imports: a large upload answers 202 at once and its progress (bytes, rows) is polled by id. Jobs live
// in memory for the life of the server; the most recent ones are kept after they finish.
import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportResult } from '@anju/intake';
import type { Problem } from './problem.js';

export type ImportJobState = 'running' | 'done' | 'failed';

export interface ImportJob {
  readonly id: string;
  readonly cityCode: string;
  readonly file: string;
  state: ImportJobState;
  readonly startedAt: string;
  finishedAt: string | null;
  progress: ImportProgress;
  result: ImportResult | null;
  /** Why a failed job failed (a generic problem; details are in the server log). */
  problem: Problem | null;
}

const KEEP_FINISHED = 100;

export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();

  /** Registers a running job. */
  start(cityCode: string, file: string, startedAt: Date, totalBytes: number): ImportJob {
    const job: ImportJob = {
      id: randomUUID(),
      cityCode,
      file,
      state: 'running',
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      progress: { bytesRead: 0, totalBytes, rows: 0, observations: 0 },
      result: null,
      problem: null,
    };
    this.#jobs.set(job.id, job);
    this.#prune();
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.#jobs.get(id);
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#jobs.delete(job.id);
  }
}
