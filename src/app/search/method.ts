/**
 * The one interface every search method implements (grid, random and tpe today; see index.ts for
 * the registry). A method is pure policy, apart from whatever runs the trials (as W&B's sweep engine
 * is a pair of pure functions beside its executor): the sweep's settings → the points known before
 * any trial ran; and, for a method that learns, the trials seen so far → the next batch's points.
 * Same settings and history = same points, on every machine.
 */
import type { TrialOutcome } from '../../events/sweep-event.js';
import type { ParameterSpec, Point, SweepParameter } from './space.js';

/** What a search method reads of a sweep file. */
export interface SearchSettings {
  /** In the file's order, which is the order of the grid's nesting and of the table's columns. */
  parameters: SweepParameter[];
  /** How many trials to run in all (every method but grid). */
  trials?: number;
  /** The seed of every draw a method makes. */
  seed: number;
  /** tpe: random draws before the estimator proposes (default 10). */
  startupTrials?: number;
}

/** One finished trial: its point and its objective, oriented so that lower is better (NaN/∞ = failed). */
export interface Observation { point: Point; value: number }

export interface SearchMethod {
  /** Problems of the sweep file's settings for this method (e.g. `trials` missing), one sentence each. */
  checkSettings(settings: { trials?: number }): string[];
  /** Problems of one parameter for this method, after the checks every method makes; `where` names it. */
  checkParameter?(where: string, spec: ParameterSpec): string[];
  /** The points known before any trial ran, and, when fewer than asked, why. */
  initialPoints(settings: SearchSettings): { points: Point[]; note?: string };
  /**
   * A method that learns: up to `count` new points for batch `batch`, from the trials of the batches
   * before it (in trial order). Absent for a method that knows every point at the start.
   */
  propose?(settings: SearchSettings, history: readonly Observation[], count: number, batch: number): Point[];
  /** How many trials the sweep runs in all, given the `planned` points known at the start. */
  plannedTotal(settings: SearchSettings, planned: number): number;
}

/** The check of every method that draws: `trials` is required. */
export function needsTrials(name: string): SearchMethod['checkSettings'] {
  return ({ trials }) => (trials === undefined ? [`method "${name}" needs \`trials\`, the number of trials to run, e.g. trials: 20.`] : []);
}

/**
 * A trial as a method's history sees it: the sweep's metric oriented by its goal; failed and pruned
 * trials (and trials not yet ended) count as bad.
 */
export function observationOf(point: Point, outcome: TrialOutcome | undefined, goal: 'min' | 'max'): Observation {
  const usable = outcome?.status === 'done' && outcome.runStatus !== 'pruned' && outcome.metric !== undefined;
  return { point, value: usable ? (goal === 'min' ? outcome.metric! : -outcome.metric!) : NaN };
}
