import { expect } from 'chai';
import { decodeStateFile, encodeStateFile } from '../../src/train/training-state.js';

/** A state file whose parts are present; only its parameters matter here. */
function stateText(params: Float64Array): string {
  const state = { params, position: { iteration: 7 }, progress: {}, optimizer: {}, policy: {} };
  return encodeStateFile({ experimentId: 'abc', codeVersion: 'v', state } as unknown as Parameters<typeof encodeStateFile>[0]);
}

describe('a training state with NaN parameters', () => {
  it('is refused as damaged, naming the parameter, instead of training on and blaming the learning rate', () => {
    expect(() => decodeStateFile(stateText(new Float64Array([0.5, Number.NaN, 1])))).to.throw(/parameter 1 .*is NaN.*damaged/);
    expect(() => decodeStateFile(stateText(new Float64Array([Number.POSITIVE_INFINITY])))).to.throw(/parameter 0 .*is Infinity.*damaged/);
  });

  it('finite parameters decode as they were saved', () => {
    expect([...decodeStateFile(stateText(new Float64Array([0.5, -2, 1e-300]))).state.params]).to.deep.equal([0.5, -2, 1e-300]);
  });
});
