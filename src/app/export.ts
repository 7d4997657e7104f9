/**
 * `rnnflow export`: a finished run's parameters as a file another framework loads. Today one format,
 * safetensors in the torch layout (see model/torch-file.ts); the run's parameter file alone is read
 * (it holds the spec), so a run folder copied without its data still exports.
 */
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { refuseToOverwrite } from '../core/output-file.js';
import { readRunParams } from '../run-folder/index.js';
import { Rnn } from '../model/rnn.js';
import type { SafetensorsDtype } from '../model/safetensors.js';
import { torchSafetensors } from '../model/torch-file.js';

export interface ExportOptions {
  /** Which parameter file of the run: params/<params>.json. */
  params: string;
  format: 'safetensors';
  dtype: 'float64' | 'float32';
  out: string;
  overwrite?: boolean;
}

/** Writes the file and returns what went into it. */
export function exportRun(runDir: string, opts: ExportOptions): { file: string; tensors: string[]; bytes: number } {
  refuseToOverwrite(opts.out, opts.overwrite);
  const params = readRunParams(runDir, opts.params);
  const net = new Rnn(params.spec);
  net.params.copyFrom(params);
  const dtype: SafetensorsDtype = opts.dtype === 'float32' ? 'F32' : 'F64';
  const { bytes, names } = torchSafetensors(net, { dtype, metadata: { 'rnnflow.run': basename(resolve(runDir)), 'rnnflow.params': opts.params } });
  writeFileAtomic(opts.out, bytes);
  return { file: opts.out, tensors: names, bytes: bytes.length };
}
