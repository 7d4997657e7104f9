/** Loading an experiment from code, from another working directory: packageDir finds the shipped files. */
import { expect } from 'chai';
import { loadExperimentFile, packageDir } from '../../src/index.js';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

describe('loadExperimentFile from code', () => {
  it('resolves a relative path from the working directory, and packageDir reaches the shipped files from anywhere', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tempDir());
      expect(() => loadExperimentFile('experiments/echo.json5')).to.throw(/no such file: .*rnnflow-test-.*experiments\/echo\.json5/);
      const { experiment, source } = loadExperimentFile(join(packageDir, 'experiments/echo.json5'));
      expect(experiment.name).to.equal('echo');
      expect(source.baseDir).to.equal(join(packageDir, 'experiments'));
    } finally {
      process.chdir(cwd);
    }
  });
});
