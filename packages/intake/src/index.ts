// @anju/intake — reading the spreadsheets cities keep (CSV, XLSX) into the element database, and writing tables out.
export * from './read-csv.js';
export * from './read-xlsx.js';
export * from './import-file.js';
export * from './export-table.js';
export * from './spreadsheet-safety.js';
export * from './load-units.js';
export * from './import-presale-projects.js';
export * from './plan-workbook.js';
export * from './read-land-parcels.js';
export * from './import-land-parcels.js';
export * from './plan-indicators-xlsx.js';
export * from './read-printed-table.js';
export { XlsxRefusedError } from './xlsx-guard.js';
