/**
 * A run as an ONNX model: the net's Scan graph (scan-graph.ts) plus what a user needs to feed it the
 * way `rnnflow predict` does, in metadata_props: the run's id, the code version and the spec, the
 * input preparation and output meaning as keys of their own (input-metadata.ts), and, for
 * completeness, the experiment's data section and dataset.json as JSON. The run folder is read
 * through its checked readers (run-folder/); a folder holding only params/ still exports, without
 * the input keys.
 */
import { basename, resolve } from 'node:path';
import { codeVersion } from '../../core/code-version.js';
import type { DataConfig } from '../../config/types.js';
import type { Rnn } from '../../model/rnn.js';
import { readDatasetFacts, readResolvedExperiment, runFiles } from '../../run-folder/index.js';
import { validateExperiment } from '../experiment-file.js';
import { encodeModel, type OnnxDtype } from './graph-builder.js';
import { inputMetadata } from './input-metadata.js';
import { scanGraph, type OnnxOps } from './scan-graph.js';

/** The run's data section, checked as the experiment it is part of; undefined for a folder without experiment.resolved.json. */
function runData(runDir: string): DataConfig | undefined {
  const doc = readResolvedExperiment(runDir);
  if (!doc) return undefined;
  return validateExperiment(doc, { file: runFiles(runDir).experiment, baseDir: runDir }).data;
}

export function onnxModel(runDir: string, net: Rnn, params: string, dtype: OnnxDtype, ops: OnnxOps = 'scan'): { bytes: Uint8Array; inputs: string[] } {
  const data = runData(runDir);
  // Variable lengths are a property of the run's data: its sequences data (text) has them.
  const lengths = data?.name === 'sequences';
  const graph = scanGraph(net.spec, net.params, { dtype, lengths, ops }).graph();
  const metadata: Record<string, string> = {
    'rnnflow.run': basename(resolve(runDir)),
    'rnnflow.params': params,
    'rnnflow.code_version': codeVersion(),
    'rnnflow.spec': JSON.stringify(net.spec),
  };
  const facts = readDatasetFacts(runDir);
  if (data) {
    metadata['rnnflow.data'] = JSON.stringify(data);
    if (facts) Object.assign(metadata, inputMetadata(data, facts, runFiles(runDir).dataset, net.spec));
  }
  // The data file's base name only: a model that leaves the machine should not carry its folder layout.
  if (facts) metadata['rnnflow.dataset'] = JSON.stringify(withFileBaseName(facts));
  return { bytes: encodeModel(graph, metadata, codeVersion()), inputs: lengths ? ['x', 'lengths'] : ['x'] };
}

/** dataset.json's facts with `file` cut to its base name (the training machine's path stays there). */
function withFileBaseName<T extends object>(facts: T): T {
  const file = (facts as { file?: unknown }).file;
  return typeof file === 'string' ? { ...facts, file: basename(file) } : facts;
}
