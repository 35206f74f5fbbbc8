// A seeded sample of the generated bad-input corpus uploaded through POST /api/cities/{city}/imports: each is
// refused with 422 and its first error located as the corpus case says, the server keeps answering, and nothing is
// written. The whole corpus goes through the import path in intake/src/bad-input-corpus.test.ts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@anju/core';
import { listRevisions, type Store } from '@anju/store';
import { writeBadInputCorpus, type BadInputCase } from '../../../intake/src/testing/bad-input-corpus.js';
import { loadFixtureCities, makeTempDir, type TempDir } from '../../../intake/src/testing/fixtures.js';
import { openTestStore } from '../../../store/src/testing/index.js';
import { createApp } from '../app.js';
import type { ImportProblem } from '../testing/api-types.js';

let store: Store;
let tmp: TempDir;
let app: ReturnType<typeof createApp>;
let sample: BadInputCase[];

beforeAll(async () => {
  store = await openTestStore();
  await loadFixtureCities(store);
  app = createApp({ store, now: () => new Date('2026-01-15T08:00:00Z'), user: 'analyst' });
  tmp = await makeTempDir('anju-api-corpus-');
  const cases = await writeBadInputCorpus(tmp.dir);
  // Every family once (the zip bombs and the million empty rows included), then a seeded pick: 30 uploads.
  const families = [...new Set(cases.map((c) => c.family))];
  const first = families.map((f) => cases.find((c) => c.family === f)!);
  const rest = createRng('api-corpus-sample').shuffle(cases.filter((c) => !first.includes(c)));
  sample = [...first, ...rest.slice(0, 30 - first.length)];
}, 300_000);

afterAll(async () => {
  await store?.close();
  await tmp?.remove();
});

describe('uploads of the bad-input corpus', () => {
  it('answers 422 with the located error for each sampled file and writes nothing', async () => {
    expect(sample).toHaveLength(30);
    for (const c of sample) {
      const form = new FormData();
      form.append('file', new Blob([await readFile(join(tmp.dir, c.file))]), c.file);
      const res = await app.request('/api/cities/620700/imports', { method: 'POST', body: form });
      expect(res.status, c.file).toBe(422);
      const body = (await res.json()) as ImportProblem;
      expect(body.type).toBe('urn:anju:problem:import-failed');
      const first = body.errors[0]!;
      expect(c.codes, `${c.file}: ${first.code}`).toContain(first.code);
      expect(first.file).toBe(c.file);
      if (c.row !== undefined) expect(first.row, c.file).toBe(c.row);
      if (c.column !== undefined) expect(first.column, c.file).toBe(c.column);
      if (c.sheet !== undefined) expect(first.sheet, c.file).toBe(c.sheet);
      expect(first.message.length).toBeGreaterThan(4);
    }
    // still serving, and nothing written
    expect((await app.request('/api/health')).status).toBe(200);
    expect(await listRevisions(store, '620700')).toEqual([]);
  }, 600_000);
});
