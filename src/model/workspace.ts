/**
 * Where a batch lives while it is trained: one shared WasmMemory holding a copy of the parameters,
 * what the cells and the head prepare from them once per batch (transposes), and, for every block
 * of BLOCK_ROWS rows, that block's inputs, labels, every cell's states and gradients, the head's
 * outputs, and the block's partial parameter gradient. Worker threads map the same memory, so a
 * block can be computed on any thread without copying.
 *
 * Rows are split into fixed blocks so that the gradient is always the same sum, block by block in
 * block order, whatever the thread count: results are bit-identical for 1, 2 or more threads.
 * Inside a block everything is time-major and contiguous over all steps ([T][rows][·]), so the
 * input and weight products of a cell are each one product over T·rows rows instead of T small ones.
 * A batch may have fewer steps than the spec's T (variable-length rows: the batch's longest row);
 * its buffers are then [steps][rows][·], inside the same space. The batch's step count and each
 * row's length sit in the shared memory too (batchShape, rowLengths), so every thread reads them.
 */
import { bytesOf, floatView, type FloatArray } from '../tensor/float-array.js';
import { Wasm, type WasmMemory } from '../tensor/wasm/api.js';
import { packScratchSize } from '../tensor/kernels.js';
import { NO_BUFFER, type CellBlock } from './cells/index.js';
import type { EmbeddingBlock } from './embedding.js';
import type { HeadBlock } from './head.js';
import type { NetPlan } from './net-plan.js';
import { outputSteps, type RnnSpec } from './spec.js';

/** Rows per gradient block: 2 blocks for the usual batch of 64, one per core of a 2-core machine. */
export const BLOCK_ROWS = 32;

/**
 * What one layer hands on and the gradient arriving at it, [T][rows][width] each. With dropout, that
 * is the dropped output, and `dropout` names the layer's own (combined) output, its gradient and the
 * mask [T][rows][width] that joins them.
 */
export interface LayerBlock { output: number; dOutput: number; dropout?: { from: number; dFrom: number; mask: number } }

/** Element offsets into mem of one block's buffers (each sized for BLOCK_ROWS rows). */
export interface BlockLayout {
  /** [T][rows][input] */ x: number;
  /** [outSteps][rows][output] */ y: number;
  /** [layer][direction] where each cell works. */ cells: CellBlock[][];
  /** [layer] what it hands on. */ layers: LayerBlock[];
  /** The input embedding's buffers (a net with model.embedding), or null. */ embedding: EmbeddingBlock | null;
  head: HeadBlock;
  /** [params] this block's gradient, summed over its rows and steps. */ g: number;
  /** Workspace.scratchSize elements where the kernels pack the operands of this block's weight gradients. */ scratch: number;
  /** [BLOCK_ROWS] this block's rows' lengths: a view of Workspace.rowLengths (valid when the batch has lengths). */ lengths: Int32Array;
}

/** Slots of Workspace.batchShape: steps, lengths (1/0), dropout in this forward (1/0) and its mask key. */
export const BATCH_STEPS = 0, BATCH_HAS_LENGTHS = 1, BATCH_DROPOUT = 2, BATCH_DROPOUT_KEY = 3;

export function blockCount(rows: number): number {
  return Math.ceil(rows / BLOCK_ROWS);
}

/** Rows of block b in a batch of `rows` rows (the last block may be smaller). */
export function blockRows(b: number, rows: number): number {
  return Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS);
}

export class Workspace {
  readonly memory: WasmMemory;
  /** The memory as the plan's FloatType: every offset below counts its elements. */
  readonly mem: FloatArray;
  /** The parameters, copied in for each batch (in the plan's order). */
  readonly params: number;
  /** [blocks] each block's loss sum, written by whichever thread ran the block: float64 in either dtype (a metric, summed as float64). */
  readonly losses: Float64Array;
  readonly blocks: BlockLayout[];
  /** [params] the blocks' gradients summed (BatchEngine.sumGradients). */
  readonly gradientSum: number;
  /** Elements of each block's scratch: PACK_ROWS rows of the widest weight gradient's two operands. */
  readonly scratchSize: number;
  /** [blocks × BLOCK_ROWS] the loaded batch's row lengths (when it has them), in shared memory. */
  readonly rowLengths: Int32Array;
  /** The loaded batch's step count [BATCH_STEPS] and whether it has row lengths [BATCH_HAS_LENGTHS] (1 or 0), in shared memory. */
  readonly batchShape: Int32Array;

  /** capacity: the most rows a batch may have. memory: an existing one (a worker mapping the trainer's). */
  constructor(readonly spec: RnnSpec, readonly plan: NetPlan, readonly capacity: number, memory?: WasmMemory) {
    const { timesteps: T, inputSize: n, outputSize: o } = spec;
    const R = BLOCK_ROWS, outSteps = outputSteps(spec);
    const bytes = bytesOf(plan.dtype), perVector = 16 / bytes;
    let end = 0;
    // Every buffer starts on a 16-byte boundary, the width of one SIMD load.
    const take = (size: number) => { const at = end; end += Math.ceil(size / perVector) * perVector; return at; };
    this.params = take(plan.parameterCount);
    this.gradientSum = take(plan.parameterCount);
    const prepared = plan.layers.map((l) => l.cells.map((c) => take(c.preparedSize)));
    const headPrepared = take(plan.head.preparedSize);
    const nBlocks = blockCount(capacity);
    const lossAt = take(nBlocks * (8 / bytes));
    const lengthsAt = take(((nBlocks * R + 4) * 4) / bytes);
    // A weight gradient [k×n] is Aᵀ·B with A [m×k], B [m×n]: the widest k + n of any weight tensor.
    this.scratchSize = packScratchSize(Math.max(...plan.tensors.map((t) => t.shape[0] + t.shape[1])));
    this.blocks = Array.from({ length: nBlocks }, () => {
      const x = take(T * R * n), y = take(outSteps * R * o);
      const cells: CellBlock[][] = [], layers: LayerBlock[] = [];
      const size = (width: number) => T * R * width;
      const embedding: EmbeddingBlock | null = plan.embedding ? {
        input: x, output: take(size(plan.embedding.size)), dOutput: take(size(plan.embedding.size)),
        params: this.params + plan.embeddingOffset, grads: plan.embeddingOffset, // made absolute once g is placed
      } : null;
      plan.layers.forEach((layer, l) => {
        // What the layer reads and where its input gradient goes: the layer below, or the embedding, or (the raw input) nowhere.
        const below = l > 0 ? layers[l - 1] : embedding;
        cells.push(layer.cells.map((cell, d) => ({
          input: below ? below.output : x,
          states: take(size(cell.shape.hiddenSize)),
          dStates: take(size(cell.shape.hiddenSize)),
          // One cell writes ∂loss/∂input straight into the layer below; two add theirs there afterwards.
          dInput: !below ? NO_BUFFER : layer.cells.length === 1 ? below.dOutput : take(size(layer.inputSize)),
          saved: take(cell.savedSize(T, R)),
          params: this.params + layer.paramOffsets[d],
          prepared: prepared[l][d],
          grads: layer.paramOffsets[d], // made absolute once g is placed
        })));
        const only = cells[l].length === 1 ? cells[l][0] : null;
        const own = only ? { output: only.states, dOutput: only.dStates } : { output: take(size(layer.outputSize)), dOutput: take(size(layer.outputSize)) };
        layers.push(plan.dropout > 0 ? {
          output: take(size(layer.outputSize)), dOutput: take(size(layer.outputSize)),
          dropout: { from: own.output, dFrom: own.dOutput, mask: take(size(layer.outputSize)) },
        } : own);
      });
      const top = layers[layers.length - 1];
      const a = take(outSteps * R * o), dz = take(outSteps * R * o), g = take(plan.parameterCount), scratch = take(this.scratchSize);
      const featureSize = plan.head.shape.featureSize, lastFeatures = take(R * featureSize), dLastFeatures = take(R * featureSize);
      for (const cell of cells.flat()) cell.grads += g;
      if (embedding) embedding.grads += g;
      const head: HeadBlock = {
        features: top.output, dFeatures: top.dOutput, lastFeatures, dLastFeatures, y, a, dz,
        params: this.params + plan.headOffset, prepared: headPrepared, grads: g + plan.headOffset,
      };
      return { x, y, cells, layers, embedding, head, g, scratch, lengths: new Int32Array(0) };
    });
    const pages = Math.max(1, Math.ceil((end * bytes) / 65536));
    this.memory = memory ?? new Wasm.Memory({ initial: pages, maximum: pages, shared: true });
    if (this.memory.buffer.byteLength < end * bytes) throw new RangeError(`Workspace: memory of ${this.memory.buffer.byteLength} bytes, need ${end * bytes}`);
    this.mem = floatView(plan.dtype, this.memory.buffer);
    this.losses = new Float64Array(this.memory.buffer, lossAt * bytes, nBlocks);
    this.rowLengths = new Int32Array(this.memory.buffer, lengthsAt * bytes, nBlocks * R);
    this.batchShape = new Int32Array(this.memory.buffer, lengthsAt * bytes + nBlocks * R * 4, 4);
    this.blocks.forEach((block, b) => { block.lengths = this.rowLengths.subarray(b * R, (b + 1) * R); });
  }
}
