export * from './profiles.js';
export * from './datasets.js';
export * from './plans.js';
