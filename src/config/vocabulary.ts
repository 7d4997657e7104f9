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

/** false: one direction; concat: both directions side by side (PyTorch); sum: their sum (the book's §19.7). */
export type Bidirectional = false | 'concat' | 'sum';
export const BIDIRECTIONAL_MODES: readonly Bidirectional[] = [false, 'concat', 'sum'];

/**
 * book: the book's choice for the cell: for Elman a Gaussian with std 1/√fan_in for U, W, V and zero
 * biases (the chapter's); LSTM and GRU have no rule in the book, so book gives pytorch for them;
 * pytorch: PyTorch's default, every tensor uniform in ±1/√hidden (the head ±1/√fan_in, as nn.Linear);
 * xavier: weights uniform in ±√(6/(fan_in+fan_out)), zero biases; zero: everything 0 (tests, demos).
 */
export type InitScheme = 'book' | 'pytorch' | 'xavier' | 'zero';
export const INIT_SCHEMES: readonly InitScheme[] = ['book', 'pytorch', 'xavier', 'zero'];

export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
