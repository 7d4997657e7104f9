/**
 * The one interface every recurrent cell implements (Elman today; LSTM and GRU beside it). A cell
 * owns the maths of one layer in one direction: its parameter tensors, forward over a block of rows
 * for all T steps, and back-propagation through those steps. It owns no memory: everything it reads
 * and writes is a slice of the workspace's shared memory, named by a CellBlock, so any thread can run
 * any block. Sequencing across layers and directions, and the output head, live elsewhere
 * (layers.ts, head.ts).
 *
 * Conventions, the same for every cell:
 * - Sequences are time-major and contiguous, [T][rows][width]; rows ≤ BLOCK_ROWS.
 * - Products follow the chapter's row form, state·W: weights are stored [fan-in][gates·hidden],
 *   gates side by side in column blocks, so one product serves every gate of every row.
 * - A 'reverse' cell runs over the reversed sequence: its state at step t follows from step t + 1.
 *   Its states are still stored by time, so h_t of both directions sit at the same place.
 * - With row lengths (row-lengths.ts), a row's steps from its length on are padding: the cell writes
 *   zeros there (states and gradients), and a reverse cell starts each row at its own last step.
 */
import type { CellType } from '../../config/vocabulary.js';
import type { FloatArray } from '../../tensor/float-array.js';
import type { FloatType, Kernels } from '../../tensor/kernels.js';
import type { RowLengths } from './row-lengths.js';

export type { CellType } from '../../config/vocabulary.js';

export type Direction = 'forward' | 'reverse';

export type { FloatType } from '../../tensor/kernels.js';

/** What a cell is sized by. */
export interface CellShape {
  inputSize: number;
  hiddenSize: number;
  /** Whether the cell has bias vectors (false drops every bias, as the binary-subtraction net). */
  bias: boolean;
  direction: Direction;
  /** The arithmetic of the memory it is handed (default 'float64'): the kernels follow it, the cell's code does not change. */
  dtype?: FloatType;
}

/** One parameter tensor of a cell, in the cell's storage order. */
export interface CellTensor {
  /** The cell's own name for it (U, W, bu for the book's Elman cell). */
  name: string;
  /** [rows, cols]: [fan-in, fan-out] for weights, [1, width] for biases. */
  shape: [number, number];
  /** 'embedding': a lookup table [vocabulary][size], stored as PyTorch's nn.Embedding stores it (not transposed). */
  role: 'weight' | 'bias' | 'embedding';
  /** Its name in PyTorch's modules (torch-layout.ts): weights there are the transposes, [fan-out][fan-in]. */
  pytorch: TorchTensorName;
}

/** PyTorch's names for a recurrent layer's tensors (nn.RNN, nn.LSTM, nn.GRU) and nn.Linear's. */
export type TorchTensorName = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | 'weight' | 'bias';

/**
 * Which steps of a cell's state sequence receive a gradient from above: every step (a layer below
 * another, or an each-step head), or only the last step T (a last-step head reading h_T).
 */
export type GradientSteps = 'every-step' | 'last-step';

/** Marks a CellBlock buffer that does not exist (the first layer computes no ∂loss/∂input). */
export const NO_BUFFER = -1;

/** Element offsets into the shared memory of everything a cell touches for one block of rows. */
export interface CellBlock {
  /** [T][rows][input] the layer's input sequence (read only). */
  input: number;
  /** [T][rows][hidden] the states h_t, written by forward. */
  states: number;
  /** [T][rows][hidden] ∂loss/∂h_t from above at the steps GradientSteps names; backward overwrites it. */
  dStates: number;
  /** [T][rows][input] ∂loss/∂input written by backward, or NO_BUFFER. */
  dInput: number;
  /** The cell's own activations kept for backward, and its scratch: savedSize(T, BLOCK_ROWS) elements. */
  saved: number;
  /** The cell's first parameter; its tensors follow in storage order. */
  params: number;
  /** What prepare() derived from the parameters for this batch (transposes): preparedSize elements. */
  prepared: number;
  /** The cell's first gradient element (same order as params); backward adds to it. */
  grads: number;
}

/**
 * Element offsets of one step of a block of rows carried from step to step (model/step-net.ts): a
 * stream reads one observation at a time, so the state is handed in rather than starting at 0.
 */
export interface StepBlock {
  /** [rows][input] x_t (read only). */
  input: number;
  /** [rows][hidden] h_{t−1} on entry, h_t on return (0: the first step of a sequence). */
  state: number;
  /** [rows][hidden] the LSTM's c_{t−1} on entry, c_t on return; unused by the other cells. */
  memory: number;
  /** stepScratchSize(rows) elements. */
  scratch: number;
  /** As CellBlock: the cell's first parameter and what prepare() wrote. */
  params: number;
  prepared: number;
}

export interface Cell {
  readonly type: CellType;
  readonly floatType: FloatType;
  readonly shape: CellShape;
  /** The tensors in storage order; their sizes add up to parameterCount. */
  readonly tensors: readonly CellTensor[];
  readonly parameterCount: number;
  /** Elements derived from the parameters once per batch and shared by every block (see prepare). */
  readonly preparedSize: number;
  /** The inner sizes k of its A[m×k]·B[k×n] products, for kernels specialised to them. */
  readonly innerSizes: readonly number[];
  /** Elements of saved activations and scratch one block of `rows` rows needs over T steps. */
  savedSize(timesteps: number, rows: number): number;
  /** Derives the per-batch values (e.g. Wᵀ for backward, operands in the kernels' layout: prepareB) from the parameters at `params`, into `prepared`. */
  prepare(mem: FloatArray, k: Kernels, params: number, prepared: number): void;
  /** h_1 … h_T for the block's rows (h_0 = 0), saving what backward needs; 0 at padded steps. */
  forward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, lengths?: RowLengths): void;
  /** Elements of scratch one step of `rows` rows needs (step()). */
  stepScratchSize(rows: number): number;
  /**
   * One step from the state at `at` (a forward cell only): the same operations, in the same order,
   * as a step of forward, so a sequence stepped from a zero state gives forward's states bit for bit.
   */
  step(mem: FloatArray, k: Kernels, at: StepBlock, rows: number): void;
  /**
   * Back-propagation through time: from ∂loss/∂h (at the steps `arriving` names) adds the gradient
   * summed over rows and steps to `grads`, and writes ∂loss/∂input when dInput is a buffer.
   * Must follow this block's forward with the same parameters and lengths. Padded steps get 0.
   */
  backward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, arriving: GradientSteps, lengths?: RowLengths): void;
}

/** Σ of the tensors' sizes. */
export function countParameters(tensors: readonly CellTensor[]): number {
  return tensors.reduce((n, t) => n + t.shape[0] * t.shape[1], 0);
}
