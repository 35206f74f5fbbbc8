// Gzipped size of the JavaScript the dashboard's overview page loads first: the entry chunk and every chunk it
// imports statically (from Vite's build manifest), then the same plus the lazily loaded overview page.
// Run after `npm run build` (it builds packages/web/dist): `npm run bench:web`.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));
const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`no build manifest at ${manifestPath}: run \`npm run build\` first`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** Keys of the chunk and everything it imports statically, depth first. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
  return seen;
}

function sizes(keys) {
  let raw = 0;
  let gzip = 0;
  const files = [];
  for (const key of keys) {
    const file = manifest[key].file;
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(join(dist, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += gz;
    files.push({ file, bytes: bytes.length, gzip: gz });
  }
  return { raw, gzip, files };
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (entryKey === undefined) throw new Error('the manifest has no entry chunk');
const first = staticClosure(entryKey);
const overviewKey = (manifest[entryKey].dynamicImports ?? []).find((k) => k.includes('overview-page'));
const withOverview = overviewKey === undefined ? first : staticClosure(overviewKey, new Set(first));

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const a = sizes(first);
const b = sizes(withOverview);
const result = {
  entryAndStaticImports: { files: a.files.length, bytes: a.raw, gzipBytes: a.gzip },
  withOverviewPage: { files: b.files.length, bytes: b.raw, gzipBytes: b.gzip },
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log('dashboard JS loaded first (entry chunk + static imports):');
  for (const f of a.files)
    console.log(`  ${f.file.padEnd(44)} ${kib(f.bytes).padStart(10)}  gzip ${kib(f.gzip).padStart(9)}`);
  console.log(`  total${' '.repeat(40)}${kib(a.raw).padStart(10)}  gzip ${kib(a.gzip).padStart(9)}`);
  console.log(`with the overview page chunk (before ECharts, which only the unit page loads): gzip ${kib(b.gzip)}`);
}
