// Planning benchmark (issue 5): forecast and 以房定地 classification throughput for 1,000 units × 10 years ×
// 3 scenarios under the bundled zhangye profile, plus the solve-for-target and the annual-plan decomposition.
// Run after a build (`npm run bench` does both); prints a table and writes bench/out/planning.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildAnnualPlan, classifyLandSupply, createRng, runForecast, solveLandTarget } from '@anju/core';
import { profileCatalogue } from '@anju/samples';

const UNITS = 1000;
const YEARS = 10;
const SCENARIOS = 3;
const here = dirname(fileURLToPath(import.meta.url));

async function zhangye() {
  const r = (await profileCatalogue()).resolve('zhangye');
  if (r === undefined) throw new Error('no bundled zhangye profile');
  return r;
}

function scenarios(rng) {
  const units = Array.from({ length: UNITS }, (_, i) => {
    const populationByYear = {};
    let pop = 5 + rng.int(0, 5000) / 100;
    for (let y = 2026; y <= 2025 + YEARS; y++) {
      pop *= 1 + rng.int(-20, 30) / 1000;
      populationByYear[String(y)] = { kind: 'urban', urbanWan: pop.toFixed(2) };
    }
    return {
      unitCode: `U${String(i).padStart(4, '0')}`,
      startYear: 2025,
      endYear: 2025 + YEARS,
      startStockWanSqm: (pop * 50).toFixed(2),
      populationByYear,
      inventoryToAbsorbWanSqm: String(rng.int(0, 50)),
      affordableUnits: { publicRental: String(rng.int(0, 500)), affordableRental: String(rng.int(0, 1500)) },
      priceToIncomeRatio: String(rng.int(4, 12)),
    };
  });
  return ['low', 'base', 'high'].slice(0, SCENARIOS).map((id, k) => ({
    id,
    version: '1',
    nameZh: id,
    nameEn: id,
    parameters: { perCapitaAreaTargetSqm: ['55', '57.08', '60'][k] },
    units,
  }));
}

function timed(fn) {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

async function main() {
  const use = await zhangye();
  const rng = createRng('bench-planning');
  const ss = scenarios(rng);
  const results = [];

  const f = timed(() => ss.map((s) => runForecast(s, use)));
  const unitRuns = UNITS * SCENARIOS;
  results.push({ name: 'forecast (3 chains + land, 10 yearly stocks)', items: unitRuns, ms: f.ms });

  const items = [];
  for (let s = 0; s < SCENARIOS; s++)
    for (let u = 0; u < UNITS; u++)
      for (let y = 0; y < YEARS; y++)
        items.push({
          unitCode: `U${u}`,
          period: String(2026 + y),
          cycleMonths: (rng.int(0, 600) / 10).toFixed(1),
          revitalisedStockLandHa: '1.5',
        });
  const c = timed(() => items.map((i) => classifyLandSupply(use.profile, i)));
  results.push({ name: 'classification (unit × year × scenario)', items: items.length, ms: c.ms });

  const solveInputs = Array.from({ length: UNITS }, (_, i) => ({
    unitCode: `U${i}`,
    baseYear: 2025,
    targetYear: 2030,
    inventoryWanSqm: String(rng.int(0, 500)),
    salesWanSqmByYear: Object.fromEntries(
      [2026, 2027, 2028, 2029, 2030].map((y) => [String(y), String(rng.int(10, 120))]),
    ),
    plotRatio: '2.2',
    range: { min: 12, max: 18, minInclusive: true, maxInclusive: true },
  }));
  const so = timed(() => solveInputs.map((x) => solveLandTarget(x)));
  results.push({ name: 'solve for target (5 years)', items: UNITS, ms: so.ms });

  const p = timed(() =>
    buildAnnualPlan({
      firstYear: 2026,
      years: YEARS,
      shape: { kind: 'front-loaded', declinePerPeriod: '0.05' },
      lines: Array.from({ length: UNITS * 3 }, (_, i) => ({
        unitCode: `U${i}`,
        housingType: 'commercial',
        measure: 'land-ha',
        total: (rng.int(0, 100000) / 100).toFixed(2),
        places: 2,
      })),
    }),
  );
  results.push({ name: 'annual plan lines (10 years, exact sums)', items: UNITS * 3, ms: p.ms });

  console.log(
    `planning benchmark: ${UNITS} units × ${YEARS} years × ${SCENARIOS} scenarios (node ${process.version}, ${cpus().length} cpus)`,
  );
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(48)} ${String(r.items).padStart(7)} in ${(r.ms / 1000).toFixed(2)} s = ${Math.round((r.items / r.ms) * 1000).toLocaleString('en-US')}/s`,
    );
  }
  await mkdir(join(here, 'out'), { recursive: true });
  await writeFile(
    join(here, 'out', 'planning.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
