/**
 * One layer (both directions) as ONNX's own RNN / LSTM / GRU op, for float32 models
 * (`--onnx-ops native`): ONNX Runtime's kernels for these ops refuse double, so float64 keeps the Scan.
 *
 * rnnflow keeps PyTorch's layout: U [in, gates·H] and W [H, gates·H] act as x·U and h·W, gates in
 * PyTorch's order (LSTM i f g o, GRU r z n), biases bu (input side) and bw (state side; the book's
 * Elman has bu alone). ONNX wants W [dirs, gates·H, in] and R [dirs, gates·H, H] (the transposes),
 * B [dirs, 2·gates·H] = [Wb, Rb], with the gates in its own order:
 *   LSTM  ONNX i o f c  =  PyTorch blocks 0 3 1 2
 *   GRU   ONNX z r h    =  PyTorch blocks 1 0 2   (linear_before_reset 1: r multiplies h·W_n + b_n, as PyTorch)
 *   RNN   one block, Tanh; Rb = 0
 * The op's Y is [T, dirs, B, H]: one direction is squeezed, 'concat' puts [forward, reverse] side by
 * side on the feature axis, 'sum' adds them. sequence_lens makes the reverse direction start at each
 * row's own last step and zeroes the padded steps, as the Scan graph does.
 */
import type { ParamSet } from '../../model/params.js';
import { tensorSuffix } from '../../model/net-plan.js';
import type { GraphBuilder } from './graph-builder.js';

const OP = { elman: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;
/** For each ONNX gate block, the PyTorch block it comes from. */
const GATE_ORDER = { elman: [0], lstm: [0, 3, 1, 2], gru: [1, 0, 2] } as const;

export interface NativeLayer {
  cell: 'elman' | 'lstm' | 'gru';
  layer: number;
  /** Hidden units per direction. */
  H: number;
  /** Input features per step. */
  width: number;
  bidirectional: false | 'concat' | 'sum';
  bias: boolean;
}

/**
 * The layer on seq [T, B, width]; `sequenceLens` is an int32 [B] value, or '' when every row has T steps.
 * Returns the layer's output [T, B, H or 2H].
 */
export function nativeLayer(g: GraphBuilder, P: ParamSet, l: NativeLayer, seq: string, sequenceLens: string): string {
  const directions = l.bidirectional ? (['forward', 'reverse'] as const) : (['forward'] as const);
  const order = GATE_ORDER[l.cell];
  const rows = order.length * l.H;
  const dirs = directions.length;
  /** ONNX's [gates·H, cols] of one direction: rnnflow's [cols, gates·H] transposed, gate blocks reordered. */
  const transposed = (name: string, cols: number): Float64Array => {
    const t = P.tensor(name as never) as Float64Array;
    const out = new Float64Array(rows * cols);
    order.forEach((from, block) => {
      for (let j = 0; j < l.H; j++) for (let k = 0; k < cols; k++) out[(block * l.H + j) * cols + k] = t[k * rows + from * l.H + j];
    });
    return out;
  };
  const reordered = (name: string | null): Float64Array => {
    const out = new Float64Array(rows);
    if (name === null) return out;
    const t = P.tensor(name as never) as Float64Array;
    order.forEach((from, block) => out.set(t.subarray(from * l.H, (from + 1) * l.H), block * l.H));
    return out;
  };
  const stack = (parts: Float64Array[]): Float64Array => { const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; };
  const suffixes = directions.map((d) => tensorSuffix(l.layer, d));
  const name = `layer${l.layer}`;
  const W = g.initializer(`${name}_W`, [dirs, rows, l.width], stack(suffixes.map((s) => transposed(`U${s}`, l.width))));
  const R = g.initializer(`${name}_R`, [dirs, rows, l.H], stack(suffixes.map((s) => transposed(`W${s}`, l.H))));
  const inputs = [seq, W, R];
  if (l.bias) {
    const B = stack(suffixes.flatMap((s) => [reordered(`bu${s}`), reordered(l.cell === 'elman' ? null : `bw${s}`)]));
    inputs.push(g.initializer(`${name}_B`, [dirs, 2 * rows], B));
  }
  // Optional inputs left out are empty names; trailing ones are dropped by the builder.
  if (sequenceLens) inputs.push(...(l.bias ? [] : ['']), sequenceLens);
  const attributes: Record<string, number> = { hidden_size: l.H };
  if (l.cell === 'gru') attributes.linear_before_reset = 1;
  const direction = dirs === 2 ? 'bidirectional' : 'forward';
  /** [T, dirs, B, H] */
  const Y = g.node(OP[l.cell], inputs, { ...attributes, direction });
  if (!l.bidirectional) return g.node('Squeeze', [Y, g.ints(`${name}_axis1`, [1], [1])]);
  if (l.bidirectional === 'sum') return g.node('ReduceSum', [Y, g.ints(`${name}_axis1`, [1], [1])], { keepdims: 0 });
  const sideBySide = g.node('Transpose', [Y], { perm: [0, 2, 1, 3] });
  return g.node('Reshape', [sideBySide, g.ints(`${name}_shape`, [3], [0, 0, 2 * l.H])]);
}
