/**
 * A slow, readable reference of every net the engine builds, written from the equations in
 * PyTorch's form and naming (its parameters are the torch layout), one row and one step at a time.
 * Only the forward pass is written; gradients come from the scalar autograd (autograd.ts), so this
 * oracle shares neither code nor hand-derived backward equations with the fast path.
 *
 *   elman:  h = tanh(W_ih·x + b_ih + W_hh·h_prev + b_hh)                                (nn.RNN)
 *   lstm:   i, f, g, o = σ, σ, tanh, σ of (W_ih·x + b_ih + W_hh·h_prev + b_hh), by gate rows
 *           c = f ⊙ c_prev + i ⊙ g,  h = o ⊙ tanh(c)                                     (nn.LSTM)
 *   gru:    r, z = σ(W_ir·x + b_ir + W_hr·h_prev + b_hr), σ(…z…)
 *           n = tanh(W_in·x + b_in + r ⊙ (W_hn·h_prev + b_hn)),  h = (1 − z) ⊙ n + z ⊙ h_prev   (nn.GRU)
 *   layers: layer k reads layer k − 1's outputs; a reverse cell runs from step T to 1;
 *           concat: [h_forward, h_reverse], sum: h_forward + h_reverse
 *   head:   z = head.weight·f + head.bias, a = C(z); loss summed over rows and output steps
 *   embedding: e = Σ_i x_i · embedding.weight[i]  (the token's row when x is one-hot; nn.Embedding)
 *   dropout: each layer's (combined) output times the given mask value of (layer, t, row, unit)
 *   lengths: each sample runs on its own first L steps only, as if it were alone (its reverse cell
 *           starts at step L); the last-step head reads step L; each-step outputs are 0 after L
 */
import type { RnnSpec } from '../../src/model/spec.js';
import type { TorchParameters } from '../../src/model/torch-layout.js';
import { addVec, lift, matVec, mulVec, sum, Value } from './autograd.js';

type Vec = Value[];

export interface ReferenceResult {
  /** a per output step, [outSteps][rows][output]. */
  outputs: number[][][];
  loss: number;
  /** ∂loss/∂parameter, named and shaped as the parameters. */
  grads: TorchParameters;
}

/** One gate's block of a gates·H vector (PyTorch stacks the gates' rows). */
const gateOf = (v: Vec, gate: number, H: number) => v.slice(gate * H, (gate + 1) * H);
const zeros = (n: number): Vec => Array.from({ length: n }, () => new Value(0));

interface CellParams { wih: Value[][]; whh: Value[][]; bih: Vec | null; bhh: Vec | null }

/** W·x + b, with b left out when the net has no bias. */
const affine = (W: Value[][], x: Vec, b: Vec | null): Vec => (b ? addVec(matVec(W, x), b) : matVec(W, x));

function elmanStep(p: CellParams, x: Vec, h: Vec): Vec {
  return addVec(affine(p.wih, x, p.bih), affine(p.whh, h, p.bhh)).map((v) => v.tanh());
}

function lstmStep(p: CellParams, x: Vec, h: Vec, c: Vec, H: number): { h: Vec; c: Vec } {
  const pre = addVec(affine(p.wih, x, p.bih), affine(p.whh, h, p.bhh));
  const i = gateOf(pre, 0, H).map((v) => v.sigmoid());
  const f = gateOf(pre, 1, H).map((v) => v.sigmoid());
  const g = gateOf(pre, 2, H).map((v) => v.tanh());
  const o = gateOf(pre, 3, H).map((v) => v.sigmoid());
  const cNew = addVec(mulVec(f, c), mulVec(i, g));
  return { h: mulVec(o, cNew.map((v) => v.tanh())), c: cNew };
}

function gruStep(p: CellParams, x: Vec, h: Vec, H: number): Vec {
  const gi = affine(p.wih, x, p.bih), gh = affine(p.whh, h, p.bhh);
  const r = addVec(gateOf(gi, 0, H), gateOf(gh, 0, H)).map((v) => v.sigmoid());
  const z = addVec(gateOf(gi, 1, H), gateOf(gh, 1, H)).map((v) => v.sigmoid());
  const n = addVec(gateOf(gi, 2, H), mulVec(r, gateOf(gh, 2, H))).map((v) => v.tanh());
  return n.map((nj, j) => lift(1).sub(z[j]).mul(nj).add(z[j].mul(h[j])));
}

/** One cell over a whole sequence (reversed for a reverse cell); states returned in time order. */
function runCell(cell: string, p: CellParams, xs: Vec[], H: number, reverse: boolean): Vec[] {
  const T = xs.length, out: Vec[] = new Array(T);
  let h = zeros(H), c = zeros(H);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    if (cell === 'elman') h = elmanStep(p, xs[t], h);
    else if (cell === 'gru') h = gruStep(p, xs[t], h, H);
    else ({ h, c } = lstmStep(p, xs[t], h, c, H));
    out[t] = h;
  }
  return out;
}

function activate(netType: RnnSpec['netType'], z: Vec): Vec {
  if (netType === 'regression') return z;
  if (netType === 'binary') return z.map((v) => v.sigmoid());
  const m = Math.max(...z.map((v) => v.data)); // a constant shift: softmax is unchanged by it
  const e = z.map((v) => v.sub(m).exp()), s = sum(e);
  return e.map((v) => v.div(s));
}

function loss(netType: RnnSpec['netType'], a: Vec, y: number[]): Value {
  if (netType === 'regression') return sum(a.map((v, j) => v.sub(y[j]).mul(v.sub(y[j])).mul(0.5)));
  if (netType === 'binary') return sum(a.map((v, j) => v.log().mul(y[j]).add(lift(1).sub(v).log().mul(1 - y[j])))).neg();
  return sum(a.map((v, j) => (y[j] !== 0 ? v.log().mul(y[j]) : new Value(0)))).neg();
}

/**
 * x: [rows][T][input]; y: [rows][outSteps][output]; p: the torch layout of spec's net; lengths: each
 * row's real steps (default: all of x's T). Steps past a row's length are never read.
 */
export function referenceNet(
  spec: RnnSpec, p: TorchParameters, x: number[][][], y: number[][][], lengths?: number[],
  dropoutMask?: (layer: number, t: number, row: number, unit: number) => number,
): ReferenceResult {
  const cell = spec.cell ?? 'elman', both = spec.bidirectional ?? false;
  const sizes = Array.isArray(spec.hiddenSize) ? spec.hiddenSize : [spec.hiddenSize];
  const params: Record<string, Value[][] | Vec> = {};
  for (const [name, v] of Object.entries(p)) {
    params[name] = (v as unknown[]).map((row) => (Array.isArray(row) ? row.map((e: number) => new Value(e)) : new Value(row as number))) as Value[][] | Vec;
  }
  const cellParams = (k: number, suffix: string): CellParams => ({
    wih: params[`rnn.weight_ih_l${k}${suffix}`] as Value[][], whh: params[`rnn.weight_hh_l${k}${suffix}`] as Value[][],
    bih: spec.bias ? params[`rnn.bias_ih_l${k}${suffix}`] as Vec : null, bhh: spec.bias ? params[`rnn.bias_hh_l${k}${suffix}`] as Vec : null,
  });
  const T = x[0].length, outputs: number[][][] = [];
  const each = spec.outputMode === 'each';
  const terms: Value[] = [];
  x.forEach((sample, row) => {
    const L = lengths?.[row] ?? T;
    let seq: Vec[] = sample.slice(0, L).map((xt) => xt.map((v) => new Value(v)));
    const table = params['embedding.weight'] as Value[][] | undefined;
    if (table) seq = seq.map((xt) => table[0].map((_, j) => sum(xt.map((xi, i) => table[i][j].mul(xi)))));
    const drop = (k: number) => { if (dropoutMask) seq = seq.map((v, t) => v.map((e, j) => e.mul(dropoutMask(k, t, row, j)))); };
    sizes.forEach((H, k) => {
      const fwd = runCell(cell, cellParams(k, ''), seq, H, false);
      if (!both) { seq = fwd; drop(k); return; }
      const rev = runCell(cell, cellParams(k, '_reverse'), seq, H, true);
      seq = fwd.map((f, t) => (both === 'concat' ? [...f, ...rev[t]] : addVec(f, rev[t])));
      drop(k);
    });
    if (each) for (let t = L; t < T; t++) (outputs[t] ??= [])[row] = new Array(spec.outputSize).fill(0);
    (each ? Array.from({ length: L }, (_, t) => t) : [L - 1]).forEach((t) => {
      const s = each ? t : 0;
      const z = affine(params['head.weight'] as Value[][], seq[t], spec.bias ? params['head.bias'] as Vec : null);
      const a = activate(spec.netType, z);
      (outputs[s] ??= [])[row] = a.map((v) => v.data);
      terms.push(loss(spec.netType, a, y[row][s]));
    });
  });
  const total = sum(terms);
  total.backward();
  const grads: TorchParameters = {};
  for (const [name, v] of Object.entries(params)) {
    grads[name] = (v as unknown[]).map((e) => (Array.isArray(e) ? e.map((w: Value) => w.grad) : (e as Value).grad)) as number[][] | number[];
  }
  return { outputs, loss: total.data, grads };
}
