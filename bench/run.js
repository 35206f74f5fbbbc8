// Intake benchmark (SPEC §6 "Speed: measured by benchmarks in the repository"). Run with `npm run bench`, which
// builds the packages first. It measures, on the same synthetic files:
//   CSV, 1,000,000 rows: a bare COPY into an unindexed table vs `importFile` (full validation, revision, COPY into
//   the indexed observation table), on embedded PGlite and on a throwaway PostgreSQL 15 server. Goal: ≤ 1.5×.
//   A second line per engine compares with a COPY of the same file into a table with observation's indexes.
//   XLSX, 100,000 rows: exceljs's streaming reader alone vs `importFile` into PGlite. Goal: ≤ 1.3×.
// Results are printed as a table and written to bench/out/results.json.
//
// Flags: --quick runs a 200k-row CSV (for iterating). Environment: BENCH_CSV_ROWS=small runs a 100k-row CSV instead; ANJU_PG_BIN as for the tests;
// BENCH_SKIP_POSTGRES=1 skips PostgreSQL.
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { generateSyntheticCity, mappingSchema, syntheticCsv, SYNTHETIC_CSV_HEADER } from '@anju/core';
import { importFile, loadCity } from '@anju/intake';
import { openStore } from '@anju/store';
import { startPostgresCluster } from '../packages/store/dist/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const CITY = '990100';
const CSV_GOAL = 1.5;
const XLSX_GOAL = 1.3;

// 250 sub-areas × 80 months (2019-01 … 2025-08) × 50 series (22 measures, 14 of them also split into residential /
// non-residential) = 1,000,000 rows. The XLSX: 50 districts × 40 months × 50 series = 100,000 rows.
// `--quick` (200k rows) is for iterating; report full-size figures.
const small = process.env.BENCH_CSV_ROWS === 'small';
const quick = process.argv.includes('--quick');
const CSV_CITY = {
  cityCode: CITY,
  units: small ? 25 : quick ? 50 : 250,
  months: 80,
  measures: 22,
  breakdown: true,
  seed: 'bench',
  startMonth: '2019-01',
};
const XLSX_CITY = {
  cityCode: CITY,
  units: 50,
  months: 40,
  measures: 22,
  breakdown: true,
  seed: 'bench-xlsx',
  startMonth: '2019-01',
};

const seconds = (ms) => Math.round(ms) / 1000;
const perSecond = (rows, ms) => Math.round((rows / ms) * 1000);
const fmt = (n) => n.toLocaleString('en-US');

async function timed(label, fn) {
  process.stdout.write(`  ${label} … `);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  process.stdout.write(`${seconds(ms)} s\n`);
  return { ms, value };
}

function longMapping() {
  return mappingSchema.parse({ version: 1, city: CITY, layout: 'long' });
}

/** Writes the city's rows as a long CSV and its units beside it. */
async function writeCsv(city, path) {
  await pipeline(Readable.from(syntheticCsv(city, 20_000)), createWriteStream(path));
  await writeFile(path.replace(/\.csv$/, '.units.json'), `${JSON.stringify(city.units, null, 2)}\n`);
}

/** Writes the city's rows as a long XLSX with exceljs's streaming writer (values as numbers, as Excel keeps them). */
async function writeXlsx(city, path) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('数据');
  sheet.addRow([...SYNTHETIC_CSV_HEADER]).commit();
  for (const r of city.rows()) {
    sheet
      .addRow([r.unitCode, r.period, r.measureCode, r.dimension === '' ? null : r.dimension, Number(r.value)])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

const RAW_TABLE = 'create table raw_long (unit text, period text, measure text, dimension text, value numeric)';
// The second baseline: the same file into a table with observation's indexes (migration 0002), so the reader sees
// how much of importFile's time is the engine maintaining those indexes and how much is Anju's own work.
const RAW_INDEXED_TABLE = [
  `create table raw_long_indexed (city_code text not null default '${CITY}', revision_id bigint not null default 1,
    unit text not null, period text not null, measure text not null, dimension text not null, value numeric not null,
    primary key (city_code, unit, measure, dimension, period, revision_id))`,
  'create index raw_long_indexed_revision_idx on raw_long_indexed (city_code, revision_id)',
];
// An empty dimension is an unquoted empty field: read it as '' (as importFile does), not NULL.
const RAW_INDEXED_COPY =
  'COPY raw_long_indexed (unit, period, measure, dimension, value) FROM %s WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (dimension))';

async function importInto(store, path, expectRows) {
  await loadCity(store, CITY, generateSyntheticCity(CSV_CITY).units);
  return async () => {
    const result = await importFile(store, {
      path,
      mapping: longMapping(),
      createdBy: 'bench',
      reason: 'benchmark',
      now: new Date('2025-09-01T00:00:00Z'),
      kind: 'generate',
      synthetic: true,
    });
    if (!result.ok || result.observations !== expectRows) {
      const first = result.errors.slice(0, 5).map((e) => e.messageEn);
      throw new Error(
        `import failed: ok=${result.ok} observations=${result.observations} errors=${result.errorCount} ${first.join('; ')}`,
      );
    }
    return result;
  };
}

async function benchPglite(csvPath, rows) {
  console.log('PGlite (embedded, temporary data directories)');
  const dir = await mkdtemp(join(tmpdir(), 'anju-bench-'));
  try {
    const pglite = new PGlite(join(dir, 'raw'));
    await pglite.waitReady;
    await pglite.query(RAW_TABLE);
    const raw = await timed('raw COPY', async () => {
      const blob = await openAsBlob(csvPath);
      const r = await pglite.query("COPY raw_long FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], { blob });
      return r.affectedRows ?? r.rowCount;
    });
    const copied = (await pglite.query('select count(*)::int as n from raw_long')).rows[0].n;
    if (copied !== rows) throw new Error(`raw COPY loaded ${copied} rows, expected ${rows}`);
    await pglite.close();

    const pgliteIndexed = new PGlite(join(dir, 'raw-indexed'));
    await pgliteIndexed.waitReady;
    for (const statement of RAW_INDEXED_TABLE) await pgliteIndexed.query(statement);
    const rawIndexed = await timed('raw COPY, indexed table', async () => {
      const blob = await openAsBlob(csvPath);
      const r = await pgliteIndexed.query(RAW_INDEXED_COPY.replace('%s', "'/dev/blob'"), [], { blob });
      return r.affectedRows ?? r.rowCount;
    });
    if (rawIndexed.value !== rows) throw new Error(`indexed COPY loaded ${rawIndexed.value} rows, expected ${rows}`);
    await pgliteIndexed.close();

    const store = await openStore({ dataDir: join(dir, 'store') });
    try {
      const run = await importInto(store, csvPath, rows);
      const imp = await timed('importFile', run);
      return { raw: raw.ms, rawIndexed: rawIndexed.ms, import: imp.ms };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(csvPath, rows) {
  console.log('PostgreSQL 15 (throwaway cluster, fsync off)');
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database bench_raw');
    await admin.query('create database bench_raw_indexed');
    await admin.query('create database bench_import');
    await admin.end();
    const urlOf = (db) => {
      const u = new URL(cluster.url);
      u.pathname = `/${db}`;
      return u.toString();
    };

    const client = new pg.Client({ connectionString: urlOf('bench_raw') });
    await client.connect();
    await client.query(RAW_TABLE);
    const raw = await timed('raw COPY', async () => {
      const stream = client.query(copyStreams.from('COPY raw_long FROM STDIN WITH (FORMAT csv, HEADER true)'));
      await pipeline(createReadStream(csvPath, { highWaterMark: 1 << 20 }), stream);
      return stream.rowCount;
    });
    if (raw.value !== rows) throw new Error(`raw COPY loaded ${raw.value} rows, expected ${rows}`);
    await client.end();

    const indexedClient = new pg.Client({ connectionString: urlOf('bench_raw_indexed') });
    await indexedClient.connect();
    for (const statement of RAW_INDEXED_TABLE) await indexedClient.query(statement);
    const rawIndexed = await timed('raw COPY, indexed table', async () => {
      const stream = indexedClient.query(copyStreams.from(RAW_INDEXED_COPY.replace('%s', 'STDIN')));
      await pipeline(createReadStream(csvPath, { highWaterMark: 1 << 20 }), stream);
      return stream.rowCount;
    });
    if (rawIndexed.value !== rows) throw new Error(`indexed COPY loaded ${rawIndexed.value} rows, expected ${rows}`);
    await indexedClient.end();

    const store = await openStore({ databaseUrl: urlOf('bench_import') });
    try {
      const run = await importInto(store, csvPath, rows);
      const imp = await timed('importFile', run);
      return { raw: raw.ms, rawIndexed: rawIndexed.ms, import: imp.ms };
    } finally {
      await store.close();
    }
  } finally {
    await cluster.stop();
  }
}

async function benchXlsx(xlsxPath, rows) {
  console.log('XLSX (exceljs streaming reader; import into PGlite)');
  const read = await timed('exceljs streaming read', async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsxPath, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let n = 0;
    let touched = 0;
    for await (const ws of reader) {
      for await (const row of ws) {
        const values = row.values;
        for (let i = 1; i < values.length; i++) if (values[i] !== undefined) touched++;
        n++;
      }
    }
    return { rows: n, touched };
  });
  if (read.value.rows !== rows + 1) throw new Error(`reader saw ${read.value.rows} rows, expected ${rows + 1}`);
  const dir = await mkdtemp(join(tmpdir(), 'anju-bench-'));
  try {
    const store = await openStore({ dataDir: join(dir, 'store') });
    try {
      await loadCity(store, CITY, generateSyntheticCity(XLSX_CITY).units);
      const imp = await timed('importFile', async () => {
        const result = await importFile(store, {
          path: xlsxPath,
          mapping: longMapping(),
          createdBy: 'bench',
          reason: 'benchmark',
          now: new Date('2025-09-01T00:00:00Z'),
          kind: 'generate',
          synthetic: true,
        });
        if (!result.ok || result.observations !== rows)
          throw new Error(`xlsx import failed: ${result.errorCount} errors`);
        return result;
      });
      return { raw: read.ms, import: imp.ms };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function line(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

async function main() {
  const started = performance.now();
  const startLoad = loadavg().map((x) => x.toFixed(2));
  await mkdir(outDir, { recursive: true });
  const csvCity = generateSyntheticCity(CSV_CITY);
  const xlsxCity = generateSyntheticCity(XLSX_CITY);
  const csvPath = join(outDir, `synthetic-${csvCity.rowCount}.csv`);
  const xlsxPath = join(outDir, `synthetic-${xlsxCity.rowCount}.xlsx`);
  console.log(
    `Anju intake benchmark — node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  console.log('Generating files');
  const gen = await timed(`CSV ${fmt(csvCity.rowCount)} rows`, () => writeCsv(csvCity, csvPath));
  const genX = await timed(`XLSX ${fmt(xlsxCity.rowCount)} rows`, () => writeXlsx(xlsxCity, xlsxPath));
  const csvBytes = (await stat(csvPath)).size;
  const xlsxBytes = (await stat(xlsxPath)).size;
  console.log(`  ${csvPath} (${fmt(csvBytes)} bytes), ${xlsxPath} (${fmt(xlsxBytes)} bytes)`);

  const results = [];
  const add = (name, baseline, rows, times, goal) =>
    results.push({
      case: name,
      rows,
      baseline,
      baselineSeconds: seconds(times.raw),
      baselineRowsPerSecond: perSecond(rows, times.raw),
      importSeconds: seconds(times.import),
      importRowsPerSecond: perSecond(rows, times.import),
      ratio: Math.round((times.import / times.raw) * 100) / 100,
      goal,
      met: times.import / times.raw <= goal,
      ...(times.rawIndexed === undefined
        ? {}
        : {
            indexedBaselineSeconds: seconds(times.rawIndexed),
            indexedBaselineRowsPerSecond: perSecond(rows, times.rawIndexed),
            ratioToIndexed: Math.round((times.import / times.rawIndexed) * 100) / 100,
          }),
    });

  add('CSV → PGlite', 'raw COPY', csvCity.rowCount, await benchPglite(csvPath, csvCity.rowCount), CSV_GOAL);
  if (process.env.BENCH_SKIP_POSTGRES !== '1') {
    add('CSV → PostgreSQL 15', 'raw COPY', csvCity.rowCount, await benchPostgres(csvPath, csvCity.rowCount), CSV_GOAL);
  }
  add('XLSX → PGlite', 'exceljs read', xlsxCity.rowCount, await benchXlsx(xlsxPath, xlsxCity.rowCount), XLSX_GOAL);

  const header = ['case', 'rows', 'baseline', 'rows/s', 'importFile rows/s', 'ratio', 'goal', 'met'];
  const body = results.flatMap((r) => [
    [
      r.case,
      fmt(r.rows),
      `${r.baseline} ${r.baselineSeconds} s`,
      fmt(r.baselineRowsPerSecond),
      `${fmt(r.importRowsPerSecond)} (${r.importSeconds} s)`,
      `${r.ratio.toFixed(2)}×`,
      `≤ ${r.goal}×`,
      r.met ? 'yes' : 'NO',
    ],
    // Second baseline (no goal): the same COPY into a table with observation's indexes.
    ...(r.ratioToIndexed === undefined
      ? []
      : [
          [
            '  same, vs indexed table',
            '',
            `indexed COPY ${r.indexedBaselineSeconds} s`,
            fmt(r.indexedBaselineRowsPerSecond),
            '',
            `${r.ratioToIndexed.toFixed(2)}×`,
            '—',
            '',
          ],
        ]),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  console.log('');
  console.log(line(header, widths));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b, widths));
  const total = seconds(performance.now() - started);
  console.log(`\ntotal ${total} s (generating: CSV ${seconds(gen.ms)} s, XLSX ${seconds(genX.ms)} s)`);
  console.log(
    `load average at start ${startLoad.join(' ')}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (2 cores are shared with other work: figures vary)`,
  );

  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadAverageAtStart: startLoad.map(Number),
    files: {
      csv: {
        path: csvPath,
        rows: csvCity.rowCount,
        bytes: csvBytes,
        generateSeconds: seconds(gen.ms),
        options: CSV_CITY,
      },
      xlsx: {
        path: xlsxPath,
        rows: xlsxCity.rowCount,
        bytes: xlsxBytes,
        generateSeconds: seconds(genX.ms),
        options: XLSX_CITY,
      },
    },
    results,
    totalSeconds: total,
  };
  await writeFile(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${join(outDir, 'results.json')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
