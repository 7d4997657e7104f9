import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataFile } from '../../src/data/data-file.js';
import { tempDir } from '../helpers/cli.js';

describe('resolveDataFile', () => {
  it('data.file naming a folder says it is a folder (not "file not found") and names the path', () => {
    const dir = tempDir('rnnflow-datafile-');
    mkdirSync(join(dir, 'pm25'));
    expect(() => resolveDataFile('pm25', [dir])).to.throw(new RegExp(`${join(dir, 'pm25')}.*is a folder, not a file`));
    expect(() => resolveDataFile(join(dir, 'pm25'), [])).to.throw(/is a folder, not a file/);
  });

  it('a missing file is still "file not found", and a file is found', () => {
    const dir = tempDir('rnnflow-datafile-');
    expect(() => resolveDataFile('nope.csv', [dir])).to.throw(/file not found/);
    writeFileSync(join(dir, 'a.csv'), 'x\n1\n');
    expect(resolveDataFile('a.csv', [dir])).to.equal(join(dir, 'a.csv'));
  });
});
