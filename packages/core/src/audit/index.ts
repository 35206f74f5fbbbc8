// The plan-table auditor (SPEC §3.5): printed totals, shares, derived figures and cross-table agreement.
export type { Interval } from './interval.js';
export { printedInterval } from './interval.js';
export * from './printed-number.js';
export * from './printed-table.js';
export * from './audit-rules.js';
export { analyseLayout, findLines, normLabel, partsOf } from './table-layout.js';
export type { Axis, CellValue, Line, LineKind, TableLayout } from './table-layout.js';
export { parseFormula, evaluateFormula, formulaRefs, FormulaError, type FormulaNode } from './formula.js';
export * from './audit-finding.js';
export { checkTable, type AuditRuleProblem, type TableAudit } from './table-checks.js';
export { crossTableCheck, tableFacts, type Fact } from './cross-table.js';
export * from './audit-tables.js';
export * from './unchecked.js';
export * from './printed-bound.js';
export * from './propose.js';
