/**
 * A learned embedding of the input tokens (model.embedding), before the first layer: PyTorch's
 * nn.Embedding on one-hot input. Each step's input is a token's one-hot vector over the vocabulary
 * (the sequences data source), so its embedding is the product with the table:
 *
 *   forward:   e_t = x_t·E            E [vocabulary][size], the row of the token (nn.Embedding's weight, same layout)
 *   backward:  dE = Σ_t x_tᵀ·de_t     (the rows of the tokens seen, as nn.Embedding's gradient)
 *
 * The unknown token <unk> is an all-zero one-hot vector, so its embedding is the zero vector (PyTorch:
 * nn.Embedding(vocabulary + 1, size, padding_idx=0) with <unk> as id 0). Padded steps hold zero input
 * (BatchEngine zeroes it) and receive zero gradient, so they add nothing. One product each way over
 * all steps and rows keeps it on the kernels; its cost grows with the vocabulary (fine for characters,
 * ≈ 60; a word vocabulary would want a row gather instead).
 */
import type { Kernels } from '../tensor/kernels.js';
import type { CellTensor } from './cells/cell.js';

/** Element offsets of what the embedding touches for one block of rows. */
export interface EmbeddingBlock {
  /** [T][rows][vocabulary] the one-hot input (read only). */ input: number;
  /** [T][rows][size] the embedded sequence: the first layer's input. */ output: number;
  /** [T][rows][size] ∂loss/∂embedding, written by the first layer's backward. */ dOutput: number;
  /** E [vocabulary][size]. */ params: number;
  /** Its gradient (backward adds to it). */ grads: number;
}

export class Embedding {
  readonly tensors: readonly CellTensor[];
  readonly parameterCount: number;

  constructor(readonly vocabulary: number, readonly size: number) {
    this.tensors = [{ name: 'E', shape: [vocabulary, size], role: 'embedding', pytorch: 'weight' }];
    this.parameterCount = vocabulary * size;
  }

  forward(k: Kernels, at: EmbeddingBlock, timesteps: number, rows: number): void {
    k.mm(at.input, at.params, at.output, timesteps * rows, this.vocabulary, this.size, false);
  }

  backward(k: Kernels, at: EmbeddingBlock, timesteps: number, rows: number): void {
    k.mmTA(at.input, at.dOutput, at.grads, timesteps * rows, this.vocabulary, this.size);
  }
}
