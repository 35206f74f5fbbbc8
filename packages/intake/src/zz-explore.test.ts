import { afterAll, beforeAll, it, expect } from 'vitest';
import { formatIssue } from '@anju/core';
import type { Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { csvText, fingerprint, importWith, loadFixtureCities, makeTempDir, mapping, writeXlsx, type TempDir } from './testing/fixtures.js';

let store: Store; let tmp: TempDir;
beforeAll(async () => { store = await openTestStore(); await loadFixtureCities(store); tmp = await makeTempDir(); });
afterAll(async () => { await store.close(); await tmp.remove(); });
const show = (r: Awaited<ReturnType<typeof importWith>>) => console.log(JSON.stringify({ ok: r.ok, rows: r.rows, obs: r.observations, ec: r.errorCount, errors: r.errors.map(e => [e.sheet, e.row, e.column, e.code, formatIssue(e, 'zh')]), warnings: r.warnings.map(e => [e.row, e.column, e.code, e.messageZh]), det: r.detection }, null, 1));

it('explore', async () => {
  console.log(await fingerprint(store));
  const long = mapping({ layout: 'long' });
  const x = await writeXlsx(tmp.path('a.xlsx'), [{ name: '数据', rows: [
    ['单元', '期间', '指标', '数值'],
    ['甘州区', new Date(Date.UTC(2025, 11, 1)), '销售面积', { formula: '1+1', result: 2 }],
    ['肃南县', '2025-11', '销售面积', { formula: '1/0', result: { error: '#DIV/0!' } }],
  ] }]);
  show(await importWith(store, x, long));
  const w = await writeXlsx(tmp.path('w.xlsx'), [{ name: 'S', rows: [
    ['区县', '销售面积（万㎡）', null, '合计'],
    [null, '2024年', '2025年', null],
    ['甘州区', 1, 2, 3],
    ['肃南县', 1, 2, 3],
    ['合计', 2, 4, 6],
  ], merges: ['A1:A2', 'B1:C1', 'D1:D2'] }]);
  show(await importWith(store, w, mapping({ layout: 'wide', header: { firstRow: 1, rows: 2 }, rows: { key: 'unit' }, periodsFromHeader: true, fixed: { measure: 'housing.sales-area' } }), { dryRun: true }));
  const c = await tmp.write('c.xlsx', Buffer.from('PK\x03\x04garbage garbage garbage'));
  try { show(await importWith(store, c, long)); } catch (e) { console.log('THROWN', e); }
  const c2 = await tmp.write('c2.xlsx', Buffer.from(Array.from({length: 500}, (_, i) => (i * 37) % 256)));
  try { show(await importWith(store, c2, long)); } catch (e) { console.log('THROWN', e); }
  try { show(await importWith(store, x, mapping({ layout: 'long', sheet: '无' }))); } catch (e) { console.log('THROWN', e); }
  const g = await tmp.write('g.csv', Buffer.from('单元,期间,指标,数值\r\n甘州区,2025-12,销售面积,1\r\n\xff\xff,1,2,3\r\n', 'latin1'));
  try { show(await importWith(store, g, long)); } catch (e) { console.log('THROWN', e); }
  const h = await tmp.write('h.csv', csvText([['单元', '期间', '指标', '数值']]));
  show(await importWith(store, h, long));
  show(await importWith(store, h, mapping({ layout: 'long', city: '110100' })));
  expect(1).toBe(1);
});
