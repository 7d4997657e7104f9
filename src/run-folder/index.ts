/**
 * The run folder's contract: its reader and writer of record. The sinks write through it, and the
 * board, resume, sweeps, the queue, eval, predict and export read through it; no other file parses
 * these files (test/run-folder/readers.test.ts feeds every reader the same folders).
 *
 * Why a floor of its own, just above events/: the file names and the event line codec are what the
 * sinks (a floor up) write and what app/ (the top) reads, so it must sit below both; it builds on the
 * events it encodes (events/), the parameter format (model/) and the experiment's types (config/), and
 * train/ needs nothing of it. core/run-folder.ts only makes a new folder's name.
 */
export * from './files.js';
export * from './folder-access.js';
export * from './event-line.js';
export * from './event-reader.js';
export * from './json-files.js';
export * from './metrics-csv.js';
export * from './params-files.js';
export * from './sweep-files.js';
