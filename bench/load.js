// Load test (issue 7): 50 concurrent clients for 5 minutes against `anju serve --auth accounts` on a throwaway
// PostgreSQL 15 cluster, each client signed in as its own account (city analysts of the synthetic city 990100),
// mixing reads (series, overview, revisions, units) with imports that publish (a small CSV of 12 monthly values per
// upload, keys unique to the client and upload). The run must end with zero errors and zero lost writes: every
// accepted import is in the database as a published revision by its user, with its 12 history rows, its 12 published
// values (same sum), and its two audit events. Throughput and p50 / p95 / p99 latency per request kind are printed
// and written to bench/out/load.json. Not part of `npm test`.
//
// Run: npm run bench:load. Environment: LOAD_SECONDS (default 300), LOAD_CLIENTS (default 50), LOAD_IMPORT_SHARE
// (default 0.1, the share of requests that are imports), ANJU_PG_BIN as for the tests. The server and this script
// run from the TypeScript sources through tsx, so no build is needed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createRng } from '../packages/core/src/index.js';
import { startPostgresCluster } from '../packages/store/src/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const entry = join(root, 'packages/cli/src/testing/anju-child.ts');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const IMPORT_SHARE = Number(process.env.LOAD_IMPORT_SHARE ?? 0.1);
const CITY = '990100';
const MEASURES = ['housing.sales-area', 'housing.sales-units', 'housing.inventory-area'];

const env = { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.test.json') };
delete env.ANJU_DATA_DIR;

function anju(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`anju ${args[0]} → ${code}\n${err}`))));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A signed-in session: cookies and the CSRF token echoed on writes. */
async function login(base, user, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password }),
  });
  if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('anju_csrf='))?.slice('anju_csrf='.length) ?? '';
  await res.arrayBuffer();
  return { cookie: cookies.join('; '), csrf };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  console.log(
    `anju load test: ${CLIENTS} clients × ${SECONDS} s, imports ${Math.round(IMPORT_SHARE * 100)} % of requests; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  const cluster = await startPostgresCluster();
  env.DATABASE_URL = cluster.url;
  // The audit-chain key of this throwaway database, beside the other temporary files rather than in ~/.config.
  env.ANJU_AUDIT_KEY_FILE = join(tmpdir(), `anju-load-${randomBytes(6).toString('hex')}.audit-key`);
  let server;
  try {
    // Data to read: a synthetic city with 20 units, 24 months and the measures below, published.
    await anju([
      'generate',
      '--units',
      '20',
      '--months',
      '24',
      '--measures',
      '8',
      '--seed',
      'load',
      '--city',
      CITY,
      '--publish',
      '--json',
    ]);
    const units = (
      await pgQuery(
        cluster.url,
        `select unit_code from spatial_unit where city_code = $1 and level <> 'city' order by unit_code`,
        [CITY],
      )
    ).map((r) => r.unit_code);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const adminPassword = randomBytes(18).toString('base64url');
    server = spawn(
      process.execPath,
      ['--import', 'tsx', entry, 'serve', '--auth', 'accounts', '--port', String(port)],
      {
        cwd: root,
        env: { ...env, ANJU_ADMIN_LOGIN: 'load-admin', ANJU_ADMIN_PASSWORD: adminPassword, ANJU_USER: 'load-server' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let serverLog = '';
    server.stdout.on('data', (c) => (serverLog = (serverLog + c).slice(-20000)));
    server.stderr.on('data', (c) => (serverLog = (serverLog + c).slice(-20000)));
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error(`server did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // One account per client, created by the administrator through the API.
    const admin = await login(base, 'load-admin', adminPassword);
    const accounts = [];
    for (let c = 0; c < CLIENTS; c++) {
      const user = `load-analyst-${String(c + 1).padStart(2, '0')}`;
      const password = randomBytes(15).toString('base64url');
      const res = await fetch(`${base}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        body: JSON.stringify({
          login: user,
          displayName: `压测分析员 ${c + 1}`,
          role: 'city-analyst',
          cityCode: CITY,
          password,
        }),
      });
      if (res.status !== 201) throw new Error(`create ${user}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      accounts.push({ user, password });
    }

    // Signed in one after another before the clock starts: every client comes from 127.0.0.1, and sign-ins in
    // flight from one address count against its limit (10) until their password check ends.
    const sessions = [];
    for (const { user, password } of accounts) sessions.push(await login(base, user, password));

    const latencies = new Map();
    const errors = [];
    const accepted = []; // { user, year, unit, measure, sum }
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    const reads = [
      ['series', (m) => `/api/cities/${CITY}/series?measure=${m}&grain=year`],
      ['overview', (m) => `/api/cities/${CITY}/overview?measure=${m}`],
      ['revisions', () => `/api/cities/${CITY}/revisions`],
      ['units', () => `/api/cities/${CITY}/units`],
    ];
    const timed = async (kind, fn) => {
      const t0 = performance.now();
      try {
        const ok = await fn();
        if (!ok.pass) errors.push(`${kind}: ${ok.detail}`);
      } catch (e) {
        errors.push(`${kind}: ${e.message}`);
      }
      const list = latencies.get(kind) ?? [];
      list.push(performance.now() - t0);
      latencies.set(kind, list);
    };

    await Promise.all(
      accounts.map(async ({ user }, c) => {
        const rng = createRng(`load-${c}`);
        const session = sessions[c];
        const unit = units[c % units.length];
        const measure = MEASURES[Math.floor(c / units.length) % MEASURES.length];
        // Keys unique per client (its unit × measure) and upload (a year of its own, 1900–1999).
        let year = 1900;
        while (performance.now() < deadline) {
          if (rng.next() < IMPORT_SHARE && year < 2000) {
            const values = Array.from({ length: 12 }, () => rng.int(1, 999_999));
            const thisYear = year++;
            const csv = [
              '单元,期间,指标,数值',
              ...values.map((v, m) => `${unit},${thisYear}-${String(m + 1).padStart(2, '0')},${measure},${v}`),
            ].join('\n');
            await timed('import', async () => {
              const form = new FormData();
              form.append('file', new Blob([csv]), `${user}-${thisYear}.csv`);
              form.append('publish', 'true');
              form.append('reason', `压测导入 ${user} ${thisYear}`);
              const res = await fetch(`${base}/api/cities/${CITY}/imports`, {
                method: 'POST',
                headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
                body: form,
              });
              const body = await res.json();
              if (res.status !== 201 || body.published !== true)
                return { pass: false, detail: `${res.status} ${JSON.stringify(body).slice(0, 300)}` };
              accepted.push({
                user,
                year: thisYear,
                unit,
                measure,
                sum: values.reduce((a, b) => a + b, 0),
                revision: body.revisionId,
              });
              return { pass: true };
            });
          } else {
            const [kind, path] = rng.pick(reads);
            await timed(kind, async () => {
              const res = await fetch(`${base}${path(rng.pick(MEASURES))}`, { headers: { cookie: session.cookie } });
              await res.arrayBuffer();
              return res.status === 200 ? { pass: true } : { pass: false, detail: `${res.status} ${path('…')}` };
            });
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;

    // Lost writes: every accepted import must be in the database, published, by its user, whole.
    const lost = [];
    const revisions = await pgQuery(
      cluster.url,
      `select r.revision_id::text as id, r.created_by, r.status, r.row_count,
              (select count(*) from observation o where o.city_code = r.city_code and o.revision_id = r.revision_id)::int as rows
       from revision r where r.city_code = $1 and r.kind = 'import'`,
      [CITY],
    );
    const byId = new Map(revisions.map((r) => [r.id, r]));
    for (const a of accepted) {
      const r = byId.get(a.revision);
      if (!r || r.created_by !== a.user || r.status !== 'published' || r.rows !== 12 || r.row_count !== 12) {
        lost.push(`revision ${a.revision} of ${a.user}: ${JSON.stringify(r)}`);
      }
    }
    if (revisions.length !== accepted.length)
      lost.push(`${revisions.length} import revisions, ${accepted.length} accepted`);
    const published = await pgQuery(
      cluster.url,
      `select unit_code, measure_code, substr(period, 1, 4) as year, count(*)::int as n, sum(value)::text as total,
              min(revision_id)::text as rev
       from published_value where city_code = $1 and period < '2000' group by 1, 2, 3`,
      [CITY],
    );
    const key = (u, m, y) => `${u}|${m}|${y}`;
    const got = new Map(published.map((p) => [key(p.unit_code, p.measure_code, p.year), p]));
    for (const a of accepted) {
      const p = got.get(key(a.unit, a.measure, String(a.year)));
      if (!p || p.n !== 12 || p.total !== String(a.sum) || p.rev !== a.revision)
        lost.push(`published ${a.user} ${a.year}: ${JSON.stringify(p)}`);
    }
    if (published.length !== accepted.length)
      lost.push(`${published.length} published years, ${accepted.length} accepted`);
    const audit = await pgQuery(
      cluster.url,
      `select actor, action, count(*)::int as n from audit_event
       where action in ('revision.create', 'revision.publish') and actor like 'load-analyst-%' group by 1, 2`,
      [],
    );
    const perUser = new Map();
    for (const a of accepted) perUser.set(a.user, (perUser.get(a.user) ?? 0) + 1);
    for (const [user, n] of perUser) {
      for (const action of ['revision.create', 'revision.publish']) {
        const row = audit.find((r) => r.actor === user && r.action === action);
        if ((row?.n ?? 0) !== n) lost.push(`audit ${user} ${action}: ${row?.n ?? 0} events, ${n} imports`);
      }
    }

    const kinds = {};
    let total = 0;
    const all = [];
    for (const [kind, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      total += list.length;
      all.push(...list);
      kinds[kind] = {
        requests: list.length,
        perSecond: Math.round((list.length / elapsed) * 10) / 10,
        p50Ms: Math.round(percentile(sorted, 50)),
        p95Ms: Math.round(percentile(sorted, 95)),
        p99Ms: Math.round(percentile(sorted, 99)),
      };
    }
    all.sort((a, b) => a - b);
    const result = {
      clients: CLIENTS,
      seconds: Math.round(elapsed),
      users: new Set(accounts.map((a) => a.user)).size,
      requests: total,
      perSecond: Math.round((total / elapsed) * 10) / 10,
      p50Ms: Math.round(percentile(all, 50)),
      p95Ms: Math.round(percentile(all, 95)),
      p99Ms: Math.round(percentile(all, 99)),
      importsAccepted: accepted.length,
      valuesWritten: accepted.length * 12,
      errors: errors.length,
      lostWrites: lost.length,
      kinds,
      cpus: cpus().length,
      node: process.version,
    };
    console.table(kinds);
    console.log(JSON.stringify({ ...result, kinds: undefined }, null, 2));
    if (errors.length > 0) console.error(`errors (first 20):\n${errors.slice(0, 20).join('\n')}`);
    if (lost.length > 0) console.error(`lost writes (first 20):\n${lost.slice(0, 20).join('\n')}`);
    await mkdir(join(here, 'out'), { recursive: true });
    await writeFile(join(here, 'out', 'load.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.exitCode = errors.length === 0 && lost.length === 0 ? 0 : 1;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await cluster.stop();
    await rm(env.ANJU_AUDIT_KEY_FILE, { force: true });
  }
}

async function pgQuery(url, text, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

await main();
