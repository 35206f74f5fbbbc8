// Auditable random draws: pure SHA-256, counter-mode generator, commitments, verification (SPEC §3.6).
export * from './sha256.js';
export * from './draw.js';
export * from './draw-uses.js';
export * from './draw-schema.js';
export * from './run-draw-request.js';
