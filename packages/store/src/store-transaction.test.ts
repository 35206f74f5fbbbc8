import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from './errors.js';
import type { CopyRow, Store } from './store.js';
import { openTestStore } from './testing/test-store.js';

interface ProbeRow {
  id: number;
  a: string | null;
  b: string | null;
  n: string | null;
  d: string | null;
  big: string | null;
}

describe('Store.transaction and copyRows', () => {
  let store: Store;
  const columns = ['id', 'a', 'b', 'n', 'd', 'big'];

  beforeAll(async () => {
    store = await openTestStore();
    // A scratch table with nullable columns of each type the store relies on.
    await sql`create table probe (id integer primary key, a text, b text, n numeric, d date, big bigint)`.execute(
      store.db,
    );
  });
  afterAll(async () => {
    await store.close();
  });

  const probeRows = async (fromId: number, toId: number): Promise<ProbeRow[]> =>
    (await sql<ProbeRow>`select * from probe where id between ${fromId} and ${toId} order by id`.execute(store.db))
      .rows;

  it('loads awkward text exactly: quotes, commas, newlines, Chinese, NULL and the empty string', async () => {
    const rows: CopyRow[] = [
      ['1', '他说"你好", 然后走了', 'line one\nline two\r\nthree'],
      ['2', '', null],
      ['3', '甘州区,临泽县', '"quoted"'],
      ['4', '\\N', ' spaced '],
      ['5', null, ''],
    ];
    const loaded = await store.transaction((tx) => tx.copyRows('probe', ['id', 'a', 'b'], rows));
    expect(loaded).toBe(5);
    expect((await probeRows(1, 5)).map(({ id, a, b }) => ({ id, a, b }))).toEqual([
      { id: 1, a: '他说"你好", 然后走了', b: 'line one\nline two\r\nthree' },
      { id: 2, a: '', b: null },
      { id: 3, a: '甘州区,临泽县', b: '"quoted"' },
      { id: 4, a: '\\N', b: ' spaced ' },
      { id: 5, a: null, b: '' },
    ]);
  });

  it('keeps numeric values exact, dates as YYYY-MM-DD and bigints as strings, through COPY and through parameters', async () => {
    await store.transaction(async (tx) => {
      await tx.copyRows('probe', columns, [
        ['11', null, null, '3511.359', '2025-12-31', '9007199254740993'],
        ['12', null, null, '0.1', '2024-02-29', '1'],
      ]);
      await sql`insert into probe (id, n, d, big) values (13, ${'123456789012.123456'}, ${'2021-01-01'}, ${'42'})`.execute(
        tx.db,
      );
    });
    const rows = await probeRows(11, 13);
    expect(rows.map(({ n, d, big }) => ({ n, d, big }))).toEqual([
      { n: '3511.359', d: '2025-12-31', big: '9007199254740993' },
      { n: '0.1', d: '2024-02-29', big: '1' },
      { n: '123456789012.123456', d: '2021-01-01', big: '42' },
    ]);
    // 3511.359 + 0.1 + 123456789012.123456, with no binary floating point on the way.
    const { rows: sums } = await sql<{
      total: string;
    }>`select sum(n) as total from probe where id between 11 and 13`.execute(store.db);
    expect(sums[0]!.total).toBe('123456792523.582456');
  });

  it('streams rows from an async iterable', async () => {
    async function* generated(): AsyncGenerator<CopyRow> {
      for (let i = 0; i < 20_000; i++) yield [String(1000 + i), `单元${i}`, null, `${i}.5`, null, null];
    }
    const loaded = await store.transaction((tx) => tx.copyRows('probe', columns, generated()));
    expect(loaded).toBe(20_000);
    // Σ (i + 0.5) for i = 0 … 19 999 = 19 999 · 20 000 / 2 + 10 000 = 200 000 000
    const { rows } = await sql<{ total: string; count: string }>`
      select sum(n) as total, count(*) as count from probe where id between 1000 and 20999`.execute(store.db);
    expect(rows[0]).toEqual({ total: '200000000.0', count: '20000' });
  });

  it('loads rows already encoded as COPY text, chunk by chunk', async () => {
    const chunks = ['900\t甲\t\\N\t1.25\n', '901\t乙\\t丙\t\t2.5\n'];
    const loaded = await store.transaction((tx) => tx.copyText('probe', ['id', 'a', 'b', 'n'], chunks));
    expect(loaded).toBe(2);
    expect((await probeRows(900, 901)).map(({ id, a, b, n }) => ({ id, a, b, n }))).toEqual([
      { id: 900, a: '甲', b: null, n: '1.25' },
      { id: 901, a: '乙\t丙', b: '', n: '2.5' },
    ]);
  });

  it('rolls back a COPY when the function throws afterwards', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.copyRows(
          'probe',
          ['id', 'a'],
          [
            ['100', 'kept?'],
            ['101', 'kept?'],
          ],
        );
        throw new Error('validation failed after the copy');
      }),
    ).rejects.toThrow('validation failed after the copy');
    expect(await probeRows(100, 101)).toEqual([]);
  });

  it('fails the whole transaction when a statement failed inside it, even if the error was caught', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.copyRows('probe', ['id', 'a'], [['200', 'first']]);
        await tx.copyRows('probe', ['id', 'a'], [['200', 'duplicate key']]).catch(() => undefined);
        return 'pretend all is well';
      }),
    ).rejects.toMatchObject({ code: 'transaction-aborted' });
    expect(await probeRows(200, 200)).toEqual([]);
  });

  it('refuses a row with the wrong number of values and writes nothing', async () => {
    await expect(
      store.transaction((tx) => tx.copyRows('probe', ['id', 'a'], [['300', 'ok'], ['301']])),
    ).rejects.toThrow('COPY row 2 has 1 values; expected 2');
    expect(await probeRows(300, 301)).toEqual([]);
  });

  it('refuses identifiers that are not plain names', async () => {
    await expect(
      store.transaction((tx) => tx.copyRows('probe; drop table probe', ['id'], [['1']])),
    ).rejects.toBeInstanceOf(StoreError);
  });

  it('closes tx.db when the transaction ends', async () => {
    const leaked = await store.transaction(async (tx) => tx.db);
    const error = await sql`select 1`.execute(leaked).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('transaction-closed');
  });

  it('refuses store.db and nested transactions inside a transaction instead of waiting for itself', async () => {
    const refusals = await store.transaction(async (tx) => {
      await tx.copyRows('probe', ['id', 'a'], [['700', 'outer']]);
      const viaStore = await sql`select 1`.execute(store.db).catch((e: unknown) => e);
      const nested = await store.transaction(async () => 'nested').catch((e: unknown) => e);
      return [viaStore, nested].map((e) => (e instanceof StoreError ? e.code : 'no error'));
    });
    expect(refusals).toEqual(['store-in-transaction', 'store-in-transaction']);
    // Neither refusal touched the database, so the outer transaction committed.
    expect((await probeRows(700, 700)).map((row) => row.a)).toEqual(['outer']);
  });

  it('runs concurrent transactions one after another without mixing them', async () => {
    const results = await Promise.all(
      [400, 500, 600].map((base) =>
        store.transaction(async (tx) => {
          await tx.copyRows(
            'probe',
            ['id', 'n'],
            [
              [String(base), '1.5'],
              [String(base + 1), '2.5'],
            ],
          );
          const { rows } = await sql<{ total: string }>`
            select sum(n) as total from probe where id between ${base} and ${base + 1}`.execute(tx.db);
          return rows[0]!.total;
        }),
      ),
    );
    expect(results).toEqual(['4.0', '4.0', '4.0']);
    const { rows } = await sql<{
      count: string;
    }>`select count(*) as count from probe where id between 400 and 601`.execute(store.db);
    expect(rows[0]!.count).toBe('6');
  });
});
