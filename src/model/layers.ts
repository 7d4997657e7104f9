/**
 * The layers of a net over one block of rows: a stack feeds each layer's state sequence to the next
 * (the book's deep RNN, §19.6); a bidirectional layer runs a forward and a reverse cell over the
 * same input and hands on both, concatenated per step (PyTorch) or summed (the book's §19.7).
 *
 *   forward:   for each layer, bottom up: each cell over the layer's input; combine the directions
 *   backward:  for each layer, top down: the gradient at its output goes to each direction (split
 *              for concat, the same for sum), each cell back-propagates through time, and the cells'
 *              ∂loss/∂input (added, when two) is the gradient at the output of the layer below.
 * T is the batch's step count; with row lengths each cell masks its rows' padded steps
 * (cells/row-lengths.ts), so the combined outputs and gradients are 0 there too.
 * With model.dropout each layer's combined output is dropped before it is handed on (dropout.ts), in
 * a training forward only; otherwise it is handed on as it is.
 */
import { addInto, concatColumns, copyRange, splitColumns } from '../tensor/columns.js';
import type { Kernels } from '../tensor/kernels.js';
import type { GradientSteps } from './cells/index.js';
import type { RowLengths } from './cells/row-lengths.js';
import { applyDropout, dropoutGradient } from './dropout.js';
import type { LayerPlan, NetPlan } from './net-plan.js';
import type { BlockLayout } from './workspace.js';
import type { FloatArray } from '../tensor/float-array.js';

/** A block's dropout in this forward: whether it applies (training), the batch's mask key, and the block's first row in the batch. */
export interface DropoutStep { on: boolean; key: number; firstRow: number }

export class LayerStack {
  constructor(private readonly plan: NetPlan) {}

  forward(mem: FloatArray, k: Kernels, block: BlockLayout, T: number, rows: number, lengths: RowLengths, drop: DropoutStep): void {
    this.plan.layers.forEach((layer, l) => {
      layer.cells.forEach((cell, d) => cell.forward(mem, k, block.cells[l][d], T, rows, lengths));
      const handed = block.layers[l], own = handed.dropout?.from ?? handed.output;
      if (layer.combine !== 'none') {
        const [f, r] = block.cells[l], h = layer.cells[0].shape.hiddenSize;
        if (layer.combine === 'concat') concatColumns(mem, f.states, h, r.states, h, own, T * rows);
        else addInto(mem, f.states, r.states, own, T * rows * h);
      }
      if (!handed.dropout) return;
      if (drop.on) applyDropout(mem, this.plan.dropout, drop.key, l, own, handed.dropout.mask, handed.output, T, rows, drop.firstRow, layer.outputSize);
      else copyRange(mem, own, handed.output, T * rows * layer.outputSize);
    });
  }

  /** `arriving`: the steps at which the top layer's output receives a gradient (from the head). */
  backward(mem: FloatArray, k: Kernels, block: BlockLayout, T: number, rows: number, arriving: GradientSteps, lengths: RowLengths, drop: DropoutStep): void {
    const layers = this.plan.layers;
    for (let l = layers.length - 1; l >= 0; l--) {
      const layer = layers[l], steps = l === layers.length - 1 ? arriving : 'every-step';
      const handed = block.layers[l];
      if (handed.dropout) {
        // Back through the mask (or the plain copy), at the steps that receive a gradient.
        const first = steps === 'every-step' ? 0 : T - 1, skip = first * rows * layer.outputSize, count = (T - first) * rows * layer.outputSize;
        if (drop.on) dropoutGradient(mem, handed.dOutput + skip, handed.dropout.mask + skip, handed.dropout.dFrom + skip, count);
        else copyRange(mem, handed.dOutput + skip, handed.dropout.dFrom + skip, count);
      }
      if (layer.combine !== 'none') this.splitGradient(mem, layer, block, l, T, rows, steps);
      layer.cells.forEach((cell, d) => cell.backward(mem, k, block.cells[l][d], T, rows, steps, lengths));
      const dBelow = l > 0 ? block.layers[l - 1].dOutput : block.embedding?.dOutput;
      if (dBelow !== undefined && layer.cells.length === 2) {
        const [f, r] = block.cells[l];
        addInto(mem, f.dInput, r.dInput, dBelow, T * rows * layer.inputSize);
      }
    }
  }

  /** ∂loss/∂output of a two-direction layer into each cell's dStates, at the steps that receive one. */
  private splitGradient(mem: FloatArray, layer: LayerPlan, block: BlockLayout, l: number, T: number, rows: number, steps: GradientSteps): void {
    const h = layer.cells[0].shape.hiddenSize;
    const [f, r] = block.cells[l], first = steps === 'every-step' ? 0 : T - 1, count = (T - first) * rows;
    const dOwn = block.layers[l].dropout?.dFrom ?? block.layers[l].dOutput;
    const src = dOwn + first * rows * layer.outputSize, skip = first * rows * h;
    if (layer.combine === 'concat') {
      splitColumns(mem, src, f.dStates + skip, h, r.dStates + skip, h, count);
    } else {
      copyRange(mem, src, f.dStates + skip, count * h);
      copyRange(mem, src, r.dStates + skip, count * h);
    }
  }
}
