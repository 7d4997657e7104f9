/** `expect` conditions on a run's summary: compile before training, check after. */
export {
  compileExpectations, checkExpectations, expectationScope, expectationsExitCode, formatExpectations, formatValue,
  EXPECT_ROOTS, type CompiledExpectation, type ExpectationResult,
} from './expectations.js';
export { missingSummaryPath, summaryPaths } from './summary-paths.js';
