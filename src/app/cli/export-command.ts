/** `rnnflow export <run dir>`: a run's parameters as a file PyTorch loads, or an ONNX model (app/export.ts). */
import { Option, type Command } from 'commander';
import { warnIfFinalBeatsBest } from '../final-beats-best.js';
import { resolveRun } from '../runs.js';

export function addExportCommand(program: Command): void {
  program.command('export')
    .description('write a run\'s parameters for PyTorch (safetensors in the state_dict layout) or the whole model for ONNX Runtime (onnx: docs/export.md)')
    .argument('<run>', 'a run folder (holds params/), or its parent (runs/<name>: the latest run), or a sweep folder (its best trial)')
    .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final', 'init', 'interrupted']).default('best'))
    .addOption(new Option('--format <format>', 'file format').choices(['safetensors', 'onnx']).default('safetensors'))
    .addOption(new Option('--dtype <dtype>', 'number type in the file').choices(['float64', 'float32']).default('float64'))
    .addOption(new Option('--onnx-ops <ops>', 'onnx: each layer a Scan of the cell\'s equations (both dtypes), or ONNX\'s own RNN/LSTM/GRU ops (float32 only)').choices(['scan', 'native']))
    .requiredOption('--out <file>', 'the file to write, e.g. model.safetensors or model.onnx')
    .option('--overwrite', 'replace --out if it exists (by default an existing file is never replaced)')
    .addHelpText('after', `
Example:
  npx rnnflow export runs/minus/2026-11-27T10-00-00-seed1 --params best --format safetensors --out minus.safetensors
  npx rnnflow export runs/minus --format onnx --dtype float32 --out minus.onnx
  npx rnnflow export runs/minus --format onnx --dtype float32 --onnx-ops native --out minus-native.onnx
In PyTorch: safetensors.torch.load_file("minus.safetensors") (docs/predict-export.md: "Weights to and from PyTorch").`)
    .action(async (path: string, opts) => {
      const { exportRun } = await import('../export.js');
      const runDir = resolveRun(path, { command: 'export' });
      const r = exportRun(runDir, opts);
      warnIfFinalBeatsBest(runDir, opts.params, 'export');
      process.stdout.write(opts.format === 'onnx'
        ? `${r.file}: ONNX model (opset 17, ${opts.dtype as string}), inputs ${r.tensors.join(', ')}, output y, ${r.bytes} bytes\n`
        : `${r.file}: ${r.tensors.length} tensors (${r.tensors.join(', ')}), ${r.bytes} bytes\n`);
      process.exitCode = 0;
    });
}
