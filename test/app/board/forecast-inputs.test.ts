/**
 * The forecast view reads the data file a run's dataset.json names, and horizons from its
 * experiment.resolved.json: both come from an untrusted run folder (issue 28). Seen: /dev/zero grew
 * the board to 8.6 GB, a FIFO hung every request, `horizons: [1, 2, 100000]` overflowed the heap.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { MAX_FORECAST_DATA_BYTES, MAX_FORECAST_HORIZON, testYearForecast } from '../../../src/app/board/predictions.js';

/** A PM2.5 value run folder whose dataset.json names `dataFile`. */
function pm25Run(dataFile: string, horizons: unknown = [1, 2]): string {
  const dir = tempDir('rnnflow-forecast-input-');
  mkdirSync(join(dir, 'params'));
  writeFileSync(join(dir, 'summary.json'), '{"name":"pm25","status":"completed"}');
  writeFileSync(join(dir, 'experiment.resolved.json'), JSON.stringify({ data: { name: 'pm25', target: 'value', horizons } }));
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ file: dataFile }));
  return dir;
}

async function refusal(dir: string): Promise<string> {
  try {
    await testYearForecast(dir);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no refusal');
}

describe('forecast view: the data file and the numbers a run folder gives', function () {
  this.timeout(30_000);
  const scratch = tempDir('rnnflow-forecast-files-');

  it('a FIFO, a device and a folder are refused as not files, without reading (a FIFO does not hang)', async () => {
    const fifo = join(scratch, 'pm25.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    expect(await refusal(pm25Run(fifo))).to.match(/pm25\.fifo \(the data file the run's dataset\.json names\): is a FIFO, not a file; no forecasts drawn/);
    expect(await refusal(pm25Run('/dev/zero'))).to.match(/\/dev\/zero .*: is a device or socket, not a file/);
    expect(await refusal(pm25Run(scratch))).to.match(/is a folder, not a file/);
  });

  it(`a file larger than ${MAX_FORECAST_DATA_BYTES} bytes is refused by its size, before it is read`, async () => {
    const big = join(scratch, 'big.csv');
    closeSync(openSync(big, 'w'));
    spawnSync('truncate', ['-s', String(MAX_FORECAST_DATA_BYTES + 1), big]); // sparse: no disk used
    expect(await refusal(pm25Run(big))).to.match(new RegExp(`big\\.csv .*: ${MAX_FORECAST_DATA_BYTES + 1} bytes, more than the ${MAX_FORECAST_DATA_BYTES}`));
  });

  it('horizons outside 1 … 72 (or not whole numbers) are one clear refusal naming the file, not a heap overflow', async () => {
    expect(MAX_FORECAST_HORIZON).to.equal(72); // the experiment schema's maximum for data.horizons
    for (const horizons of [[1, 2, 100000], [0], [1.5], ['4'], 'all']) {
      const message = await refusal(pm25Run('/nonexistent.csv', horizons));
      expect(message, JSON.stringify(horizons)).to.match(/experiment\.resolved\.json: data\.horizons .*: each horizon is a whole number of hours 1 … 72 .*refused/);
    }
  });
});
