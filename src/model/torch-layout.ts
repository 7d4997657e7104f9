/**
 * The torch layout: a net's parameters named and shaped as PyTorch's state_dict() of
 * { rnn: nn.RNN | nn.LSTM | nn.GRU (batch_first), head: nn.Linear }, so weights travel both ways.
 *
 *   rnn.weight_ih_l{k}[_reverse]  [gates·H][in]   = Uᵀ      (our weights are [fan-in][fan-out]; theirs the transpose)
 *   rnn.weight_hh_l{k}[_reverse]  [gates·H][H]    = Wᵀ
 *   rnn.bias_ih_l{k}[_reverse]    [gates·H]       = b_u
 *   rnn.bias_hh_l{k}[_reverse]    [gates·H]       = b_w  (LSTM, GRU)
 *   head.weight [out][F] = Vᵀ,  head.bias [out] = b_v
 *   embedding.weight [vocabulary][size] = E  (nn.Embedding's layout is ours: not transposed)
 *
 * The Elman cell has one bias where nn.RNN has two: it exports bias_hh = 0, imports
 * b_u = bias_ih + bias_hh, and reports b_u's gradient under both names (as PyTorch would: both
 * biases enter the sum the same way).
 */
import type { ParamSet } from './params.js';
import { describeShape } from './params.js';
import type { PlannedTensor } from './net-plan.js';

/** Nested arrays by PyTorch name: weights [rows][cols], biases [n]. */
export type TorchParameters = Record<string, number[][] | number[]>;

interface TorchEntry {
  name: string;
  /** PyTorch's shape: [rows, cols] for weights, [n] for biases. */
  shape: number[];
  /** Our tensor behind it. */
  tensor: PlannedTensor;
  /** An Elman cell's bias_hh: no tensor of its own, folded into b_u. */
  folded: boolean;
}

/** Every tensor of the torch layout, in state_dict order. */
export function torchEntries(P: ParamSet): TorchEntry[] {
  const out: TorchEntry[] = [];
  for (const t of P.tensors) {
    const [rows, cols] = t.shape;
    out.push({ name: t.torchName, shape: t.role === 'bias' ? [cols] : t.role === 'embedding' ? [rows, cols] : [cols, rows], tensor: t, folded: false });
    if (t.torchName.startsWith('rnn.bias_ih') && !P.tensors.some((o) => o.torchName === t.torchName.replace('bias_ih', 'bias_hh'))) {
      out.push({ name: t.torchName.replace('bias_ih', 'bias_hh'), shape: [cols], tensor: t, folded: true });
    }
  }
  return out;
}

/**
 * P in the torch layout. As parameters, a folded bias_hh is 0; as gradients (`gradients: true`),
 * it is b_u's gradient, like bias_ih's.
 */
export function toTorch(P: ParamSet, options: { gradients?: boolean } = {}): TorchParameters {
  const out: TorchParameters = {};
  for (const e of torchEntries(P)) {
    const v = P.tensor(e.tensor.name), [rows, cols] = e.tensor.shape;
    if (e.tensor.role === 'bias') out[e.name] = e.folded && !options.gradients ? new Array<number>(cols).fill(0) : Array.from(v);
    else if (e.tensor.role === 'embedding') out[e.name] = Array.from({ length: rows }, (_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols)));
    else out[e.name] = Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => v[i * cols + j]));
  }
  return out;
}

/** Fills P from the torch layout; checks every name, shape and value before writing anything. */
export function fromTorch(P: ParamSet, p: TorchParameters, what = 'setParameters'): void {
  const entries = torchEntries(P), names = entries.map((e) => e.name);
  if (p === null || typeof p !== 'object') throw new TypeError(`${what}: expected an object with ${names.join(', ')}`);
  const unknown = Object.keys(p).filter((k) => !names.includes(k));
  if (unknown.length) throw new TypeError(`${what}: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in this net's torch layout; it has ${names.join(', ')}`);
  for (const { name, shape } of entries) {
    const m = p[name] as unknown;
    const want = shape.map((d) => `[${d}]`).join('');
    if (m === undefined) throw new TypeError(`${what}: ${name} is missing (expected shape ${want})`);
    const values = shape.length === 1 ? m : Array.isArray(m) && m.every((row) => Array.isArray(row) && row.length === shape[1]) ? (m as unknown[][]).flat() : null;
    if (!Array.isArray(m) || m.length !== shape[0] || values === null) {
      throw new RangeError(`${what}: ${name} must have shape ${want}, received ${describeShape(m)}`);
    }
    const bad = (values as unknown[]).findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) throw new TypeError(`${what}: ${name} value ${bad} must be a finite number, received ${JSON.stringify((values as unknown[])[bad])}`);
  }
  for (const e of entries) {
    const v = P.tensor(e.tensor.name), [rows, cols] = e.tensor.shape;
    if (e.tensor.role === 'bias') {
      const b = p[e.name] as number[];
      for (let j = 0; j < cols; j++) v[j] = e.folded ? v[j] + b[j] : b[j];
    } else if (e.tensor.role === 'embedding') {
      const m = p[e.name] as number[][];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v[i * cols + j] = m[i][j];
    } else {
      const m = p[e.name] as number[][];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v[i * cols + j] = m[j][i];
    }
  }
}
