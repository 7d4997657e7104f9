/** The cells by name: adding a cell type is one file in this folder and one line here. */
import type { Cell, CellShape, CellType } from './cell.js';
import { ElmanCell } from './elman.js';

const CELLS: Record<CellType, ((shape: CellShape) => Cell) | undefined> = {
  elman: (shape) => new ElmanCell(shape),
  lstm: undefined,
  gru: undefined,
};

export function createCell(type: CellType, shape: CellShape): Cell {
  const make = CELLS[type];
  if (!make) throw new RangeError(`cell ${JSON.stringify(type)} is not available; use one of ${Object.keys(CELLS).filter((k) => CELLS[k as CellType]).join(', ')}`);
  return make(shape);
}

export type { Cell, CellBlock, CellShape, CellTensor, CellType, Direction, FloatType, GradientSteps } from './cell.js';
export { NO_BUFFER } from './cell.js';
