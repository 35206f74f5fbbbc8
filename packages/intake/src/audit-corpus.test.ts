// The plan-table auditor over the public corpus (packages/samples/audit/corpus: the 13 published plans' tables as
// printed) and the seeds' tables (packages/samples/audit), against the hand-arithmetic labels at the end of each
// file: every figure labelled 一致 stays silent, every figure labelled 不一致 is reported, and nothing else is.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { auditTables, parseAuditRules, type AuditReport, type AuditRules, type PrintedTable } from '@anju/core';
import { describe, expect, it } from 'vitest';
import { readPrintedTable } from './read-printed-table.js';

const seedDir = fileURLToPath(new URL('../../samples/audit/', import.meta.url));
const corpusDir = `${seedDir}corpus/`;

type Verdict = '一致' | '不一致' | '未核对';
interface Label {
  readonly table: string;
  readonly address: string;
  readonly verdict: Verdict;
  readonly note: string;
}

const LABEL = /^#\s*(一致|不一致|未核对)\s*[:：]\s*([A-Z]+\d+)\s*(?:\|\s*(.*))?$/;

async function labelsOf(path: string, table: string): Promise<Label[]> {
  const text = await readFile(path, 'utf8');
  return text.split(/\r?\n/).flatMap((line) => {
    const m = LABEL.exec(line.trim());
    return m === null ? [] : [{ table, address: m[2]!, verdict: m[1] as Verdict, note: m[3] ?? '' }];
  });
}

async function rulesFile(path: string): Promise<AuditRules | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const r = parseAuditRules(text);
  if (!r.ok) throw new Error(`${path}: ${JSON.stringify(r.errors)}`);
  return r.rules;
}

/** The seeds' plans: file prefix → rules file. */
const SEED_PLANS: Record<string, string> = {
  '000-': 'zhengzhou-000.rules.yaml',
  '002-': 'wenzhou-002.rules.yaml',
  '003-': 'zhangye-003.rules.yaml',
  '004-': 'chongqing-004.rules.yaml',
};

interface PlanRun {
  readonly plan: string;
  readonly tables: PrintedTable[];
  readonly labels: Label[];
  readonly report: AuditReport;
}

async function corpus(): Promise<PlanRun[]> {
  const runs: PlanRun[] = [];
  const seedFiles = (await readdir(seedDir)).filter((f) => f.endsWith('.csv')).sort();
  for (const [prefix, rules] of Object.entries(SEED_PLANS)) {
    const files = seedFiles.filter((f) => f.startsWith(prefix));
    const tables = await Promise.all(files.map((f) => readPrintedTable(seedDir + f)));
    const labels = (await Promise.all(files.map((f, i) => labelsOf(seedDir + f, tables[i]!.id)))).flat();
    runs.push({ plan: prefix, tables, labels, report: auditTables(tables, await rulesFile(seedDir + rules)) });
  }
  const corpusFiles = (await readdir(corpusDir)).filter((f) => f.endsWith('.csv')).sort();
  const byPlan = new Map<string, { tables: PrintedTable[]; labels: Label[] }>();
  for (const f of corpusFiles) {
    const table = await readPrintedTable(corpusDir + f);
    const plan = table.source.plan ?? table.id;
    const entry = byPlan.get(plan) ?? { tables: [], labels: [] };
    entry.tables.push(table);
    entry.labels.push(...(await labelsOf(corpusDir + f, table.id)));
    byPlan.set(plan, entry);
  }
  for (const [plan, { tables, labels }] of byPlan) {
    const rules = await rulesFile(`${corpusDir}${plan}.rules.yaml`);
    runs.push({ plan, tables, labels, report: auditTables(tables, rules) });
  }
  return runs;
}

const key = (table: string, address: string) => `${table} ${address}`;

describe('the audit corpus (published plans and seeds, labelled by hand arithmetic)', () => {
  it('holds at least 30 tables, each citing its source', async () => {
    const runs = await corpus();
    const tables = runs.flatMap((r) => r.tables);
    expect(tables.length).toBeGreaterThanOrEqual(30);
    for (const t of tables) expect(t.source.cite ?? t.source.seed, t.id).toBeTruthy();
    // the 13 published plans are all there
    expect(runs.filter((r) => !r.plan.endsWith('-')).length).toBe(13);
  });

  it('reports every figure labelled 不一致, stays silent on every figure labelled 一致, and reports nothing else', async () => {
    const runs = await corpus();
    const findings = runs.flatMap((r) => r.report.findings.map((f) => key(f.tableId, f.address)));
    const labels = runs.flatMap((r) => r.labels);
    const inconsistent = new Set(labels.filter((l) => l.verdict === '不一致').map((l) => key(l.table, l.address)));
    const consistent = labels.filter((l) => l.verdict === '一致').map((l) => key(l.table, l.address));
    const found = new Set(findings);
    const truePositives = [...found].filter((k) => inconsistent.has(k));
    const falseFindings = [...found].filter((k) => !inconsistent.has(k));
    const misses = [...inconsistent].filter((k) => !found.has(k));
    expect(inconsistent.size).toBeGreaterThan(0);
    expect(consistent.length).toBeGreaterThan(20);
    expect(consistent.filter((k) => found.has(k))).toEqual([]);
    expect(falseFindings).toEqual([]);
    expect(misses).toEqual([]);
    const precision = truePositives.length / found.size;
    const recall = truePositives.length / inconsistent.size;
    expect([precision, recall]).toEqual([1, 1]);
    expect(runs.every((r) => r.report.problems.length === 0)).toBe(true);
  });

  it('checks the published figures labelled 一致 (silence by checking, not by skipping)', async () => {
    const runs = await corpus();
    const unchecked: string[] = [];
    for (const run of runs.filter((r) => !r.plan.endsWith('-'))) {
      const checked = new Set(
        run.report.tables.flatMap((t) =>
          t.checks
            .filter((c) => c.status !== 'mismatch')
            .flatMap((c) => [c.address, ...(c.inputs ?? [])].map((a) => key(c.tableId, a))),
        ),
      );
      for (const l of run.labels.filter((x) => x.verdict === '一致')) {
        if (!checked.has(key(l.table, l.address))) unchecked.push(`${key(l.table, l.address)} ${l.note}`);
      }
    }
    expect(unchecked).toEqual([]);
  });

  it('lists every figure labelled 未核对 as unchecked, with a reason (nothing skipped silently)', async () => {
    const runs = await corpus();
    const listed = new Map(runs.flatMap((r) => r.report.unchecked.map((u) => [key(u.tableId, u.address), u])));
    const labelled = runs.flatMap((r) => r.labels.filter((l) => l.verdict === '未核对'));
    expect(labelled.length).toBeGreaterThan(5);
    expect(labelled.filter((l) => !listed.has(key(l.table, l.address))).map((l) => key(l.table, l.address))).toEqual(
      [],
    );
    for (const l of labelled) expect(listed.get(key(l.table, l.address))!.reasonZh).not.toBe('');
    // and each report says so: 核对 N 处，未核对 M 处
    for (const r of runs) expect(r.report.summary.unchecked).toBe(r.report.unchecked.length);
  });
});
