import { expect } from 'chai';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_WHOLE_DATA_BYTES, readDataBytes, resolveDataFile } from '../../src/data/data-file.js';
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

describe('readDataBytes: a file read whole is bounded, gunzipped or not', () => {
  const dir = tempDir('rnnflow-databytes-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a .gz that expands past the limit (a zip bomb) is refused before the memory is taken; one under it reads', () => {
    const bomb = join(dir, 'bomb.txt.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(1 << 20, 'a'))); // 1 KiB on disk, 1 MiB inside
    expect(() => readDataBytes(bomb, 100_000)).to.throw(`${bomb}: gunzips to more than rnnflow reads whole (100000 bytes); split the file`);
    expect(readDataBytes(bomb, 1 << 20).length).to.equal(1 << 20);
  });

  it('a plain file over the limit is refused by its size, naming it; the default limit fits a JS string', () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, Buffer.alloc(5000, 'x'));
    expect(() => readDataBytes(big, 4999)).to.throw(`${big}: is 5000 bytes, more than rnnflow reads whole (4999 bytes)`);
    expect(readDataBytes(big, 5000).length).to.equal(5000);
    // V8's longest string, in UTF-8 bytes of one byte a character at the most.
    expect(MAX_WHOLE_DATA_BYTES).to.be.at.most(2 ** 29 - 24);
  });
});
