import { expect } from 'chai';
import { Queue } from 'bullmq';
import { BULL_PREFIX, trialJobId, trialOfJob } from '../../../src/app/queue/redis.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';

describe('queue job ids', function () {
  this.timeout(60_000);
  let redis: TestRedis | undefined;

  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  after(async () => { await redis?.stop(); });

  it('a trial whose id is all decimal digits is queued (BullMQ refuses integer-looking custom ids) and its id comes back', async () => {
    const url = new URL(redis!.url);
    const queue = new Queue('job-id-test', { connection: { host: url.hostname, port: Number(url.port) }, prefix: BULL_PREFIX });
    try {
      // The bare id is what BullMQ refuses: the reason for trialJobId.
      let refused: Error | undefined;
      await queue.add('trial', {}, { jobId: '529549567402' }).catch((e: Error) => { refused = e; });
      expect(refused?.message).to.match(/cannot be integers/);
      for (const trial of ['529549567402', '0c32e82ac560', 'x1234567890a']) {
        const job = await queue.add('trial', {}, { jobId: trialJobId(trial) });
        expect(trialOfJob(job.id!)).to.equal(trial);
        expect((await queue.getJob(trialJobId(trial)))?.id).to.equal(job.id);
      }
    } finally {
      await queue.close();
    }
  });
});
