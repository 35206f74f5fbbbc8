// POST /api/audit in process: several printed tables in one upload are audited as one plan; the answer carries the
// findings and each table's cells with the status of its checks; bad uploads are problem+json in zh / en.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Store } from '@anju/store';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Problem } from '../testing/api-types.js';
import type { AuditReportSchema } from './audit.js';
import type { z } from '@hono/zod-openapi';

// The auditor never touches the store.
const app = createApp({ store: {} as Store, now: () => new Date('2026-06-01T00:00:00Z'), logError: () => undefined });
const samples = fileURLToPath(new URL('../../../samples/audit/', import.meta.url));
type Report = z.infer<typeof AuditReportSchema>;

async function post<T>(
  parts: { name: string; file?: string; content: string | Uint8Array<ArrayBuffer> }[],
  lang?: string,
) {
  const form = new FormData();
  for (const p of parts) {
    if (p.file === undefined) form.append(p.name, typeof p.content === 'string' ? p.content : new Blob([p.content]));
    else form.append(p.name, new Blob([p.content]), p.file);
  }
  const res = await app.request('/api/audit', {
    method: 'POST',
    body: form,
    headers: lang === undefined ? {} : { 'accept-language': lang },
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
}

const sample = async (name: string) => ({ name: 'file', file: name, content: await readFile(samples + name, 'utf8') });

describe('POST /api/audit', () => {
  it('audits several uploaded seed tables as one plan with the rules sent along', async () => {
    const parts = [
      await sample('003-county-plan.csv'),
      await sample('003-indicator-system.csv'),
      await sample('003-text-demand.csv'),
      { name: 'rules', content: await readFile(samples + 'zhangye-003.rules.yaml', 'utf8') },
    ];
    const r = await post<Report>(parts);
    expect(r.status).toBe(200);
    expect(r.body.summary.tables).toBe(3);
    expect(r.body.findings.map((f) => [f.tableId, f.address, f.kind, f.printed, f.computed, f.cause])).toEqual([
      ['003-county-plan', 'B12', 'total', '16600', '17610', 'unexplained'],
      ['003-text-demand', 'B9', 'subset', '3464', '3646', 'subset-exceeds'],
      ['003-text-demand', 'B9', 'derived', '3464', '3646', 'definition'],
      ['003-text-demand', 'B11', 'derived', '25.52', '24.248', 'definition'],
      ['003-text-demand', 'B14', 'cross-table', '3829', '3919', 'unexplained'],
      ['003-text-demand', 'B9', 'cross-table', '3464', '3646', 'unexplained'],
    ]);
    const county = r.body.tables[0]!;
    expect(county.title).toBe('2026—2030年分区域指标');
    expect(county.source.file).toBe('003-county-plan.csv');
    expect(county.totalRows).toEqual([12]);
    expect(county.grid[7]![1]).toEqual({ text: '16600', address: 'B12', row: 12, column: 'B' });
    expect(county.checks.find((c) => c.address === 'B12')).toEqual({
      kind: 'total',
      tableId: '003-county-plan',
      address: 'B12',
      status: 'mismatch',
    });
  });

  it('proposes the checks of a list, and merges accepted ones into the rules', async () => {
    const list = {
      name: 'file',
      file: 'list.csv',
      content: '项目,数值,单位\n总量,3710,公顷\n其中：甲,2060,公顷\n其中：乙,1650,公顷\n',
    };
    const first = await post<Report>([list]);
    expect(first.body.proposals).toEqual([
      expect.objectContaining({ tableId: 'list', line: '总量', formula: '{其中：甲} + {其中：乙}', status: 'ok' }),
    ]);
    const accepted = JSON.stringify(
      first.body.proposals.map(({ tableId, line, formula }) => ({ tableId, line, formula })),
    );
    const again = await post<Report>([list, { name: 'accepted', content: accepted }]);
    expect(again.status).toBe(200);
    expect(again.body.proposals).toEqual([]);
    expect(again.body.tables[0]!.checks).toContainEqual(
      expect.objectContaining({ kind: 'derived', address: 'B2', status: 'ok' }),
    );
    const bad = await post<Problem>([list, { name: 'accepted', content: '{"not": "a list"}' }]);
    expect(bad.status).toBe(400);
  });

  it('a clean table gives no findings', async () => {
    const r = await post<Report>([{ name: 'file', file: 'ok.csv', content: '区域,套数\n甲,10\n乙,20\n合计,30\n' }]);
    expect(r.status).toBe(200);
    expect(r.body.findings).toEqual([]);
    expect(r.body.summary).toEqual({ tables: 1, checks: 1, withinPrecision: 0, unchecked: 0, findings: 0 });
    expect(r.body.unchecked).toEqual([]);
  });

  it('refuses uploads without a file, with a file that is not a table, or with broken rules', async () => {
    const none = await post<Problem>([{ name: 'rules', content: 'version: 1' }]);
    expect(none.status).toBe(400);
    expect(none.type).toContain('application/problem+json');
    expect(none.body.detail).toContain('没有收到文件');
    const notTable = await post<Problem>([{ name: 'file', file: 'notes.md', content: '# hello' }], 'en');
    expect(notTable.status).toBe(400);
    expect(notTable.body.errors.map((e) => e.message)).toEqual(['notes.md is not a CSV or XLSX file']);
    const badRules = await post<Problem>([
      { name: 'file', file: 'ok.csv', content: '区域,套数\n甲,10\n合计,10\n' },
      {
        name: 'rules',
        content: 'tables:\n  - match: ok\n    derived:\n      - { line: 面积, formula: "{套数} * 90" }\n',
      },
    ]);
    expect(badRules.status).toBe(400);
    expect(badRules.body.errors.map((e) => e.message)).toEqual(['规则中的派生行/列“面积”在表中找不到']);
  });

  it('is in the OpenAPI document', async () => {
    const res = await app.request('/api/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/audit'] ?? {})).toEqual(['post']);
  });
});
