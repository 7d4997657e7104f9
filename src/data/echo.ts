/**
 * Echo detection (chapter 19.1): S is uniform in [0, 1); sample i has inputs S[i], …, S[i+T−1], one
 * per step, and at the last step the target S[i], the first input. The net must carry a value
 * through T − 1 steps of its state. Train, validation and test are separate series drawn one after
 * another from the seed's 'data' stream, so they share no values.
 */
import type { EchoData } from '../config/types.js';
import { Random } from '../core/random.js';
import { DenseSequences } from './dense.js';
import type { SequenceSet } from './types.js';

/** `samples` overlapping windows of one new series of samples + T − 1 values from rng. */
export function echoSequences(samples: number, timesteps: number, rng: Random): DenseSequences {
  const T = timesteps;
  const signal = new Float64Array(samples + T - 1);
  for (let k = 0; k < signal.length; k++) signal[k] = rng.uniform();
  /** [samples][T][1] */ const x = new Float64Array(samples * T);
  /** [samples][1] */ const y = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    x.set(signal.subarray(i, i + T), i * T);
    y[i] = signal[i];
  }
  return new DenseSequences(samples, T, 1, 1, false, x, y);
}

export function loadEcho(cfg: EchoData, seed: number): SequenceSet {
  const rng = new Random(seed, 'data');
  const train = echoSequences(cfg.trainSamples, cfg.timesteps, rng);
  const validation = echoSequences(cfg.validationSamples, cfg.timesteps, rng);
  const test = echoSequences(cfg.testSamples, cfg.timesteps, rng);
  return {
    train, validation, test,
    info: { timesteps: cfg.timesteps, samples: { train: train.size, validation: validation.size, test: test.size } },
  };
}
