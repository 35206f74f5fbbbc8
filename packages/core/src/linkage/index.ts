// 以房定地: land linkage (SPEC §3.4).
export * from './classify-land-supply.js';
export * from './affordable-land-check.js';
export * from './idle-land.js';
export * from './solve-land-target.js';
export * from './land-parcel-rows.js';
