/**
 * The peers' synthetic task: random sequences labelled by a random "teacher" RNN of the same
 * architecture (torch_train.py make_teacher_data), drawn from the seeded Random, never Math.random.
 */
import { DenseSequences } from '../src/data/dense.js';
import { Random } from '../src/core/random.js';
import type { OutputMode } from '../src/model/spec.js';

/** The teacher: an Elman net of these sizes, whatever the cell being trained. */
export interface TeacherShape { timesteps: number; inputSize: number; hiddenSize: number; outputSize: number; outputMode: OutputMode }

/** n samples of x ~ N(0,1) [n][T][input]; one-hot labels of the teacher's argmax, [n][T|1][output]. */
export function teacherData(spec: TeacherShape, n: number, seed: number): DenseSequences {
  const { timesteps: T, inputSize: ni, hiddenSize: nh, outputSize: no } = spec;
  const rng = new Random(seed, 'data');
  const gauss = (len: number, std: number) => Float64Array.from({ length: len }, () => rng.normal() * std);
  // The peers' scales: a teacher whose state neither dies out nor saturates over 24 steps.
  const U = gauss(ni * nh, 1.5 / Math.sqrt(ni));
  const W = gauss(nh * nh, 0.9 / Math.sqrt(nh));
  const V = gauss(nh * no, 2.0 / Math.sqrt(nh));
  const x = gauss(n * T * ni, 1);
  const each = spec.outputMode === 'each';
  const y = new Float64Array(n * (each ? T : 1) * no);
  const s = new Float64Array(nh), next = new Float64Array(nh);
  for (let i = 0; i < n; i++) {
    s.fill(0);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < nh; j++) {
        let h = 0;
        for (let k = 0; k < ni; k++) h += x[(i * T + t) * ni + k] * U[k * nh + j];
        for (let k = 0; k < nh; k++) h += s[k] * W[k * nh + j];
        next[j] = Math.tanh(h);
      }
      s.set(next);
      if (!each && t < T - 1) continue;
      let best = 0, bestZ = -Infinity;
      for (let c = 0; c < no; c++) {
        let z = 0;
        for (let k = 0; k < nh; k++) z += s[k] * V[k * no + c];
        if (z > bestZ) { bestZ = z; best = c; }
      }
      y[(each ? i * T + t : i) * no + best] = 1;
    }
  }
  return new DenseSequences(n, T, ni, no, each, x, y);
}
