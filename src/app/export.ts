/**
 * `rnnflow export`: a finished run's parameters as a file another framework loads: safetensors in
 * the torch layout (model/torch-file.ts), or a whole ONNX model (onnx/onnx-export.ts). The run's
 * parameter file holds the spec, so a run folder copied without its data still exports.
 */
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UserError } from '../core/errors.js';
import { refuseToOverwrite } from '../core/output-file.js';
import { readRunParams } from '../run-folder/index.js';
import { Rnn } from '../model/rnn.js';
import type { SafetensorsDtype } from '../model/safetensors.js';
import { torchSafetensors } from '../model/torch-file.js';
import { onnxModel } from './onnx/onnx-export.js';
import type { OnnxOps } from './onnx/scan-graph.js';

export interface ExportOptions {
  /** Which parameter file of the run: params/<params>.json. */
  params: string;
  format: 'safetensors' | 'onnx';
  dtype: 'float64' | 'float32';
  out: string;
  overwrite?: boolean;
  /** ONNX only: each layer a Scan (default), or ONNX's RNN/LSTM/GRU ops (float32 only; onnx/native-layer.ts). */
  onnxOps?: OnnxOps;
}

/** Writes the file and returns what went into it (tensor names, or the ONNX model's inputs). */
export function exportRun(runDir: string, opts: ExportOptions): { file: string; tensors: string[]; bytes: number } {
  if (!['safetensors', 'onnx'].includes(opts.format)) throw new UserError(`--format ${String(opts.format)}: unknown; use safetensors or onnx`);
  if (!['float32', 'float64'].includes(opts.dtype)) throw new UserError(`--dtype ${String(opts.dtype)}: unknown; use float32 or float64`);
  if (opts.onnxOps !== undefined && !['scan', 'native'].includes(opts.onnxOps)) throw new UserError(`--onnx-ops ${String(opts.onnxOps)}: unknown; use scan or native`);
  if (opts.onnxOps === 'native' && opts.format !== 'onnx') throw new UserError(`--onnx-ops native is for --format onnx; a ${opts.format} file holds weights only`);
  refuseToOverwrite(opts.out, opts.overwrite);
  const params = readRunParams(runDir, opts.params);
  const net = new Rnn(params.spec);
  net.params.copyFrom(params);
  if (opts.format === 'onnx') {
    const { bytes, inputs } = onnxModel(runDir, net, opts.params, opts.dtype, opts.onnxOps ?? 'scan');
    writeFileAtomic(opts.out, bytes);
    return { file: opts.out, tensors: inputs, bytes: bytes.length };
  }
  const dtype: SafetensorsDtype = opts.dtype === 'float32' ? 'F32' : 'F64';
  const { bytes, names } = torchSafetensors(net, { dtype, metadata: { 'rnnflow.run': basename(resolve(runDir)), 'rnnflow.params': opts.params } });
  writeFileAtomic(opts.out, bytes);
  return { file: opts.out, tensors: names, bytes: bytes.length };
}
