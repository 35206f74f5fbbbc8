// `anju backup --out FILE` and `anju restore FILE` on the engine under test: generated data, published, backed up
// and restored into an empty store gives every row back; a second restore into the now full store is refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, tableDigests, type Store } from '@anju/store';
import { openTestStore } from '../../../store/src/testing/index.js';
import type { Context } from '../context.js';
import { backupCommand, restoreCommand } from './backup.js';
import { generateCommand } from './generate.js';
import { UserError } from '../errors.js';

const NOW = new Date('2026-01-15T08:00:00Z');

function context(store: Store, lines: string[], json = false): Context {
  return {
    lang: 'zh',
    json,
    user: 'tester',
    now: () => NOW,
    out: (text) => void lines.push(text),
    err: (text) => void lines.push(text),
    withStore: (fn) => fn(store),
    storeLabel: () => 'test-store',
  };
}

let dir: string;
let source: Store;
let target: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-cli-backup-'));
  source = await openTestStore();
  // The same audit key: a restore verifies the backup's chains with it.
  target = await openTestStore({ auditKeyFile: source.auditKey.path });
  const code = await generateCommand(context(source, []), {
    units: '3',
    months: '12',
    measures: '4',
    seed: 'backup',
    city: '990100',
    publish: true,
  });
  expect(code).toBe(0);
});

afterAll(async () => {
  await source?.close();
  await target?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('anju backup / restore', () => {
  it('backs up, restores into an empty store with every row equal, and refuses a store with data', async () => {
    const file = join(dir, 'anju.tar.gz');
    const lines: string[] = [];
    expect(await backupCommand(context(source, lines), { out: file })).toBe(0);
    const digests = await tableDigests(source);
    const rows = Object.values(digests).reduce((sum, d) => sum + d.rows, 0);
    const tables = Object.keys(digests).length;
    expect(lines.at(-1)).toBe(`已备份 test-store（${source.engine}）到 ${file}：${tables} 个表，${rows} 行`);
    // 3 units + the city's own unit, 12 months × 4 measures × 4 units of observations, all published
    expect(digests['spatial_unit']!.rows).toBe(4);
    expect(digests['observation']!.rows).toBe(digests['published_value']!.rows);
    expect(digests['observation']!.rows).toBeGreaterThan(100);

    await expect(backupCommand(context(source, []), { out: file })).rejects.toThrow(
      `文件已存在：${file}（加 --force 覆盖）`,
    );
    await expect(backupCommand(context(source, []), {})).rejects.toThrow('请用 --out 指定备份文件');

    const restored: string[] = [];
    expect(await restoreCommand(context(target, restored), file)).toBe(0);
    expect(restored.at(-1)).toBe(
      `已从 ${file}（2026-01-15T08:00:00.000Z，${source.engine}）恢复到 test-store：${tables} 个表，${rows} 行，校验和全部一致，审计链校验通过（已记录本次恢复）`,
    );
    const after = await tableDigests(target);
    const { audit_event: events, audit_chain_head: heads, ...rest } = after;
    expect(rest).toEqual(Object.fromEntries(Object.entries(digests).filter(([k]) => !k.startsWith('audit_'))));
    // The restore is an event of its own, by the user who ran it, in the system chain (a new head).
    expect([events!.rows, heads!.rows]).toEqual([
      digests['audit_event']!.rows + 1,
      digests['audit_chain_head']!.rows + 1,
    ]);
    const [restore] = await listAuditEvents(target, { action: 'backup.restore' });
    expect(restore).toMatchObject({ actor: 'tester', target: 'anju.tar.gz', cityCode: null });

    const again = await restoreCommand(context(target, []), file).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UserError);
    expect((again as Error).message).toMatch(/^只能恢复到空库：这些表中已有数据：(\w+、)*city(、\w+)*。/);
    await expect(restoreCommand(context(target, []), join(dir, 'none.tar.gz'))).rejects.toThrow(
      `找不到备份文件：${join(dir, 'none.tar.gz')}`,
    );
  });
});
