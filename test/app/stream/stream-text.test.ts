import { expect } from 'chai';
import { join } from 'node:path';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { loadRun, type RunModel } from '../../../src/app/predict/run-model.js';
import type { StreamPrediction } from '../../../src/app/predict/stream/types.js';
import type { TextPredictions } from '../../../src/app/predict/text-model.js';
import { root } from '../../helpers/cli.js';
import { runCollecting } from '../../helpers/run.js';

const NAMES = ['Nakamura', 'Müller', "O'Neill", 'Zhang', 'Dvořák', 'Abe'];

describe('stream: a names run (variable-length text, §19.5) reads one character at a time', function () {
  this.timeout(600_000); // one tiny training run
  let model: RunModel;
  before(async () => {
    const { runDir } = await runCollecting({
      name: 'stream-names', seed: 1,
      data: { name: 'sequences', file: join(root, 'data', 'names.tsv.gz'), stripAccents: true, lowerCase: true, keep: "abcdefghijklmnopqrstuvwxyz ,'", stratify: true },
      model: { netType: 'multiclass', outputMode: 'last', cell: 'gru', hiddenSize: 8 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 64, maxEpochs: 1 },
      sinks: ['checkpoint'],
    });
    model = await loadRun(runDir);
  });

  it('after a name\'s last character its prediction is predict\'s on the whole name; after each character, predict\'s on the name so far', async () => {
    const whole = model.predict(NAMES, { top: 18 }) as TextPredictions;
    for (const [i, name] of NAMES.entries()) {
      const streamed = await lastValueFrom(from([...name]).pipe(model.stream({ top: 18 }), toArray()));
      const last = streamed.at(-1)!;
      expect(last.top, name).to.deep.equal(whole.rows[i].top);
      // One prediction per character the run reads (the apostrophe is in its alphabet; "ř" reads as "r").
      expect(streamed.map((p) => p.token)).to.deep.equal(whole.rows[i].tokens);
      const prefixes = whole.rows[i].tokens.map((_, k) => whole.rows[i].tokens.slice(0, k + 1).join(''));
      const each = model.predict(prefixes, { top: 18 }) as TextPredictions;
      expect(streamed.map((p) => p.top)).to.deep.equal(each.rows.map((r) => r.top));
    }
  });

  it('keyed names and resets do not mix states; text to a row run and a row to a text run are refused', async () => {
    // Two names typed at once, character by character, each with its sender (options.fields) as the key.
    const [a, b] = ['Nakamura', 'Zhang'];
    const typed = Array.from({ length: Math.max(a.length, b.length) }, (_, k) => [
      ...(k < a.length ? [{ text: a[k], user: 'a' }] : []), ...(k < b.length ? [{ text: b[k], user: 'b' }] : []),
    ]).flat();
    const keyed = await lastValueFrom(from(typed).pipe(model.stream({ key: (o) => String((o as { user: string }).user), fields: ['user'] }), toArray()));
    const whole = model.predict([a, b], { top: 3 }) as TextPredictions;
    expect(keyed.filter((p) => p.key === 'a').at(-1)!.top).to.deep.equal(whole.rows[0].top);
    expect(keyed.filter((p) => p.key === 'b').at(-1)!.top).to.deep.equal(whole.rows[1].top);
    // A reset between names: the second name's predictions are its own.
    const reset = new Subject<void>(), got: StreamPrediction[] = [], chars = new Subject<string>();
    chars.pipe(model.stream({ reset })).subscribe((p) => got.push(p));
    [...a].forEach((c) => chars.next(c));
    reset.next();
    [...b].forEach((c) => chars.next(c));
    expect(got.at(-1)!.top).to.deep.equal(whole.rows[1].top);
    expect(got.at(-1)!.step).to.equal(b.length);
    const errorOf = (o: unknown) => lastValueFrom(from([o as string]).pipe(model.stream(), toArray())).then(() => '', (e: Error) => e.message);
    expect(await errorOf(7)).to.equal('stream, observation 1: this run reads text (a character or a word per observation), got number');
    expect(await errorOf({ text: 'a', user: 'x' })).to.equal('stream, observation 1: unknown field "user"; a text run reads "text" (options.fields adds fields for the key)');
    expect(await errorOf({ text: 3 })).to.equal('stream, observation 1, field "text": expected text, got number');
  });
});
