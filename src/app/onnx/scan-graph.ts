/**
 * A trained net as an ONNX graph (opset 17) of standard ops: one `Scan` per layer and direction whose
 * body is the cell's equations in MatMul/Add/Mul/Tanh/Sigmoid, then the head.
 *
 * Why Scan rather than ONNX's RNN/LSTM/GRU ops: ONNX Runtime's CPU kernels for those refuse double
 * ("does not support double yet"), and they cannot express bidirectional 'sum' or the book's
 * Elman-with-one-bias without rewriting; one builder for both dtypes keeps one graph to check.
 *
 *   x [batch, time, features] → xs = Transpose → [T, B, I], zeroed where t ≥ lengths[b] (so garbage in
 *   the padding, even inf or NaN, changes nothing), then x·E when the net has an embedding.
 *   layer k, direction d:  Scan(h0 [, c0], S, mask) → states [T, B, H]; a state is multiplied by its
 *   step's mask, so padded steps hand on zeros, as the engine does (cells/row-lengths.ts).
 *   reverse direction: ReverseSequence by each row's own length, a forward Scan, ReverseSequence back:
 *   each row is read from its own last real step, and its padding stays where it was.
 *   'concat' joins the directions [forward, reverse] on the feature axis, 'sum' adds them.
 *   head: each-step mode scores every step and zeroes padded ones; last-step mode gathers each row's
 *   step lengths[b] − 1. Activation: regression identity, binary Sigmoid, multiclass Softmax.
 * Without a `lengths` input every row has the input's T steps (lengths = T, the mask all ones).
 * With ops 'native' (float32), each layer is ONNX's RNN/LSTM/GRU op instead (native-layer.ts); the
 * input masking, embedding and head stay as they are.
 */
import type { RnnSpec } from '../../model/spec.js';
import { fullSpec, hiddenSizes } from '../../model/spec.js';
import { tensorSuffix } from '../../model/net-plan.js';
import type { ParamSet } from '../../model/params.js';
import { UserError } from '../../core/errors.js';
import { GraphBuilder, onnx, type OnnxDtype } from './graph-builder.js';
import { nativeLayer } from './native-layer.js';

export interface ScanGraphOptions {
  dtype: OnnxDtype;
  /** Whether the model takes a `lengths` [batch] int64 input (runs whose data has variable lengths). */
  lengths: boolean;
  /**
   * 'scan' (default): every layer a Scan of the cell's equations. 'native': ONNX's RNN/LSTM/GRU ops
   * (native-layer.ts), float32 only, as ONNX Runtime's kernels for them refuse double.
   */
  ops?: OnnxOps;
}

export type OnnxOps = 'scan' | 'native';

/** The net's graph: inputs x (and lengths), output y; parameters as initializers in `dtype`. */
export function scanGraph(spec: RnnSpec, P: ParamSet, opts: ScanGraphOptions): GraphBuilder {
  if (opts.ops === 'native' && opts.dtype !== 'float32') throw new UserError(`--onnx-ops native: ONNX Runtime's RNN, LSTM and GRU kernels refuse ${opts.dtype}; use --dtype float32, or --onnx-ops scan`);
  const s = fullSpec(spec);
  const g = new GraphBuilder(opts.dtype);
  const param = (name: string, rows: number, cols: number): string => g.initializer(name, [rows, cols], P.tensor(name as never));
  const sizes = hiddenSizes(spec);
  const directions = s.bidirectional ? (['forward', 'reverse'] as const) : (['forward'] as const);

  g.input('x', opts.dtype, ['batch', 'time', spec.inputSize]);
  const shape = g.node('Shape', ['x']);
  const batch1 = g.node('Gather', [shape, g.ints('index0', [1], [0])], { axis: 0 });
  const time = g.node('Gather', [shape, g.ints('index1', [], [1])], { axis: 0 });
  let lengths: string;
  if (opts.lengths) {
    g.input('lengths', 'int64', ['batch']);
    lengths = 'lengths';
  } else {
    lengths = g.node('Expand', [time, batch1]);
  }
  // mask [T, B, 1]: step t of row b is real when t < lengths[b].
  const steps = g.node('Range', [g.ints('zero_i', [], [0]), time, g.ints('one_i', [], [1])]);
  const real = g.node('Less', [g.node('Unsqueeze', [steps, g.ints('axes1', [1], [1])]), g.node('Unsqueeze', [lengths, g.ints('axes0', [1], [0])])]);
  const realMask = g.node('Unsqueeze', [real, g.ints('axes2', [1], [2])]);
  const mask = g.node('Cast', [realMask], { to: g.elemType });
  const zero = g.initializer('zero', [], [0]);

  let seq = g.node('Where', [realMask, g.node('Transpose', ['x'], { perm: [1, 0, 2] }), zero]);
  let width = spec.inputSize;
  if (spec.embeddingSize) {
    seq = g.node('MatMul', [seq, param('E', spec.inputSize, spec.embeddingSize)]);
    width = spec.embeddingSize;
  }

  // The native ops take the lengths as int32, and none at all when every row has T steps.
  const sequenceLens = opts.ops === 'native' && opts.lengths ? g.node('Cast', [lengths], { to: onnx.TensorProto.DataType.INT32 }) : '';
  sizes.forEach((H, layer) => {
    if (opts.ops === 'native') {
      seq = nativeLayer(g, P, { cell: s.cell, layer, H, width, bidirectional: s.bidirectional, bias: s.bias }, seq, sequenceLens);
      width = s.bidirectional === 'concat' ? 2 * H : H;
      return;
    }
    const zerosBH = g.node('Expand', [zero, g.node('Concat', [batch1, g.ints(`H${layer}`, [1], [H])], { axis: 0 })]);
    const outs = directions.map((direction) => {
      const suffix = tensorSuffix(layer, direction);
      const input = direction === 'reverse' ? g.node('ReverseSequence', [seq, lengths], { batch_axis: 1, time_axis: 0 }) : seq;
      const states = runCell(g, s.cell, H, width, suffix, param, s.bias, zerosBH, input, mask);
      return direction === 'reverse' ? g.node('ReverseSequence', [states, lengths], { batch_axis: 1, time_axis: 0 }) : states;
    });
    if (outs.length === 1) { seq = outs[0]; width = H; } else if (s.bidirectional === 'sum') { seq = g.node('Add', outs); width = H; } else { seq = g.node('Concat', outs, { axis: 2 }); width = 2 * H; }
  });

  // The head on [T, B, F] (each) or [B, F] (last).
  const features = spec.outputMode === 'each' ? seq : g.node('GatherND', [
    g.node('Transpose', [seq], { perm: [1, 0, 2] }),
    g.node('Unsqueeze', [g.node('Sub', [lengths, g.ints('one_i1', [1], [1])]), g.ints('axes1b', [1], [1])]),
  ], { batch_dims: 1 });
  let z = g.node('MatMul', [features, param('V', width, spec.outputSize)]);
  if (spec.bias) z = g.node('Add', [z, param('bv', 1, spec.outputSize)]);
  const a = spec.netType === 'regression' ? z : spec.netType === 'binary' ? g.node('Sigmoid', [z]) : g.node('Softmax', [z], { axis: -1 });
  if (spec.outputMode === 'each') {
    g.node('Transpose', [g.node('Mul', [a, mask])], { perm: [1, 0, 2] }, 'y');
    g.output('y', opts.dtype, ['batch', 'time', spec.outputSize]);
  } else {
    g.node('Identity', [a], {}, 'y');
    g.output('y', opts.dtype, ['batch', spec.outputSize]);
  }
  return g;
}

type Param = (name: string, rows: number, cols: number) => string;

/** One direction of one layer: a Scan over [T, B, width] returning the states [T, B, H]. */
function runCell(g: GraphBuilder, cell: string, H: number, width: number, suffix: string, param: Param, bias: boolean, zerosBH: string, input: string, mask: string): string {
  const gates = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const U = param(`U${suffix}`, width, gates * H), W = param(`W${suffix}`, H, gates * H);
  const bu = bias ? param(`bu${suffix}`, 1, gates * H) : null;
  const bw = bias && cell !== 'elman' ? param(`bw${suffix}`, 1, gates * H) : null;
  const body = g.subgraph(`scan${suffix || '_l0'}`);
  const hPrev = body.input('h_prev', g.dtype, ['batch', H]);
  const cPrev = cell === 'lstm' ? body.input('c_prev', g.dtype, ['batch', H]) : '';
  const xt = body.input('x_t', g.dtype, ['batch', width]);
  const mt = body.input('m_t', g.dtype, ['batch', 1]);
  const affine = (v: string, M: string, b: string | null) => { const p = body.node('MatMul', [v, M]); return b ? body.node('Add', [p, b]) : p; };
  const split = (v: string, n: number) => body.nodeN('Split', [v, body.ints(`${v.replace(/\W/g, '_')}_sizes`, [n], new Array<number>(n).fill(H))], n, { axis: 1 });
  let h: string, c: string | null = null;
  if (cell === 'elman') {
    h = body.node('Tanh', [body.node('Add', [affine(xt, U, bu), body.node('MatMul', [hPrev, W])])]);
  } else if (cell === 'lstm') {
    const [i, f, gg, o] = split(body.node('Add', [affine(xt, U, bu), affine(hPrev, W, bw)]), 4);
    const cNew = body.node('Add', [body.node('Mul', [body.node('Sigmoid', [f]), cPrev]), body.node('Mul', [body.node('Sigmoid', [i]), body.node('Tanh', [gg])])]);
    c = body.node('Mul', [cNew, mt]);
    h = body.node('Mul', [body.node('Sigmoid', [o]), body.node('Tanh', [cNew])]);
  } else {
    const [xr, xz, xn] = split(affine(xt, U, bu), 3);
    const [hr, hz, hn] = split(affine(hPrev, W, bw), 3);
    const r = body.node('Sigmoid', [body.node('Add', [xr, hr])]), zg = body.node('Sigmoid', [body.node('Add', [xz, hz])]);
    const n = body.node('Tanh', [body.node('Add', [xn, body.node('Mul', [r, hn])])]);
    h = body.node('Add', [n, body.node('Mul', [zg, body.node('Sub', [hPrev, n])])]);
  }
  const hOut = body.node('Mul', [h, mt], {}, body.local('h_next'));
  body.output(hOut, g.dtype, ['batch', H]);
  if (c) body.output(body.node('Identity', [c], {}, body.local('c_next')), g.dtype, ['batch', H]);
  body.output(body.node('Identity', [hOut], {}, body.local('h_seq')), g.dtype, ['batch', H]);
  const initial = cell === 'lstm' ? [zerosBH, zerosBH] : [zerosBH];
  const outs = g.nodeN('Scan', [...initial, input, mask], initial.length + 1, { body: body.graph(), num_scan_inputs: 2 });
  return outs[outs.length - 1];
}
