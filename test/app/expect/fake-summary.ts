/** A plausible RunSummary for tests that check what is done with one (no training). */
import type { RunSummary } from '../../../src/events/run-event.js';

export function fakeSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    name: 'pm25', status: 'completed', seed: 1, epochs: 10, iterations: 500, seconds: 3.5, reason: 'maxEpochs reached',
    metrics: { validation: { loss: 0.5, accuracy: 0.8, samples: 100 }, test: { loss: 0.45, accuracy: 0.83, samples: 200 } },
    bestParams: { validation: { loss: 0.4, accuracy: 0.82, samples: 100 }, test: { loss: 0.42, accuracy: 0.84, samples: 200 } },
    best: { epoch: 8, iteration: 400, validationLoss: 0.4 },
    baseline: { name: 'persistence', validation: { loss: 0.6, accuracy: 0.7, samples: 100 }, test: { loss: 0.6, accuracy: 0.71, samples: 200 } },
    runDir: 'runs/pm25/x', codeVersion: '0123456789ab',
    ...over,
  };
}
