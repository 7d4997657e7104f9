/**
 * A run as an ONNX model: the net's Scan graph (scan-graph.ts) plus what a user needs to feed it the
 * way `rnnflow predict` does, in metadata_props: the run's id, the code version, the spec, the
 * experiment's data section (feature order, windowing) and the preparation constants of dataset.json
 * (normalisation constants, vocabulary), each as JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { codeVersion } from '../../core/code-version.js';
import type { Rnn } from '../../model/rnn.js';
import { encodeModel, type OnnxDtype } from './graph-builder.js';
import { scanGraph } from './scan-graph.js';

/** Whether the run's data has variable lengths: its sequences data (text) does. */
export function runHasLengths(runDir: string): boolean {
  return experimentData(runDir)?.name === 'sequences';
}

function experimentData(runDir: string): { name?: string } | undefined {
  const file = join(runDir, 'experiment.resolved.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { data?: { name?: string } }).data;
}

export function onnxModel(runDir: string, net: Rnn, params: string, dtype: OnnxDtype): { bytes: Uint8Array; inputs: string[] } {
  const lengths = runHasLengths(runDir);
  const graph = scanGraph(net.spec, net.params, { dtype, lengths }).graph();
  const datasetFile = join(runDir, 'dataset.json');
  const metadata: Record<string, string> = {
    'rnnflow.run': basename(resolve(runDir)),
    'rnnflow.params': params,
    'rnnflow.code_version': codeVersion(),
    'rnnflow.spec': JSON.stringify(net.spec),
  };
  const data = experimentData(runDir);
  if (data) metadata['rnnflow.data'] = JSON.stringify(data);
  if (existsSync(datasetFile)) metadata['rnnflow.dataset'] = readFileSync(datasetFile, 'utf8');
  return { bytes: encodeModel(graph, metadata, codeVersion()), inputs: lengths ? ['x', 'lengths'] : ['x'] };
}
