// A seeded sample of the generated bad-input corpus through `anju import` (in process, as a user runs it): every
// file is refused with exit code 1 and the located message printed, nothing crashes, and nothing is written.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, formatIssue, type IntakeIssue } from '@anju/core';
import { listRevisions, openStore } from '@anju/store';
import { writeBadInputCorpus, type BadInputCase } from '../../intake/src/testing/bad-input-corpus.js';
import { loadFixtureCities } from '../../intake/src/testing/fixtures.js';
import { runAnju } from './testing/run-anju.js';

let dir: string;
let dataDir: string;
let sample: BadInputCase[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-cli-corpus-'));
  dataDir = join(dir, 'data');
  const store = await openStore({ dataDir });
  try {
    await loadFixtureCities(store);
  } finally {
    await store.close();
  }
  const cases = await writeBadInputCorpus(dir);
  // Every family once, then a seeded pick of the rest: 36 files.
  const families = [...new Set(cases.map((c) => c.family))];
  const first = families.map((f) => cases.find((c) => c.family === f)!);
  const rest = createRng('cli-corpus-sample').shuffle(cases.filter((c) => !first.includes(c)));
  sample = [...first, ...rest.slice(0, 36 - first.length)];
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju import on the bad-input corpus', () => {
  it('refuses each sampled file with exit code 1, prints where the error is, and writes nothing', async () => {
    expect(sample).toHaveLength(36);
    for (const c of sample) {
      const run = await runAnju(dataDir, 'import', join(dir, c.file), '--city', '620700', '--json');
      expect(run.code, c.file).toBe(1);
      const result = JSON.parse(run.out) as { ok: boolean; errors: IntakeIssue[]; revisionId?: string };
      expect(result.ok, c.file).toBe(false);
      expect(result.revisionId, c.file).toBeUndefined();
      const first = result.errors[0]!;
      expect(c.codes, c.file).toContain(first.code);
      expect(first.file).toBe(c.file);
      if (c.row !== undefined) expect(first.row, c.file).toBe(c.row);
      if (c.column !== undefined) expect(first.column, c.file).toBe(c.column);
      // the text a person reads names the file, and the row and column when the case knows them
      const text = formatIssue(first, 'zh');
      expect(text, c.file).toContain(`文件 ${c.file}`);
      if (c.row !== undefined) expect(text, c.file).toContain(`第 ${c.row} 行`);
    }
    // the same through the human-readable output for one file
    const human = await runAnju(dataDir, 'import', join(dir, sample[0]!.file), '--city', '620700');
    expect(human.code).toBe(1);
    expect(human.out).toContain(`文件 ${sample[0]!.file}`);
    expect(human.out.trim().split('\n').at(-1)).toMatch(/^导入失败：\d+ 个错误，未写入任何数据$/);
    const store = await openStore({ dataDir });
    try {
      expect(await listRevisions(store, '620700')).toEqual([]);
    } finally {
      await store.close();
    }
  }, 600_000);
});
