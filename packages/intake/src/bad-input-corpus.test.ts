// The generated bad-input corpus (testing/bad-input-corpus.ts, seeded): every one of its 200+ malformed files goes
// through the real import path and must be refused with its error located (file, and sheet, row and column where
// the case knows them), without a crash, leaving the store exactly as it was, and with the process's memory bounded
// — zip bombs of gigabytes included. The hand-written cases are in malformed-input.test.ts.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueCode, Mapping } from '@anju/core';
import type { Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { writeBadInputCorpus, type BadInputCase, type BadInputFamily } from './testing/bad-input-corpus.js';
import {
  csvText,
  fingerprint,
  importWith,
  loadFixtureCities,
  makeTempDir,
  mapping,
  type StoreFingerprint,
  type TempDir,
} from './testing/fixtures.js';

const LONG: Mapping = mapping({ layout: 'long' });
/** Codes that concern one cell, so the message must name its row and column. */
const CELL_CODES: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'unknown-unit',
  'unit-other-city',
  'unknown-measure',
  'unknown-dimension',
  'bad-period',
  'not-a-number',
  'number-too-large',
  'formula-error',
  'negative-value',
  'duplicate-key',
  'unknown-uom',
  'uom-mismatch',
]);

let store: Store;
let tmp: TempDir;
let cases: BadInputCase[];
let baseline: StoreFingerprint;
let peakRss = 0;
let sampler: NodeJS.Timeout;

const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

beforeAll(async () => {
  sampler = setInterval(sample, 20);
  store = await openTestStore();
  await loadFixtureCities(store);
  tmp = await makeTempDir('anju-corpus-');
  const good = await tmp.write(
    'baseline.csv',
    csvText([
      ['单元', '期间', '指标', '类型', '数值'],
      ['甘州区', '2025年12月', '销售面积', '住宅', '12.5'],
      ['民乐县', '2025年12月', '均价', '住宅', '5210'],
    ]),
  );
  expect((await importWith(store, good, LONG, { publish: true })).ok).toBe(true);
  baseline = await fingerprint(store);
  cases = await writeBadInputCorpus(tmp.dir);
}, 300_000);

afterAll(async () => {
  clearInterval(sampler);
  await store?.close();
  await tmp?.remove();
});

describe('the generated bad-input corpus', () => {
  it('has at least 200 files in every family the issue names, and the same seed writes the same bytes', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.length).toBe(243);
    const families = new Map<BadInputFamily, number>();
    for (const c of cases) families.set(c.family, (families.get(c.family) ?? 0) + 1);
    expect(Object.fromEntries(families)).toEqual({
      'truncated-xlsx': 30,
      'corrupted-xlsx': 30,
      'zip-bomb': 12,
      'not-xlsx': 10,
      'broken-sheet-xml': 6,
      encoding: 25,
      'empty-rows': 3,
      'huge-number': 12,
      exponent: 10,
      'negative-area': 15,
      'duplicate-key': 12,
      'formula-no-result': 10,
      'hidden-sheet': 6,
      'merged-cells': 8,
      'unknown-unit': 15,
      'bad-period': 15,
      'unknown-measure': 8,
      'wrong-uom': 16,
    });
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
    const again = await makeTempDir('anju-corpus-again-');
    try {
      const second = await writeBadInputCorpus(again.dir);
      expect(second).toEqual(cases);
      for (const c of cases.filter((_, i) => i % 10 === 0)) {
        const a = createHash('sha256')
          .update(await readFile(tmp.path(c.file)))
          .digest('hex');
        const b = createHash('sha256')
          .update(await readFile(again.path(c.file)))
          .digest('hex');
        expect(b, c.file).toBe(a);
      }
    } finally {
      await again.remove();
    }
  });

  it('refuses every file with a located message, writes nothing, and keeps memory bounded', async () => {
    const problems: string[] = [];
    const seconds: Record<string, number> = {};
    // Measured from here: generating the corpus (a million-row sheet built as one string) is not the import.
    peakRss = process.memoryUsage().rss;
    const startRss = peakRss;
    for (const c of cases) {
      const started = performance.now();
      let result;
      try {
        result = await importWith(store, join(tmp.dir, c.file), LONG);
      } catch (error) {
        problems.push(`${c.file}: threw ${(error as Error).stack ?? String(error)}`);
        continue;
      } finally {
        seconds[c.family] = (seconds[c.family] ?? 0) + (performance.now() - started) / 1000;
        sample();
      }
      const first = result.errors[0];
      const where =
        first && `${first.code} ${first.sheet ?? ''}!${first.column ?? ''}${first.row ?? ''} ${first.messageZh}`;
      if (result.ok || first === undefined) problems.push(`${c.file}: accepted (${result.observations} values)`);
      else if (result.revisionId !== undefined) problems.push(`${c.file}: wrote revision ${result.revisionId}`);
      else if (!c.codes.includes(first.code)) problems.push(`${c.file}: expected ${c.codes.join('|')}, got ${where}`);
      else if (first.file !== c.file) problems.push(`${c.file}: message names file ${first.file}`);
      else if (
        (c.sheet !== undefined && first.sheet !== c.sheet) ||
        (c.row !== undefined && first.row !== c.row) ||
        (c.column !== undefined && first.column !== c.column)
      ) {
        problems.push(`${c.file}: expected at ${c.sheet ?? ''}!${c.column ?? ''}${c.row ?? ''}, got ${where}`);
      } else if (CELL_CODES.has(first.code) && (first.row === undefined || first.column === undefined)) {
        problems.push(`${c.file}: cell error without a row and column: ${where}`);
      } else if (!first.messageZh.includes('') || first.messageZh.length < 4 || first.messageEn.length < 4) {
        problems.push(`${c.file}: no message`);
      }
    }
    expect(problems).toEqual([]);
    // nothing written by any of them
    expect(await fingerprint(store)).toEqual(baseline);
    expect(baseline.published.count).toBe('2');
    // Memory stays bounded: the zip bombs (up to 4 GB expanded) are refused before anything is inflated into memory.
    const peakMb = Math.round(peakRss / 2 ** 20);
    console.info(
      `bad-input corpus: ${cases.length} files refused; RSS ${Math.round(startRss / 2 ** 20)} MB before, peak ` +
        `${peakMb} MB; seconds by family ` +
        JSON.stringify(Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v * 10) / 10]))),
    );
    // (the baseline is mostly PGlite's WebAssembly heap and the corpus generator's garbage)
    expect(peakMb - Math.round(startRss / 2 ** 20)).toBeLessThan(256);
  }, 600_000);
});
