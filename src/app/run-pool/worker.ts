/** The worker-thread entry point of the sweep's pool (piscina calls the default export once per trial). */
import { runTrialTask } from './trial-task.js';

export default runTrialTask;
