/**
 * What a spec builds: its layers of cells (one per direction), the head, and every parameter tensor
 * with its name and place in the flat parameter vector. Pure: no memory, so the parameter set, the
 * workspace and the parameter files all read the same plan.
 *
 * Storage order: the embedding E when the net has one; then layer by layer, the forward cell before
 * the reverse one, each cell's tensors in its own order; then the head (V, b_v). Names are the cell's own (U, W, bu for Elman) with PyTorch's
 * suffixes for the layer (`_l1`, `_l2`, … above the first) and the direction (`_reverse`), so a
 * one-layer Elman net keeps the book's U, W, V, bu, bv.
 */
import { createCell, type Cell, type CellTensor, type Direction } from './cells/index.js';
import { Embedding } from './embedding.js';
import { Head } from './head.js';
import type { FloatType } from '../tensor/float-array.js';
import { fullSpec, hiddenSizes, type RnnSpec } from './spec.js';

export interface PlannedTensor extends CellTensor {
  /** Offset of its first element in the flat parameter vector. */
  offset: number;
  /** Its full name in the torch layout: rnn.weight_ih_l0, rnn.bias_hh_l1_reverse, head.weight … */
  torchName: string;
  /** PyTorch's default init draws it uniform in ±this: 1/√hidden in a cell (nn.RNN/LSTM/GRU), 1/√fan_in in the head (nn.Linear). */
  pytorchBound: number;
}

export interface LayerPlan {
  /** One cell per direction: [forward] or [forward, reverse]. */
  cells: Cell[];
  /** Where each cell's parameters start in the flat vector. */
  paramOffsets: number[];
  inputSize: number;
  /** Width handed to the next layer or the head. */
  outputSize: number;
  /** How two directions' states become the layer's output. */
  combine: 'none' | 'concat' | 'sum';
}

export interface NetPlan {
  /** The learned input embedding (spec.embeddingSize), or null. */
  embedding: Embedding | null;
  /** Where E starts in the flat vector (0: it comes first). */
  embeddingOffset: number;
  layers: LayerPlan[];
  head: Head;
  headOffset: number;
  tensors: PlannedTensor[];
  parameterCount: number;
  /** Every inner size k of the net's products (for kernels specialised to them). */
  innerSizes: number[];
  /** What every buffer holds and the kernels compute in. */
  dtype: FloatType;
  /** The dropout probability on each layer's output in training (0: none, and no dropout buffers). */
  dropout: number;
}

/** The layer and direction suffix of a tensor name: none for the first forward layer. */
export function tensorSuffix(layer: number, direction: Direction): string {
  return (layer > 0 ? `_l${layer}` : '') + (direction === 'reverse' ? '_reverse' : '');
}

/** PyTorch's suffix: _l0, _l1_reverse … (torch-layout.ts). */
export function torchSuffix(layer: number, direction: Direction): string {
  return `_l${layer}` + (direction === 'reverse' ? '_reverse' : '');
}

export function planNet(spec: RnnSpec): NetPlan {
  const { cell: cellType, bidirectional, dtype } = fullSpec(spec);
  const directions: Direction[] = bidirectional ? ['forward', 'reverse'] : ['forward'];
  const tensors: PlannedTensor[] = [];
  let offset = 0;
  const place = (list: readonly CellTensor[], suffix: string, torchPrefix: string, torchSuffix: string, fan: number) => {
    const start = offset;
    for (const t of list) {
      tensors.push({ ...t, name: t.name + suffix, torchName: torchPrefix + t.pytorch + torchSuffix, offset, pytorchBound: 1 / Math.sqrt(fan) });
      offset += t.shape[0] * t.shape[1];
    }
    return start;
  };
  const embedding = spec.embeddingSize ? new Embedding(spec.inputSize, spec.embeddingSize) : null;
  // nn.Embedding's default init is N(0, 1); pytorchBound is not used for it (init.ts).
  const embeddingOffset = embedding ? place(embedding.tensors, '', 'embedding.', '', 1) : 0;
  let inputSize = embedding ? embedding.size : spec.inputSize;
  const layers = hiddenSizes(spec).map((hiddenSize, index): LayerPlan => {
    const cells = directions.map((direction) => createCell(cellType, { inputSize, hiddenSize, bias: spec.bias, direction, dtype }));
    const paramOffsets = cells.map((c) => place(c.tensors, tensorSuffix(index, c.shape.direction), 'rnn.', torchSuffix(index, c.shape.direction), hiddenSize));
    const layer: LayerPlan = {
      cells, paramOffsets, inputSize,
      outputSize: bidirectional === 'concat' ? 2 * hiddenSize : hiddenSize,
      combine: bidirectional === false ? 'none' : bidirectional,
    };
    inputSize = layer.outputSize;
    return layer;
  });
  const head = new Head({
    netType: spec.netType, outputMode: spec.outputMode, featureSize: inputSize, outputSize: spec.outputSize, bias: spec.bias,
  });
  const headOffset = place(head.tensors, '', 'head.', '', inputSize);
  const innerSizes = [...new Set([...(embedding ? [spec.inputSize, embedding.size] : []), ...layers.flatMap((l) => l.cells.flatMap((c) => c.innerSizes)), inputSize, spec.outputSize])];
  return { embedding, embeddingOffset, layers, head, headOffset, tensors, parameterCount: offset, innerSizes, dtype, dropout: spec.dropout ?? 0 };
}
