// Market benchmark (issue 4): on synthetic monthly data of 1,000 units × 120 months × every synthetic measure, per
// engine (embedded PGlite, a throwaway PostgreSQL 15 server):
//   - Anju's destocking cycle for every unit, month, property type and basis, computed and stored the way it runs
//     after every publish (store/market-derived.ts recomputeDerivedCycles);
//   - the best single hand-written SQL window query computing the same numbers on the same engine, both returning its
//     rows to the client and storing them with CREATE TABLE AS; the faster is the baseline (goal: Anju ≤ 1.5×);
//   - core's value-by-value rule (getSeries + destockingCycle) on a 5 % sample of units, checked against the stored
//     cycles;
//   - the full recompute of every derived market indicator and warning (api refreshMarketDerived).
// The rows are loaded with COPY straight into published_value (import speed is bench/run.js's subject). Every SQL
// cycle is checked against Anju's to 6 decimals. Prints a table and writes bench/out/market.json.
//
// Environment: BENCH_SKIP_POSTGRES=1 skips PostgreSQL; BENCH_MARKET_UNITS (default 1000) for iterating;
// BENCH_MARKET_RUNS (default 1; with more the best is taken).
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import {
  classifyCycle,
  destockingCycle,
  endDate,
  generateSyntheticCity,
  periodOf,
  startDate,
  SYNTHETIC_MEASURES,
} from '@anju/core';
import { derivedParameters, marketProfileFor, refreshMarketDerived } from '@anju/api';
import { loadCity } from '@anju/intake';
import { getSeries, listDerivedCycles, openStore, recomputeDerivedCycles } from '@anju/store';
import { startPostgresCluster } from '../packages/store/dist/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const CITY = '990100';
const GOAL = 1.5;
const UNITS = Number(process.env.BENCH_MARKET_UNITS ?? 1000);
const MONTHS = 120;
// The generator knows 35 measures (SYNTHETIC_MEASURES); the issue asks for 40 — we use every one it has.
const MEASURES = SYNTHETIC_MEASURES.length;
const CHUNK_ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_MARKET_RUNS ?? 1);
const TYPES = ['', 'residential', 'non-residential'];
const BASES = [
  { basis: 'area', inventory: 'housing.inventory-area', sales: 'housing.sales-area' },
  { basis: 'units', inventory: 'housing.inventory-units', sales: 'housing.sales-units' },
];

const seconds = (ms) => Math.round(ms) / 1000;
const fmt = (n) => n.toLocaleString('en-US');

async function timed(label, fn) {
  process.stdout.write(`  ${label} … `);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  process.stdout.write(`${seconds(ms)} s\n`);
  return { ms, value };
}

/** Best of `n` runs (the first warms caches and the JIT). */
async function best(label, n, fn) {
  let min;
  for (let i = 0; i < n; i++) {
    const r = await timed(`${label} (run ${i + 1}/${n})`, fn);
    if (min === undefined || r.ms < min.ms) min = r;
  }
  return min;
}

/** published_value rows as CSV chunks of CHUNK_ROWS rows each; returns the chunk paths and the row count. */
async function writeChunks(city, dir) {
  const uomOf = new Map();
  const { getMeasure } = await import('@anju/core');
  for (const m of city.measureCodes) uomOf.set(m, getMeasure(m).uom);
  const bounds = new Map(city.periods.map((p) => [p, [startDate(periodOf(p)), endDate(periodOf(p))]]));
  const paths = [];
  let rows = 0;
  let lines = [];
  let out;
  const flush = async (final) => {
    if (out === undefined) {
      const path = join(dir, `chunk-${paths.length}.csv`);
      paths.push(path);
      out = createWriteStream(path);
    }
    if (!out.write(lines.join(''))) await new Promise((r) => out.once('drain', r));
    lines = [];
    if (final || rows % CHUNK_ROWS === 0) {
      await new Promise((r) => out.end(r));
      out = undefined;
    }
  };
  for (const r of city.rows()) {
    const [start, end] = bounds.get(r.period);
    lines.push(
      `${CITY},${r.unitCode},${r.measureCode},${r.dimension},${r.period},month,${start},${end},${r.value},${uomOf.get(r.measureCode)},1\n`,
    );
    rows++;
    if (rows % 50_000 === 0) await flush(false);
  }
  await flush(true);
  return { paths, rows };
}

const COPY_COLUMNS =
  '(city_code, unit_code, measure_code, dimension, period, period_grain, period_start, period_end, value, uom, revision_id)';
const COPY_OPTIONS = 'WITH (FORMAT csv, FORCE_NOT_NULL (dimension))';

// The hand-written baseline: one statement, a window over each sales series (the trailing 12 months by date range,
// so a gap is not bridged), joined to the inventory at the period's end by published_value's primary key.
const SQL_CYCLES = `
  select s.unit_code, s.measure_code, s.dimension, s.period,
         case when i.value is null or s.months = 0 then null
              when s.sales_sum <= 0 then null
              else i.value * s.months / s.sales_sum end as months_of_supply
  from (
    select unit_code, measure_code, dimension, period, period_start,
           sum(value) over w as sales_sum, count(*) over w as months
    from published_value
    where city_code = '${CITY}' and period_grain = 'month'
      and measure_code in ('housing.sales-area', 'housing.sales-units')
      and dimension in ('', 'residential', 'non-residential')
    window w as (partition by unit_code, measure_code, dimension order by period_start
                 range between interval '11 months' preceding and current row)
  ) s
  left join published_value i
    on i.city_code = '${CITY}' and i.unit_code = s.unit_code and i.dimension = s.dimension and i.period = s.period
   and i.measure_code = case s.measure_code when 'housing.sales-area' then 'housing.inventory-area'
                                            else 'housing.inventory-units' end`;

/** Anju's cycles: getSeries for the four measures × three types, then core's rule for every unit and month. */
async function anjuCycles(store, profile, unitCodes) {
  const window = profile.destocking.windowMonths.value;
  const ref = { id: profile.id, version: profile.version };
  const lookup = new Map();
  const periods = new Set();
  for (const b of BASES) {
    for (const measure of [b.inventory, b.sales]) {
      for (const dimension of TYPES) {
        const points = await getSeries(store, { cityCode: CITY, measureCode: measure, dimension, grain: 'month' });
        for (const p of points) {
          const key = `${p.unitCode}|${measure}|${dimension}`;
          let list = lookup.get(key);
          if (list === undefined) lookup.set(key, (list = []));
          list.push({
            period: p.period,
            value: p.value,
            source: {
              kind: 'observation',
              cityCode: CITY,
              unitCode: p.unitCode,
              measureCode: measure,
              dimension,
              period: p.period,
              revisionId: p.revisionId,
            },
          });
          periods.add(p.period);
        }
      }
    }
  }
  const sorted = [...periods].sort();
  const out = new Map();
  for (const unit of unitCodes) {
    for (const b of BASES) {
      for (const type of TYPES) {
        const inventory = lookup.get(`${unit}|${b.inventory}|${type}`) ?? [];
        const sales = lookup.get(`${unit}|${b.sales}|${type}`) ?? [];
        if (inventory.length === 0 && sales.length === 0) continue;
        const invByPeriod = new Map(inventory.map((v) => [v.period, v]));
        for (const period of sorted) {
          const cycle = destockingCycle({
            period,
            inventory: invByPeriod.get(period),
            sales,
            windowMonths: window,
            basis: b.basis,
            propertyType: type,
            profile: ref,
          });
          classifyCycle(cycle, profile);
          out.set(`${unit}|${b.sales}|${type}|${period}`, cycle.kind === 'months' ? cycle.months : null);
        }
      }
    }
  }
  return out;
}

function compare(anju, rows) {
  let checked = 0;
  let mismatches = 0;
  for (const r of rows) {
    const a = anju.get(`${r.unit_code}|${r.measure_code}|${r.dimension}|${r.period}`);
    const s = r.months_of_supply === null ? null : Number(r.months_of_supply);
    const aa = a === undefined || a === null ? null : Number(a);
    checked++;
    if (aa === null || s === null ? aa !== s : Math.abs(aa - s) > 1e-6) mismatches++;
  }
  return { checked, mismatches };
}

/** Anju's stored cycles (derived_cycle) as a map like anjuCycles', for the check against the SQL baseline. */
async function storedCycles(store) {
  const rows = await listDerivedCycles(store, { cityCode: CITY });
  const out = new Map();
  for (const r of rows) {
    const sales = r.basis === 'area' ? 'housing.sales-area' : 'housing.sales-units';
    out.set(`${r.unitCode}|${sales}|${r.propertyType}|${r.period}`, r.kind === 'months' ? r.months : null);
  }
  return out;
}

async function measure(label, store, query, profile, unitCodes) {
  console.log(label);
  const parameters = derivedParameters(CITY, profile);
  // Anju: the destocking cycle of every unit, month, type and basis, computed in SQL and stored (what runs after a
  // publish: store/market-derived.ts recomputeDerivedCycles).
  const anju = await best(
    'Anju: recomputeDerivedCycles (computed and stored), every unit × month × type × basis',
    RUNS,
    () => store.transaction((tx) => recomputeDerivedCycles(tx, parameters)),
  );
  const window = await best('SQL: one window query, rows returned to the client', RUNS, () => query(SQL_CYCLES));
  const windowStored = await best('SQL: the same query stored with CREATE TABLE AS', RUNS, async () => {
    await query('drop table if exists bench_cycles');
    await query(`create table bench_cycles as ${SQL_CYCLES}`);
  });
  await query('drop table if exists bench_cycles');
  const baselineMs = Math.min(window.ms, windowStored.ms);
  const stored = await storedCycles(store);
  const check = compare(stored, window.value);
  if (check.mismatches > 0 || check.checked !== stored.size) {
    throw new Error(
      `SQL and Anju disagree: ${check.mismatches} of ${check.checked} rows differ (Anju ${stored.size} cycles)`,
    );
  }
  // Core's rule value by value (getSeries + destockingCycle + classifyCycle), as the per-request routes do; on a
  // sample of units, scaled, because at full size it takes minutes. Its numbers are checked against the stored ones.
  const sample = unitCodes.slice(0, Math.max(1, Math.floor(unitCodes.length / 20)));
  const core = await timed(`core per value: getSeries + destockingCycle on ${sample.length} units`, () =>
    anjuCycles(store, profile, sample),
  );
  const coreCheck = compare(
    core.value,
    [...core.value.keys()].map((k) => {
      const [unit_code, measure_code, dimension, period] = k.split('|');
      const v = stored.get(k);
      return { unit_code, measure_code, dimension, period, months_of_supply: v ?? null };
    }),
  );
  if (coreCheck.mismatches > 0) throw new Error(`core and stored cycles disagree on ${coreCheck.mismatches} rows`);
  const full = await timed(
    'full recompute: refreshMarketDerived (cycles, changes, trailing averages, shares, warnings)',
    () => refreshMarketDerived(store, CITY, { now: () => new Date(), profileId: profile.id }),
  );
  return {
    anjuMs: anju.ms,
    sqlMs: window.ms,
    sqlStoredMs: windowStored.ms,
    baselineMs,
    coreSampleUnits: sample.length,
    coreSampleMs: core.ms,
    fullMs: full.ms,
    full: full.value,
    cycles: stored.size,
    ratio: anju.ms / baselineMs,
  };
}

async function loadPglite(dir, city, chunks) {
  const dataDir = join(dir, 'pglite');
  const store = await openStore({ dataDir });
  await loadCity(store, CITY, city.units);
  await store.close();
  const db = new PGlite(dataDir);
  await db.waitReady;
  await timed(`COPY ${fmt(chunks.rows)} rows into published_value`, async () => {
    for (const path of chunks.paths) {
      await db.query(`COPY published_value ${COPY_COLUMNS} FROM '/dev/blob' ${COPY_OPTIONS}`, [], {
        blob: await openAsBlob(path),
      });
    }
    await db.query('analyze published_value');
  });
  await db.close();
  return dataDir;
}

async function benchPglite(dir, city, chunks, profile) {
  console.log('PGlite (embedded, temporary data directory)');
  const dataDir = await loadPglite(dir, city, chunks);
  const store = await openStore({ dataDir });
  try {
    const query = async (text) => (await sql.raw(text).execute(store.db)).rows;
    return await measure(
      '  measuring',
      store,
      query,
      profile,
      city.units.map((u) => u.code),
    );
  } finally {
    await store.close();
  }
}

async function benchPostgres(city, chunks, profile) {
  console.log('PostgreSQL 15 (throwaway cluster, fsync off)');
  const cluster = await startPostgresCluster();
  try {
    const store = await openStore({ databaseUrl: cluster.url });
    try {
      await loadCity(store, CITY, city.units);
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        await timed(`COPY ${fmt(chunks.rows)} rows into published_value`, async () => {
          for (const path of chunks.paths) {
            const stream = client.query(
              copyStreams.from(`COPY published_value ${COPY_COLUMNS} FROM STDIN ${COPY_OPTIONS}`),
            );
            await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), stream);
          }
          await client.query('analyze published_value');
        });
        const query = async (text) => (await client.query(text)).rows;
        return await measure(
          '  measuring',
          store,
          query,
          profile,
          city.units.map((u) => u.code),
        );
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  } finally {
    await cluster.stop();
  }
}

async function main() {
  const city = generateSyntheticCity({
    cityCode: CITY,
    units: UNITS,
    months: MONTHS,
    measures: MEASURES,
    breakdown: true,
    seed: 'bench-market',
    startMonth: '2016-01',
  });
  console.log(
    `Market benchmark: ${fmt(UNITS)} units × ${MONTHS} months × ${MEASURES} measures (${city.series.length} series with the residential / non-residential split) = ${fmt(city.rowCount)} rows; ${cpus()[0]?.model ?? ''}`,
  );
  const profile = await marketProfileFor(CITY, 'national-default');
  const dir = await mkdtemp(join(tmpdir(), 'anju-bench-market-'));
  const results = {};
  try {
    const chunks = await timed('write CSV chunks', () => writeChunks(city, dir));
    results.pglite = await benchPglite(dir, city, chunks.value, profile);
    if (process.env.BENCH_SKIP_POSTGRES !== '1') results.postgres = await benchPostgres(city, chunks.value, profile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log('engine      cycles     Anju (s)  SQL→client (s)  SQL→table (s)  ratio   goal  full recompute (s)');
  for (const [engine, r] of Object.entries(results)) {
    console.log(
      `${engine.padEnd(10)}  ${fmt(r.cycles).padStart(9)}  ${seconds(r.anjuMs).toFixed(3).padStart(8)}  ${seconds(r.sqlMs).toFixed(3).padStart(14)}  ${seconds(r.sqlStoredMs).toFixed(3).padStart(13)}  ${r.ratio.toFixed(2).padStart(5)}×  ${r.ratio <= GOAL ? ' met ' : 'MISSED'}  ${seconds(r.fullMs).toFixed(3).padStart(18)}`,
    );
  }
  console.log('ratio = Anju ÷ the faster of the two baseline forms; full recompute = every derived table and warning.');
  await mkdir(join(here, 'out'), { recursive: true });
  await writeFile(
    join(here, 'out', 'market.json'),
    `${JSON.stringify({ units: UNITS, months: MONTHS, measures: MEASURES, rows: city.rowCount, goal: GOAL, results }, null, 2)}\n`,
  );
}

await main();
