/** Fixtures of the sequences tests: a `sequences` data config and a file of samples in a fresh folder. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SequencesData } from '../../src/config/types.js';
import { loadDataset } from '../../src/data/index.js';
import type { SequenceSet } from '../../src/data/types.js';
import { packageDir, tempExperimentDir } from './context.js';

/** The schema's defaults, with `over` on top. */
export function sequencesConfig(over: Partial<SequencesData> = {}): SequencesData {
  return {
    name: 'sequences', file: 'samples.tsv', format: 'auto', textColumn: 'text', labelColumn: 'label', tokens: 'characters',
    stripAccents: false, lowerCase: false, dropDuplicates: false, tooLong: 'error', task: 'classes',
    validationFraction: 0.1, testFraction: 0.1, stratify: false, batching: 'buckets', ...over,
  };
}

/** Writes `content` as `name` in a fresh folder and loads it. */
export function loadSequenceFile(name: string, content: string | Uint8Array, over: Partial<SequencesData> = {}, seed = 1): SequenceSet {
  const dir = tempExperimentDir();
  writeFileSync(join(dir, name), content);
  return loadDataset(sequencesConfig({ file: name, ...over }), { seed, baseDir: dir, packageDir });
}

/** The book's names, prepared as experiments/names.json5 does. */
export function namesConfig(over: Partial<SequencesData> = {}): SequencesData {
  return sequencesConfig({
    file: 'data/names.tsv.gz', stripAccents: true, lowerCase: true, keep: "abcdefghijklmnopqrstuvwxyz ,'", dropDuplicates: true, stratify: true, ...over,
  });
}

/** n lines "w<i><TAB>label": words from a few letters, labels a and b alternating. */
export function tsvOf(rows: [string, string][]): string {
  return ['text\tlabel', ...rows.map(([t, l]) => `${t}\t${l}`)].join('\n') + '\n';
}
