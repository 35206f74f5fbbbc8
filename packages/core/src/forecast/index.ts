// 以人定房: demand forecast (SPEC §3.3).
export * from './forecast-parameters.js';
export * from './forecast-run.js';
export * from './land-need.js';
export * from './compare-scenarios.js';
export * from './scenario-schema.js';
