// 土地竞买: the auction lifecycle as tables, the engine driven by an event log, simulation (SPEC §3.6, 001 四(二)).
export * from './auction-rules.js';
export * from './auction-engine.js';
export * from './auction-simulate.js';
