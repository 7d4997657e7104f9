/**
 * Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
 * hyper-parameter optimization"), as a pure function: the trials seen so far → the next batch of
 * points. The property that makes it short: instead of modelling p(y | x), TPE splits the trials
 * at a quantile of y into good and bad and models p(x | good) = l(x) and p(x | bad) = g(x), one
 * parameter at a time; the expected improvement is monotone in l(x) / g(x), so each proposal is the
 * candidate drawn from l with the largest l(x) / g(x).
 *
 * Determinism: the caller passes a Random derived from (sweep seed, batch index) and the trials of
 * every earlier batch in trial order, so the same sweep file and seed propose the same points on any
 * machine, whatever --parallel and whatever order the trials finished in.
 */
import { Random } from '../../core/random.js';
import { needsTrials, type Observation, type SearchMethod } from './method.js';
import { randomPoints } from './random.js';
import { discreteValues, finiteSpaceSize, roundSweepValue, type ParameterSpec, type Point, type SweepParameter } from './space.js';

export interface TpeOptions {
  /** Fraction of the trials that count as good (the paper's γ). */
  gamma: number;
  /** Candidates drawn from l(x) per parameter per proposal (hyperopt's default, 24). */
  candidates: number;
  /** Weight of the prior (a flat component over the whole range) in both estimators. */
  priorWeight: number;
}

export const TPE_DEFAULTS: TpeOptions = { gamma: 0.25, candidates: 24, priorWeight: 1 };

/**
 * tpe as a search method: `startupTrials` random draws first, then each batch proposed from the
 * batches before it, with a Random derived from (seed, batch index). A finite space ends the sweep
 * once every point has run, however many trials were asked.
 */
export const tpe: SearchMethod = {
  checkSettings: needsTrials('tpe'),
  initialPoints({ parameters, trials = 1, seed, startupTrials = 10 }) {
    const startup = randomPoints(parameters, Math.min(trials, startupTrials), seed);
    const n = finiteSpaceSize(parameters);
    return n !== undefined && trials > n
      ? { points: startup.points, note: `asked for ${trials} tpe trials, but the space has only ${n} combinations: the sweep ends when each has run once.` }
      : startup;
  },
  propose: ({ parameters, seed }, history, count, batch) => proposeTpe(parameters, history, count, new Random(seed, `tpe-batch-${batch}`)),
  plannedTotal: ({ parameters, trials }, planned) => Math.max(planned, Math.min(trials ?? planned, finiteSpaceSize(parameters) ?? Infinity)),
};

/** Redraws of a proposal that repeats a point already tried, before falling back to the best untried point. */
const REDRAWS = 16;
/** A finite space up to this size is searched whole for the best untried point when redraws keep repeating. */
const ENUMERABLE = 100_000;

/**
 * Up to `count` new points proposed from `history`, none equal to a point already tried or proposed:
 * a repeat would be the same trial (the same id) and run once, so the sweep would end short of its
 * `trials`. Fewer than `count` only when a finite space has no untried point left. Each parameter is
 * modelled independently, as in the paper.
 */
export function proposeTpe(
  parameters: readonly SweepParameter[], history: readonly Observation[], count: number, rng: Random,
  options: TpeOptions = TPE_DEFAULTS,
): Point[] {
  const points: Point[] = [];
  const key = (point: Point) => JSON.stringify(parameters.map((p) => point[p.path]));
  // Constant liar (as in Optuna's batched TPE): each point proposed in this batch counts as a bad
  // trial for the next ones, so that a batch spreads out instead of proposing one spot five times.
  const seen = [...history];
  const tried = new Set(seen.map((o) => key(o.point)));
  for (let i = 0; i < count; i++) {
    const { good, bad } = splitGoodBad(seen, options.gamma);
    const fitted = parameters.map((p) => {
      const model = parameterModel(p.spec);
      return { p, model, l: model.fit(good.map((o) => o.point[p.path]), options.priorWeight), g: model.fit(bad.map((o) => o.point[p.path]), options.priorWeight) };
    });
    let point: Point | undefined;
    for (let attempt = 0; attempt < REDRAWS && (point === undefined || tried.has(key(point))); attempt++) {
      point = {};
      for (const { p, model, l, g } of fitted) {
        let best: unknown, bestScore = -Infinity;
        for (let c = 0; c < options.candidates; c++) {
          const x = l.sample(rng);
          const score = l.logDensity(x) - g.logDensity(x);
          if (score > bestScore) { bestScore = score; best = x; }
        }
        point[p.path] = model.toValue(best);
      }
    }
    // In a small discrete space the estimator keeps choosing the same good corner once it is tried:
    // take the untried point with the best joint l/g instead (deterministic: the first of equals).
    if (tried.has(key(point!))) point = bestUntried(fitted, tried, key);
    if (point === undefined) break;
    points.push(point);
    tried.add(key(point));
    seen.push({ point, value: Infinity });
  }
  return points;
}

/** Every point of a finite (all-discrete) space, scored by Σ log l − log g; the best untried, or undefined. */
function bestUntried(
  fitted: readonly { p: SweepParameter; model: ParameterModel; l: Estimator; g: Estimator }[],
  tried: ReadonlySet<string>, key: (point: Point) => string,
): Point | undefined {
  // Size first (expand.ts counts without listing): an int range of a billion values is never listed.
  const size = finiteSpaceSize(fitted.map((f) => f.p));
  if (size === undefined || size > ENUMERABLE) return undefined;
  const axes = fitted.map((f) => finiteAxis(f.p.spec));
  let best: Point | undefined, bestScore = -Infinity;
  for (let index = 0; index < size; index++) {
    const values: unknown[] = [];
    let score = 0;
    for (let j = fitted.length - 1, rest = index; j >= 0; j--) {
      const x = axes[j]![rest % axes[j]!.length];
      rest = Math.floor(rest / axes[j]!.length);
      values[j] = fitted[j].model.toValue(x);
      score += fitted[j].l.logDensity(x) - fitted[j].g.logDensity(x);
    }
    const point: Point = Object.fromEntries(fitted.map((f, j) => [f.p.path, values[j]]));
    if (score > bestScore && !tried.has(key(point))) { bestScore = score; best = point; }
  }
  return best;
}

/** A discrete parameter's points in its estimator's space (category indices, or the int values); undefined for reals. */
function finiteAxis(spec: ParameterSpec): unknown[] | undefined {
  switch (spec.kind) {
    case 'values':
    case 'expression':
      return discreteValues(spec, 'random')!.map((_, i) => i);
    case 'int':
      return discreteValues(spec, 'random') as number[];
    default:
      return undefined;
  }
}

/** The best ⌈γ·n⌉ trials (at least one) are good, the rest bad; failed trials are always bad. */
export function splitGoodBad(history: readonly Observation[], gamma: number): { good: Observation[]; bad: Observation[] } {
  const finite = history.filter((o) => Number.isFinite(o.value));
  // Stable sort: ties keep trial order, so the split never depends on how a sort breaks them.
  const sorted = finite.map((o, i) => ({ o, i })).sort((a, b) => a.o.value - b.o.value || a.i - b.i).map((e) => e.o);
  const nGood = finite.length === 0 ? 0 : Math.max(1, Math.ceil(gamma * finite.length));
  return { good: sorted.slice(0, nGood), bad: [...sorted.slice(nGood), ...history.filter((o) => !Number.isFinite(o.value))] };
}

/** A density over one parameter's values, fitted to some observed values. */
interface Estimator { sample(rng: Random): unknown; logDensity(x: unknown): number }
interface ParameterModel {
  fit(observed: readonly unknown[], priorWeight: number): Estimator;
  /** From the estimator's space (index, log value, real) back to the value the experiment gets. */
  toValue(x: unknown): unknown;
}

function parameterModel(spec: ParameterSpec): ParameterModel {
  switch (spec.kind) {
    case 'values':
    case 'expression':
      return categoricalModel(discreteValues(spec, 'random')!);
    case 'int':
      return numericModel(spec.min - 0.5, spec.max + 0.5, (v) => v as number, (x) => clampRound(x as number, spec.min, spec.max, spec.step));
    case 'real':
      return numericModel(spec.min, spec.max, (v) => v as number, (x) => roundSweepValue(x as number));
    case 'logUniform':
      return numericModel(Math.log(spec.min), Math.log(spec.max), (v) => Math.log(v as number), (x) => roundSweepValue(Math.exp(x as number)));
  }
}

function clampRound(x: number, min: number, max: number, step: number): number {
  return Math.min(max, Math.max(min, min + Math.round((x - min) / step) * step));
}

/** Lists and expressions: a probability per value, count + prior spread evenly (the paper's categorical estimator). */
function categoricalModel(values: readonly unknown[]): ParameterModel {
  const key = (v: unknown) => JSON.stringify(v);
  const index = new Map(values.map((v, i) => [key(v), i]));
  return {
    fit(observed, priorWeight) {
      const weights = new Float64Array(values.length).fill(priorWeight / values.length);
      for (const v of observed) {
        const i = index.get(key(v));
        if (i !== undefined) weights[i] += 1;
      }
      const total = weights.reduce((a, b) => a + b, 0);
      return {
        sample: (rng) => {
          let u = rng.uniform() * total;
          for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i;
          return weights.length - 1;
        },
        logDensity: (i) => Math.log(weights[i as number] / total),
      };
    },
    toValue: (i) => values[i as number],
  };
}

/**
 * Real, log-real and integer ranges: the adaptive Parzen estimator of the paper, a mixture of normals
 * truncated to [lo, hi], one at each observation with a width reaching to its farther neighbour, plus
 * the prior (one wide normal centred on the range). Widths are clipped to [range / min(100, n + 1), range].
 */
function numericModel(lo: number, hi: number, toSpace: (v: unknown) => number, toValue: (x: unknown) => unknown): ParameterModel {
  const range = hi - lo;
  return {
    fit(observed, priorWeight) {
      const prior = (lo + hi) / 2;
      const mus = [...observed.map(toSpace), prior].sort((a, b) => a - b);
      const minSigma = range / Math.min(100, mus.length + 1);
      const sigmas = mus.map((m, i) => {
        const left = i > 0 ? m - mus[i - 1] : m - lo;
        const right = i < mus.length - 1 ? mus[i + 1] - m : hi - m;
        return Math.min(range, Math.max(minSigma, left, right));
      });
      const weights = mus.map(() => 1);
      const priorIndex = mus.indexOf(prior);
      weights[priorIndex] = priorWeight;
      sigmas[priorIndex] = range;
      const total = weights.reduce((a, b) => a + b, 0);
      // Mass of each component inside [lo, hi]: the truncation's normaliser.
      const mass = mus.map((m, i) => normalCdf((hi - m) / sigmas[i]) - normalCdf((lo - m) / sigmas[i]));
      return {
        sample: (rng) => {
          let u = rng.uniform() * total, k = 0;
          while (k < weights.length - 1 && (u -= weights[k]) >= 0) k++;
          for (let tries = 0; tries < 100; tries++) {
            const x = mus[k] + sigmas[k] * rng.normal();
            if (x >= lo && x <= hi) return x;
          }
          return Math.min(hi, Math.max(lo, mus[k]));
        },
        logDensity: (x) => {
          let p = 0;
          for (let k = 0; k < mus.length; k++) {
            const z = ((x as number) - mus[k]) / sigmas[k];
            p += (weights[k] / total) * Math.exp(-0.5 * z * z) / (sigmas[k] * Math.sqrt(2 * Math.PI) * mass[k]);
          }
          return Math.log(p);
        },
      };
    },
    toValue,
  };
}

/** Φ(z) from erf, by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7: plenty for a proposal score). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return 0.5 * (1 + (z < 0 ? -erf : erf));
}
