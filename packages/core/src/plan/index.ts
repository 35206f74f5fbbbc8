// Annual plans (SPEC §3.4, §3.5).
export * from './rounding.js';
export * from './annual-plan.js';
export * from './printed-plan-line.js';
// Plans, indicator systems, status and evaluation (SPEC §3.5).
export * from './indicator-plan.js';
export * from './indicator-status.js';
export * from './plan-evaluation.js';
export * from './plan-tracking.js';
