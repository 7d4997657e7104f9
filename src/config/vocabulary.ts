/**
 * The words an experiment file and the model share: net types, output modes, initialisations and
 * optimizers. They live on the config floor so that config can name them without importing the model.
 */

/** regression: identity + ½ squared error; binary: logistic + BCE; multiclass: softmax + CE. */
export type NetType = 'regression' | 'binary' | 'multiclass';
/** each: a supervised output at every step; last: only at step T. */
export type OutputMode = 'each' | 'last';

export const NET_TYPES: readonly NetType[] = ['regression', 'binary', 'multiclass'];
export const OUTPUT_MODES: readonly OutputMode[] = ['each', 'last'];

/** elman: the book's generic RNN cell; lstm, gru: PyTorch's parameterisation (chapter 20). */
export type CellType = 'elman' | 'lstm' | 'gru';
export const CELL_TYPES: readonly CellType[] = ['elman', 'lstm', 'gru'];

/**
 * book: Gaussian with std 1/√fan_in for U, W, V and zero biases (the chapter's choice);
 * xavier: uniform in ±√(6/(fan_in+fan_out)), zero biases; zero: everything 0 (for tests and demos).
 */
export type InitScheme = 'book' | 'xavier' | 'zero';
export const INIT_SCHEMES: readonly InitScheme[] = ['book', 'xavier', 'zero'];

export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
