// HTTP benchmark of `anju serve` (issue 3): throughput and p95 latency of GET overview and GET series under 50
// concurrent clients for 30 seconds each, beside the trivial GET /api/health measured in the same server run, on the
// sample data (`anju demo`) in embedded PGlite and then on a throwaway PostgreSQL 15 server. The server is the built
// CLI in a child process on 127.0.0.1; the load comes from another process: Debian's `wrk` when installed
// (apt-get install wrk), otherwise this script started again as a small Node load generator.
// Run with `npm run bench:http` after `npm run build`. Results are printed and written to bench/out/http.json.
//
// Environment: BENCH_HTTP_SECONDS (default 30), BENCH_HTTP_CLIENTS (default 50), BENCH_SKIP_POSTGRES=1,
// BENCH_HTTP_LOADER=node to use the Node load generator even when wrk is installed; ANJU_PG_BIN as for the tests.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const anju = join(root, 'packages/cli/bin/anju.js');
const outDir = join(here, 'out');

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 50);
const ENDPOINTS = [
  { name: 'health', path: '/api/health' },
  { name: 'overview', path: '/api/cities/620700/overview?measure=housing.inventory-area' },
  { name: 'series', path: '/api/cities/620700/series?measure=housing.sales-area&grain=year' },
];

// wrk reports latency percentiles through a Lua `done` hook; microseconds.
const WRK_SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("ANJU %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
`;

if (process.argv[2] === '--load') {
  await loadWorker(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
  await main();
}

async function main() {
  if (!existsSync(join(root, 'packages/cli/dist/main.js')) || !existsSync(join(root, 'packages/api/dist/index.js'))) {
    console.error('The CLI is not built: run `npm run build` first.');
    process.exit(1);
  }
  const loader = process.env.BENCH_HTTP_LOADER === 'node' ? 'node' : (await hasWrk()) ? 'wrk' : 'node';
  console.log(
    `anju serve benchmark: ${CLIENTS} clients × ${SECONDS} s per endpoint, load by ${loader}; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  const results = [];
  results.push(...(await benchEngine('pglite', loader)));
  if (process.env.BENCH_SKIP_POSTGRES !== '1') results.push(...(await benchEngine('postgres', loader)));

  console.log('');
  console.log('engine    endpoint   req/s      p50 ms   p95 ms   p99 ms   errors   requests');
  for (const r of results) {
    console.log(
      [
        r.engine.padEnd(9),
        r.endpoint.padEnd(10),
        r.requestsPerSecond.toFixed(0).padStart(8),
        r.p50Ms.toFixed(2).padStart(8),
        r.p95Ms.toFixed(2).padStart(8),
        r.p99Ms.toFixed(2).padStart(8),
        String(r.errors).padStart(8),
        String(r.requests).padStart(10),
      ].join(' '),
    );
  }
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'http.json');
  await writeFile(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), seconds: SECONDS, clients: CLIENTS, loader, cpus: cpus().length, results },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwritten to ${file}`);
}

async function benchEngine(engine, loader) {
  const work = await mkdtemp(join(tmpdir(), `anju-http-${engine}-`));
  let cluster;
  let server;
  try {
    const env = { ...process.env, ANJU_USER: 'bench' };
    const args = [];
    if (engine === 'postgres') {
      const { startPostgresCluster } = await import('../packages/store/dist/testing/index.js');
      cluster = await startPostgresCluster();
      env.DATABASE_URL = cluster.url;
    } else {
      delete env.DATABASE_URL;
      args.push('--data-dir', join(work, 'data'));
    }
    const t0 = performance.now();
    await run(process.execPath, [anju, 'demo', '--json', ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    console.log(`[${engine}] sample data loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [anju, 'serve', '--port', String(port), '--host', '127.0.0.1', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await waitHealthy(url, server);
    console.log(`[${engine}] anju serve (pid ${server.pid}) on ${url}`);
    for (const e of ENDPOINTS) await warmUp(`${url}${e.path}`);

    const rows = [];
    for (const e of ENDPOINTS) {
      const m =
        loader === 'wrk' ? await measureWithWrk(`${url}${e.path}`, work) : await measureWithNode(`${url}${e.path}`);
      const row = { engine, endpoint: e.name, path: e.path, ...m };
      console.log(
        `[${engine}] ${e.name}: ${row.requestsPerSecond.toFixed(0)} req/s, p95 ${row.p95Ms.toFixed(2)} ms, ` +
          `${row.errors} errors`,
      );
      rows.push(row);
    }
    return rows;
  } finally {
    if (server !== undefined && server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function measureWithWrk(url, work) {
  const script = join(work, 'anju.lua');
  await writeFile(script, WRK_SCRIPT);
  const threads = Math.max(1, Math.min(4, cpus().length));
  const { stdout } = await run(
    'wrk',
    ['-t', String(threads), '-c', String(CLIENTS), '-d', `${SECONDS}s`, '--timeout', '10s', '-s', script, url],
    { maxBuffer: 1024 * 1024 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('ANJU '));
  if (line === undefined) throw new Error(`unexpected wrk output:\n${stdout}`);
  const [requests, durationUs, p50, p95, p99, errors] = line.split(' ').slice(1).map(Number);
  return {
    requests,
    requestsPerSecond: requests / (durationUs / 1e6),
    p50Ms: p50 / 1000,
    p95Ms: p95 / 1000,
    p99Ms: p99 / 1000,
    errors,
  };
}

async function measureWithNode(url) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--load', url, String(CLIENTS), String(SECONDS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** The Node load generator: `clients` loops of sequential GETs over keep-alive connections until the time is up. */
async function loadWorker(url, clients, seconds) {
  const latencies = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      requestsPerSecond: latencies.length / elapsed,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      errors,
    }) + '\n',
  );
}

async function hasWrk() {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (e) {
    // wrk prints its version and exits with status 1.
    return typeof e === 'object' && e !== null && 'stdout' in e && /wrk/.test(String(e.stdout) + String(e.stderr));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`anju serve exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('anju serve did not answer /api/health within 30 s');
}

async function warmUp(url) {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
}
