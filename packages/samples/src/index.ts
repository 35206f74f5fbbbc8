export * from './profiles.js';
export * from './datasets.js';
export * from './plans.js';
export * from './zhangye-003-chain.js';
export * from './zhangye-2026-2030.js';
