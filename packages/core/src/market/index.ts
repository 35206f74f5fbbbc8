// core/market — destocking cycles, inventory structure, price watch and warnings (SPEC §3.2).
export * from './market-profile.js';
export * from './destocking-cycle.js';
export * from './cycle-class.js';
export * from './change.js';
export * from './inventory-age.js';
export * from './price-watch.js';
export * from './warnings.js';
export * from './printed-cycle-check.js';
export * from './market-indicators.js';
export * from './presale-project.js';
export * from './report-model.js';
