/**
 * A net's parameters as a safetensors file in the torch layout (`rnn.weight_ih_l0` …, `head.weight`,
 * `head.bias`), which `safetensors.torch.load_file` reads into the PyTorch modules docs/predict-export.md shows,
 * and back: a file written by PyTorch (or by `rnnflow export`) starts a run.
 */
import { UserError } from '../core/errors.js';
import { nestedFromTensor, tensorFromNested, type NestedNumbers } from './nested-tensor.js';
import type { Rnn } from './rnn.js';
import type { TorchParameters } from './torch-layout.js';
import { encodeSafetensors, readSafetensorsFile, type SafetensorsDtype } from './safetensors.js';

/** The net's torch layout as safetensors bytes; metadata records the spec so the file explains itself. */
export function torchSafetensors(net: Rnn, options: { dtype?: SafetensorsDtype; metadata?: Record<string, string> } = {}): { bytes: Uint8Array; names: string[] } {
  const layout = net.getParameters({ layout: 'torch' });
  const tensors = new Map(Object.entries(layout).map(([name, value]) => [name, tensorFromNested(name, value)]));
  const bytes = encodeSafetensors(tensors, {
    dtype: options.dtype,
    // "format": "pt" is what safetensors.torch.save_file writes; the spec lets a reader rebuild the net.
    metadata: { format: 'pt', 'rnnflow.spec': JSON.stringify(net.spec), ...options.metadata },
  });
  return { bytes, names: [...tensors.keys()] };
}

/**
 * Sets the net's parameters from a safetensors file in the torch layout. A missing, extra or
 * misshapen tensor is an error naming the file and the tensor (through setParameters' own message).
 */
export function loadTorchSafetensors(net: Rnn, file: string): void {
  const { tensors } = readSafetensorsFile(file);
  // A tensor of the wrong rank (a scalar, a 3-D array) reaches setParameters as it is and is refused there by name.
  const layout: Record<string, NestedNumbers> = {};
  for (const [name, t] of tensors) layout[name] = nestedFromTensor(t);
  try {
    net.setParameters(layout as TorchParameters, { layout: 'torch' });
  } catch (e) {
    if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
    throw new UserError(`${file}: its tensors do not fit this net (${net.spec.cell ?? 'elman'}, hidden ${JSON.stringify(net.spec.hiddenSize)}): ${e.message}`);
  }
}
