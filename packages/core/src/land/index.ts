// 土地出让: residual valuation, industrial self-holding correction, the 5 % yearly change check (SPEC §3.6).
export * from './land-errors.js';
export * from './residual-valuation.js';
export * from './industrial-land-price.js';
export * from './land-price-change.js';
export * from './land-schema.js';
export * from './value-land.js';
