/** Sweeps: many trials of one experiment, in parallel, ranked by one metric. */
export { runSweep, type SweepOptions } from './run-sweep.js';
export { loadSweepFile, validateSweep, type SweepSpec, type SweepParameter, type ParameterSpec } from './spec.js';
export { expandPoints, gridPoints, randomPoints, discreteValues, searchMethod, type Point, type SearchMethodName } from '../search/index.js';
export { planTrials, trialId, type TrialPlan } from './trials.js';
export { canonicalJson } from '../../core/canonical-json.js';
export { createWorkerPool, createInProcessExecutor, resolveParallel, type TrialExecutor, type TrialInput } from '../run-pool/pool.js';
export type { TrialOutcome, OutcomeStatus } from './state.js';
