/** CI regression checks: short seeded experiments with `expect` blocks, one pass/fail table. */
export { runRegression, type RegressionOptions } from './run-regression.js';
export { formatRegressionTable, regressionExitCode, type RegressionRow, type RegressionStatus } from './table.js';
