/** The cells by name: adding a cell type is one file in this folder and one line here. */
import type { Cell, CellShape, CellType } from './cell.js';
import { ElmanCell } from './elman.js';
import { GruCell } from './gru.js';
import { LstmCell } from './lstm.js';

const CELLS: Record<CellType, (shape: CellShape) => Cell> = {
  elman: (shape) => new ElmanCell(shape),
  lstm: (shape) => new LstmCell(shape),
  gru: (shape) => new GruCell(shape),
};

export function createCell(type: CellType, shape: CellShape): Cell {
  const make = CELLS[type];
  if (!make) throw new RangeError(`cell ${JSON.stringify(type)} does not exist; use one of ${Object.keys(CELLS).join(', ')}`);
  return make(shape);
}

export type { Cell, CellBlock, CellShape, CellTensor, CellType, Direction, FloatType, GradientSteps, StepBlock } from './cell.js';
export { NO_BUFFER } from './cell.js';
