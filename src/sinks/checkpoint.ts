/** params/{init,best,final,interrupted}.json in the engine's parameter format, each written atomically. */
import { runFiles } from '../run-folder/index.js';
import { saveParams } from '../model/param-file.js';
import type { Sink, SinkContext } from './sink.js';

export function createCheckpointSink(ctx: SinkContext): Sink {
  return {
    name: 'checkpoint',
    next(e) {
      if (e.type !== 'checkpoint') return;
      saveParams(runFiles(ctx.runDir).paramsOf(e.kind), e.params, {
        kind: e.kind, experiment: ctx.experiment.name, seed: ctx.experiment.seed, epoch: e.epoch, iteration: e.iteration,
        ...(e.validationLoss !== undefined ? { validationLoss: e.validationLoss } : {}),
      });
    },
    async close() {},
  };
}
