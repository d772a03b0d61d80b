// Bee-Queue, as an application runs it, against the server on the port given: jobs are added and
// delayed jobs raised by Lua scripts, taken with BRPOPLPUSH, finished in MULTI/EXEC, and their
// events travel over pub/sub to the queue that created them. Usage: node beequeue.mjs <port>

import Queue from 'bee-queue';
import {check, eventually, fail, finish, hangGuard, port, prefix, reportErrors, scenario, sleep, step} from './harness.mjs';

const redis = {host: '127.0.0.1', port: port()};
const keyPrefix = prefix('bq');
const queues = [];

async function open(name, settings = {}) {
  const queue = new Queue(name, {redis, prefix: keyPrefix, ...settings});
  queues.push(queue);
  reportErrors(queue, `queue ${name}`);
  await queue.ready();
  return queue;
}

/** A producer (no processing, listening to its jobs' events) and a worker on one queue. */
async function producerAndWorker(name) {
  const producer = await open(name, {isWorker: false, getEvents: true});
  // The worker raises delayed jobs (and retries with a backoff, which are delayed jobs).
  const worker = await open(name, {getEvents: false, activateDelayedJobs: true});
  return {producer, worker};
}

hangGuard(240);

await scenario('100 jobs with concurrency 5: each runs once, all succeed', async () => {
  const {producer, worker} = await producerAndWorker('bulk');
  const runs = new Map();
  let active = 0;
  let mostActive = 0;
  let succeeded = 0;
  worker.on('succeeded', () => succeeded++);
  worker.process(5, async (job) => {
    active++;
    mostActive = Math.max(mostActive, active);
    runs.set(job.data.n, (runs.get(job.data.n) || 0) + 1);
    await sleep(job.data.n % 3);
    active--;
    return job.data.n + 1;
  });
  const jobs = Array.from({length: 100}, (_, n) => producer.createJob({n}));
  const errors = await producer.saveAll(jobs);
  check(errors.size === 0, `saveAll failed for ${errors.size} jobs: ${[...errors.values()].map((e) => e.message)}`);
  await eventually(() => succeeded >= 100, `100 'succeeded' events (got ${succeeded})`, 120000);
  for (let n = 0; n < 100; n++) check(runs.get(n) === 1, `job ${n} ran ${runs.get(n) || 0} times`);
  check(mostActive <= 5, `${mostActive} jobs ran at once with concurrency 5`);
  const health = await producer.checkHealth();
  check(health.succeeded === 100 && health.waiting === 0 && health.active === 0 && health.failed === 0,
    `health ${JSON.stringify(health)}`);
  const stored = await producer.getJob(jobs[41].id);
  check(stored.status === 'succeeded', `job 41 is ${stored.status}`);
  step(`100 succeeded, at most ${mostActive} at once`);
});

await scenario('a job failing twice is retried with a fixed backoff and succeeds on its third attempt', async () => {
  const {producer, worker} = await producerAndWorker('retries');
  const attempts = [];
  const retrying = [];
  worker.process(async () => {
    attempts.push(Date.now());
    if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
    return 'third time lucky';
  });
  const job = producer.createJob({}).retries(2).backoff('fixed', 400);
  job.on('retrying', (error) => retrying.push(error.message));
  const result = new Promise((resolve, reject) => {
    job.on('succeeded', resolve);
    job.on('failed', reject);
  });
  await job.save();
  check(await Promise.race([result, sleep(60000).then(() => 'no result')]) === 'third time lucky', 'the job did not succeed');
  check(attempts.length === 3, `ran ${attempts.length} times`);
  check(retrying.join('|') === 'attempt 1 fails|attempt 2 fails', `'retrying' events ${JSON.stringify(retrying)}`);
  for (let i = 1; i < attempts.length; i++) {
    check(attempts[i] - attempts[i - 1] >= 400, `attempt ${i + 1} came ${attempts[i] - attempts[i - 1]} ms after the one before, inside the 400 ms backoff`);
  }
  const stored = await producer.getJob(job.id);
  check(stored.status === 'succeeded' && stored.options.retries === 0 && stored.options.stacktraces.length === 2,
    `stored job: ${stored.status}, retries left ${stored.options.retries}, ${stored.options.stacktraces.length} stack traces`);
});

await scenario('job events: progress, succeeded and failed reach the job, and the queue hears them all', async () => {
  const {producer, worker} = await producerAndWorker('events');
  const heard = [];
  producer.on('job succeeded', (id, result) => heard.push(`${id} succeeded ${result}`));
  producer.on('job failed', (id, error) => heard.push(`${id} failed ${error.message}`));
  producer.on('job progress', (id, progress) => heard.push(`${id} progress ${progress}`));
  worker.process(async (job) => {
    job.reportProgress(50);
    if (job.data.fail) throw new Error('no such user');
    return job.data.word.toUpperCase();
  });
  const progress = [];
  const good = producer.createJob({word: 'bee'});
  good.on('progress', (p) => progress.push(p));
  const goodResult = new Promise((resolve) => good.on('succeeded', resolve));
  const bad = producer.createJob({fail: true});
  const badError = new Promise((resolve) => bad.on('failed', resolve));
  await good.save();
  await bad.save();
  const outcome = await Promise.race([Promise.all([goodResult, badError]), sleep(60000).then(() => null)]);
  check(outcome, `job events never came (heard ${JSON.stringify(heard)})`);
  check(outcome[0] === 'BEE', `succeeded with ${outcome[0]}`);
  check(outcome[1].message === 'no such user', `failed with ${outcome[1].message}`);
  check(progress.join() === '50', `progress events ${progress}`);
  await eventually(() => heard.length === 4, `4 queue events (heard ${JSON.stringify(heard)})`);
  check(heard.sort().join('|') === [`${good.id} progress 50`, `${good.id} succeeded BEE`,
    `${bad.id} progress 50`, `${bad.id} failed no such user`].sort().join('|'), `queue events ${JSON.stringify(heard)}`);
});

await scenario('a delayed job runs after its time, not before', async () => {
  const {producer, worker} = await producerAndWorker('delayed');
  const ran = [];
  worker.process(async (job) => ran.push({name: job.data.name, at: Date.now()}));
  const due = Date.now() + 800;
  await producer.createJob({name: 'later'}).delayUntil(due).save();
  await producer.createJob({name: 'now'}).save();
  await eventually(() => ran.length === 2, `2 jobs run (ran ${JSON.stringify(ran)})`);
  check(ran.map((r) => r.name).join() === 'now,later', `order ${ran.map((r) => r.name).join()}`);
  check(ran[1].at >= due, `the delayed job ran ${due - ran[1].at} ms before its time`);
});

for (const queue of queues) {
  await queue.close(10000).catch((e) => fail(`closing ${queue.name}: ${e.message}`));
}
finish();
