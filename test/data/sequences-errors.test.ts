/** Bad sequence files: each one stops the load with one line naming the file, the line and the fix (a UserError: exit 2). */
import { expect } from 'chai';
import { UserError } from '../../src/core/errors.js';
import type { SequencesData } from '../../src/config/types.js';
import { loadSequenceFile, tsvOf } from './sequences-context.js';

const good: [string, string][] = Array.from({ length: 20 }, (_, i) => [['ab', 'bca', 'c', 'abc'][i % 4], i % 2 ? 'p' : 'q']);

function failure(name: string, content: string | Uint8Array, over: Partial<SequencesData> = {}): string {
  try {
    loadSequenceFile(name, content, over);
  } catch (e) {
    expect(e).to.be.instanceOf(UserError);
    expect((e as UserError).exitCode).to.equal(2);
    const message = (e as Error).message;
    expect(message.split('\n'), 'one line').to.have.length(1);
    expect(message.startsWith('/') && message.includes(name), 'names the file').to.equal(true);
    return message;
  }
  throw new Error('no error');
}

describe('sequences: bad input', () => {
  it('an empty sequence (after preparation, too)', () => {
    const rows = good.slice();
    rows[5] = ['', 'p'];
    expect(failure('s.tsv', tsvOf(rows))).to.match(/line 7: the sequence is empty; remove the line/);
    rows[5] = ['123', 'p'];
    expect(failure('s.tsv', tsvOf(rows), { keep: 'abc' })).to.match(/line 7: the sequence is empty after preparation \(data\.keep.*"123"\)/);
  });

  it('a sequence longer than data.maxLength', () => {
    expect(failure('s.tsv', tsvOf(good), { maxLength: 2 })).to.match(/line 3: the sequence has 3 steps, more than data\.maxLength 2; raise data\.maxLength.*data\.tooLong to "cut"/);
  });

  it('a label never seen in training', () => {
    const rows = good.concat([['abc', 'lonely']]);
    expect(failure('s.tsv', tsvOf(rows), { stratify: true })).to.match(/line 22: label "lonely" never occurs in the training split \(its labels: p, q\); add training samples with it or remove its lines/);
  });

  it('an empty line', () => {
    const text = tsvOf(good).replace('\nbca\tp\n', '\nbca\tp\n\n');
    expect(failure('s.tsv', text)).to.match(/line 4 is empty; remove it/);
    const jsonl = good.map(([t, l]) => JSON.stringify({ text: t, label: l })).join('\n').replace('\n', '\n\n') + '\n';
    expect(failure('s.jsonl', jsonl)).to.match(/line 2 is empty/);
  });

  it('a line with the wrong number of fields', () => {
    const text = tsvOf(good).replace('\nbca\tp\n', '\nbca\tp\textra\n');
    expect(failure('s.tsv', text)).to.match(/line 3 has 3 fields, the header has 2/);
    const csv = ['text,label', ...good.map(([t, l]) => `${t},${l}`)].join('\n').replace('\nc,q', '\nc,d,q') + '\n';
    expect(failure('s.csv', csv)).to.match(/line 4 has 3 fields, the header has 2; put a field holding a comma in double quotes/);
    expect(failure('s.tsv', 'name\tlabel\nab\tp\n')).to.match(/line 1 \(the header\) has no text column "text".*"name", "label"\. Set data\.textColumn/);
  });

  it('bytes that are not UTF-8', () => {
    const text = Buffer.from(tsvOf(good), 'utf8');
    const at = text.indexOf("bca"); // the start of line 3
    const latin1 = Buffer.concat([text.subarray(0, at), Buffer.from([0x4d, 0xfc, 0x6c]), text.subarray(at)]);
    expect(failure('s.tsv', latin1)).to.match(/line 3 is not valid UTF-8 text; save the file as UTF-8/);
  });

  it('a vocabulary of one token', () => {
    const rows = good.map(([t, l]) => [t.replace(/./g, 'a'), l] as [string, string]);
    expect(failure('s.tsv', tsvOf(rows))).to.match(/the training split has a vocabulary of 1 token \("a"\).*Check data\.keep/);
  });

  it('JSON lines of the wrong form, and labels that do not match the steps', () => {
    expect(failure('s.jsonl', '{"text": "ab", "label": "p"}\n[1, 2]\n')).to.match(/line 2: expected an object/);
    expect(failure('s.jsonl', '{"text": "ab", "label": "p"}\n{"text": "ab"\n')).to.match(/line 2 is not valid JSON/);
    expect(failure('s.jsonl', '{"text": "ab", "tokens": ["a"], "label": "p"}\n')).to.match(/line 1: give exactly one of "text", "tokens" or "features" \(found "text", "tokens"\)/);
    expect(failure('s.jsonl', '{"features": [[1], [2]], "labels": ["p"]}\n')).to.match(/line 1 has 1 labels for 2 steps; give one label per step/);
    expect(failure('s.jsonl', '{"features": [[1], [2, 3]], "label": "p"}\n')).to.match(/line 1, step 2 has 2 features where line 1 has 1/);
  });
});
