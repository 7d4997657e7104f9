/**
 * Where a batch lives while it is trained: one shared WasmMemory holding a copy of the
 * parameters and, for every block of BLOCK_ROWS rows, that block's inputs, labels, activations,
 * gradients and partial parameter gradient. Worker threads map the same memory, so a block can be
 * computed on any thread without copying.
 *
 * Rows are split into fixed blocks so that the gradient is always the same sum, block by block in
 * block order, whatever the thread count: results are bit-identical for 1, 2 or more threads.
 * Inside a block everything is time-major and contiguous over all steps ([T][rc][·], rc = the
 * block's rows), so x·U, dU, dV, dW are each one product over T·rc rows instead of T small ones.
 */
import { Wasm, type WasmMemory } from '../tensor/wasm/api.js';
import { tensorShapes } from './params.js';
import type { RnnSpec } from './spec.js';

/** Rows per gradient block: 2 blocks for the usual batch of 64, one per core of a 2-core machine. */
export const BLOCK_ROWS = 32;

/** Element offsets into mem of one block's buffers (sized for BLOCK_ROWS rows). */
export interface BlockLayout {
  /** [T][rc][input] */ x: number;
  /** [outSteps][rc][output] */ y: number;
  /** [T][rc][hidden] s = tanh(h) */ s: number;
  /** [T][rc][hidden] ∂loss/∂h */ dh: number;
  /** [outSteps][rc][output] a = C(z) */ a: number;
  /** [outSteps][rc][output] ∂loss/∂z */ dz: number;
  /** [params] this block's gradient, summed over its rows and steps */ g: number;
}

/** Offsets of U, W, V, b_u, b_v inside a flat parameter vector (ParamSet order). */
export interface ParamOffsets { U: number; W: number; V: number; bu: number; bv: number; size: number }

export function paramOffsets(spec: RnnSpec): ParamOffsets {
  const out = { U: 0, W: 0, V: 0, bu: 0, bv: 0, size: 0 };
  for (const [name, [r, c]] of tensorShapes(spec)) { out[name] = out.size; out.size += r * c; }
  return out;
}

export function blockCount(rows: number): number {
  return Math.ceil(rows / BLOCK_ROWS);
}

/** Rows of block b in a batch of `rows` rows (the last block may be smaller). */
export function blockRows(b: number, rows: number): number {
  return Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS);
}

export class Workspace {
  readonly memory: WasmMemory;
  readonly mem: Float64Array;
  readonly p: ParamOffsets;
  /** Parameters copied in for this batch, then Wᵀ [hidden×hidden] and Vᵀ [output×hidden] for backward. */
  readonly params: number;
  readonly wt: number;
  readonly vt: number;
  /** [blocks] each block's loss sum, written by whichever thread ran the block. */
  readonly loss: number;
  readonly blocks: BlockLayout[];

  /** capacity: the most rows a batch may have. memory: an existing one (a worker mapping the trainer's). */
  constructor(readonly spec: RnnSpec, readonly capacity: number, memory?: WasmMemory) {
    const { timesteps: T, inputSize: n, hiddenSize: h, outputSize: o } = spec;
    const outSteps = spec.outputMode === 'each' ? T : 1;
    this.p = paramOffsets(spec);
    let end = 0;
    // Every buffer starts on a 16-byte boundary, the width of one SIMD load.
    const take = (size: number) => { const at = end; end += size + (size & 1); return at; };
    this.params = take(this.p.size);
    this.wt = take(h * h);
    this.vt = take(o * h);
    const nBlocks = blockCount(capacity);
    this.loss = take(nBlocks);
    const R = BLOCK_ROWS;
    this.blocks = Array.from({ length: nBlocks }, () => ({
      x: take(T * R * n), y: take(outSteps * R * o), s: take(T * R * h), dh: take(T * R * h),
      a: take(outSteps * R * o), dz: take(outSteps * R * o), g: take(this.p.size),
    }));
    const pages = Math.max(1, Math.ceil((end * 8) / 65536));
    this.memory = memory ?? new Wasm.Memory({ initial: pages, maximum: pages, shared: true });
    if (this.memory.buffer.byteLength < end * 8) throw new RangeError(`Workspace: memory of ${this.memory.buffer.byteLength} bytes, need ${end * 8}`);
    this.mem = new Float64Array(this.memory.buffer);
  }
}
