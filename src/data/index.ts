/**
 * One entry point from an experiment's `data` section to its splits. Each dataset knows whether it
 * has labels per step: minus yes (a bit of a − b at every step); echo, pm25, csv and mnist-rows only at the last step;
 * sequences as its file says.
 */
import type { DataConfig } from '../config/types.js';
import { UserError } from '../core/errors.js';
import { loadCsv } from './csv.js';
import { loadEcho } from './echo.js';
import { minusSequences } from './minus.js';
import { loadMnistRows } from './mnist-rows.js';
import { loadPm25 } from './pm25/load.js';
import { loadSequences } from './sequences.js';
import type { DatasetContext, SequenceSet } from './types.js';

export function loadDataset(data: DataConfig, ctx: DatasetContext): SequenceSet {
  switch (data.name) {
    case 'echo': return loadEcho(data, ctx.seed);
    case 'minus': {
      // As the book does: every pair is trained on, validated and tested.
      const all = minusSequences(data.bits);
      return { train: all, validation: all, test: all, info: { bits: data.bits, pairs: all.size } };
    }
    case 'pm25': return loadPm25(data, ctx);
    case 'csv': return loadCsv(data, ctx);
    case 'mnist-rows': return loadMnistRows(data, ctx.seed);
    case 'sequences': return loadSequences(data, ctx);
    default: throw new UserError(`unknown dataset "${(data as { name: unknown }).name}"; known: echo, minus, pm25, csv, mnist-rows, sequences`);
  }
}

export type { DatasetContext, SequenceSet, SequenceSplit } from './types.js';
