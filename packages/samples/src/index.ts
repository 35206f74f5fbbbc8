export * from './profiles.js';
export * from './datasets.js';
