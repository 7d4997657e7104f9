/**
 * Points → trials: each point applied to the base experiment document (the config loader's
 * applyOverrides), validated like a file, and named by a stable id. A point whose values make an
 * invalid experiment becomes a trial that fails at once, with the loader's explanation; the rest run.
 */
import { experimentIdentity } from '../../config/identity.js';
import { applyOverrides, type Override } from '../../config/overrides.js';
import { validateExperiment } from '../experiment-file.js';
import { UserError } from '../../core/errors.js';
import type { Experiment, ExperimentSource } from '../../config/types.js';
import type { Point } from '../search/index.js';

export interface TrialPlan {
  /** Position in the sweep, from 0. */
  index: number;
  /** Stable: a hash of what decides the trial's results (see trialId). */
  id: string;
  /** The swept values, path → value. */
  params: Point;
  /** The resolved experiment; absent when the values make it invalid. */
  experiment?: Experiment;
  /** Why the values make an invalid experiment. */
  invalid?: string;
}

/**
 * A trial's id: the experiment's identity (config/identity.ts: a hash of what changes the trained
 * model, its seed included), so the same configuration has the same id in any sweep, on any machine
 * and in any later version of rnnflow.
 */
export function trialId(experiment: Experiment | object): string {
  return experimentIdentity(experiment);
}

/** `model.hiddenSize=8 train.eta=0.05` */
export function describePoint(params: Point): string {
  return Object.entries(params).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(' ');
}

/**
 * One trial per point, numbered after `existing` (a tpe sweep plans a batch at a time). Two points
 * that resolve to the same experiment (e.g. an expression that rounds to equal values) would be the
 * same trial: the later is dropped, and `dropped` says so.
 */
export function planTrials(
  points: readonly Point[], baseDoc: object, source: ExperimentSource, existing: readonly TrialPlan[] = [],
): { trials: TrialPlan[]; dropped: string[] } {
  const trials: TrialPlan[] = [];
  const dropped: string[] = [];
  const seen = new Map<string, Point>(existing.map((t) => [t.id, t.params]));
  for (const params of points) {
    const overrides: Override[] = Object.entries(params).map(([path, value]) => ({ path, value, text: `${path}=${JSON.stringify(value)}` }));
    let experiment: Experiment | undefined;
    let invalid: string | undefined;
    let id: string;
    try {
      const doc = applyOverrides(baseDoc, overrides);
      experiment = validateExperiment(doc, source);
      id = trialId(experiment);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      invalid = e.message.replace(/^[^:]*: invalid experiment:\n\s*- /, '').replace(/\n\s*- /g, '; ');
      id = `x${trialId({ invalid: params }).slice(1)}`;
    }
    const earlier = seen.get(id);
    if (earlier) {
      dropped.push(`${describePoint(params)} is the same trial as ${describePoint(earlier)} (id ${id}); it runs once.`);
      continue;
    }
    seen.set(id, params);
    trials.push({ index: existing.length + trials.length, id, params, experiment, invalid });
  }
  return { trials, dropped };
}
