// Bull (v4), as an application runs it, against the server on the port given: every state change
// of a job is one of Bull's Lua scripts, building key names inside the script; global events are
// PUBLISHes from those scripts. Usage: node bull.mjs <port>

import Queue from 'bull';
import {check, eventually, fail, finish, hangGuard, learnScripts, port, prefix, reportErrors, scenario, sleep, step} from './harness.mjs';

const redis = {host: '127.0.0.1', port: port()};
const keyPrefix = prefix('bull');
const queues = [];

async function open(name) {
  const queue = new Queue(name, {redis, prefix: keyPrefix});
  queues.push(queue);
  reportErrors(queue, `queue ${name}`);
  await queue.isReady();
  learnScripts(queue.client);
  return queue;
}

hangGuard(240);

await scenario('200 jobs through a processor with concurrency 5: each runs once, all complete', async () => {
  const queue = await open('bulk');
  const runs = new Map();
  let active = 0;
  let mostActive = 0;
  let completed = 0;
  queue.on('completed', () => completed++);
  queue.process(5, async (job) => {
    active++;
    mostActive = Math.max(mostActive, active);
    runs.set(job.data.n, (runs.get(job.data.n) || 0) + 1);
    await sleep(job.data.n % 3);
    active--;
    return job.data.n * 2;
  });
  const jobs = await queue.addBulk(Array.from({length: 200}, (_, n) => ({data: {n}})));
  check(jobs.length === 200, `addBulk returned ${jobs.length} jobs`);
  await eventually(() => completed >= 200, `200 'completed' events (got ${completed})`, 120000);
  const counts = await queue.getJobCounts();
  check(counts.completed === 200 && counts.waiting === 0 && counts.active === 0 && counts.failed === 0,
    `job counts ${JSON.stringify(counts)}`);
  for (let n = 0; n < 200; n++) check(runs.get(n) === 1, `job ${n} ran ${runs.get(n) || 0} times`);
  check(mostActive <= 5, `${mostActive} jobs ran at once with concurrency 5`);
  const sample = await queue.getJob(jobs[17].id);
  check(sample.returnvalue === 34, `job 17 returned ${JSON.stringify(sample.returnvalue)}`);
  check(sample.finishedOn >= sample.processedOn, 'job 17 finished before it was processed');
  step(`200 completed, at most ${mostActive} at once`);
});

await scenario('delayed jobs run after their delay, in the order their delays end, not before', async () => {
  const queue = await open('delayed');
  const ran = [];
  queue.process(async (job) => {
    ran.push({name: job.data.name, at: Date.now()});
  });
  const added = Date.now();
  const late = await queue.add({name: 'late'}, {delay: 2000});
  const soon = await queue.add({name: 'soon'}, {delay: 700});
  await queue.add({name: 'now'});
  check((await late.getState()) === 'delayed', `a job with a delay is ${await late.getState()}, not delayed`);
  check((await soon.getState()) === 'delayed', `a job with a delay is ${await soon.getState()}, not delayed`);
  await eventually(() => ran.length === 3, `3 jobs run (ran ${JSON.stringify(ran)})`);
  check(ran.map((r) => r.name).join() === 'now,soon,late', `order ${ran.map((r) => r.name).join()}`);
  for (const [name, delay] of [['soon', 700], ['late', 2000]]) {
    const at = ran.find((r) => r.name === name).at;
    check(at - added >= delay, `${name} ran ${at - added} ms after it was added, before its ${delay} ms delay`);
  }
});

await scenario('a job failing twice is retried with backoff and succeeds on its third attempt', async () => {
  const queue = await open('retries');
  const attempts = [];
  const failed = [];
  let completed;
  queue.on('failed', (job, error) => failed.push(`${job.attemptsMade}:${error.message}`));
  queue.on('completed', (job, result) => (completed = {job, result}));
  queue.process(async (job) => {
    attempts.push(Date.now());
    if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
    return 'third time lucky';
  });
  const job = await queue.add({}, {attempts: 3, backoff: {type: 'fixed', delay: 400}});
  await eventually(() => completed, `the job completes (attempts so far: ${attempts.length}, failures: ${failed})`);
  check(attempts.length === 3, `ran ${attempts.length} times`);
  check(failed.join('|') === '1:attempt 1 fails|2:attempt 2 fails', `'failed' events ${JSON.stringify(failed)}`);
  check(completed.result === 'third time lucky', `result ${completed.result}`);
  for (let i = 1; i < attempts.length; i++) {
    check(attempts[i] - attempts[i - 1] >= 400, `attempt ${i + 1} came ${attempts[i] - attempts[i - 1]} ms after the one before, inside the 400 ms backoff`);
  }
  const stored = await queue.getJob(job.id);
  check(stored.attemptsMade === 2 && (await stored.getState()) === 'completed',
    `stored job: attemptsMade ${stored.attemptsMade}, state ${await stored.getState()}`);
  check(stored.stacktrace.length === 2, `${stored.stacktrace.length} stack traces kept for 2 failures`);
});

await scenario('a repeatable job runs again and again until it is removed', async () => {
  const queue = await open('repeat');
  const runs = [];
  queue.process('tick', async (job) => runs.push(job.id));
  const repeat = {every: 400};
  await queue.add('tick', {}, {repeat});
  const repeatable = await queue.getRepeatableJobs();
  check(repeatable.length === 1 && repeatable[0].every === 400, `repeatable jobs ${JSON.stringify(repeatable)}`);
  await eventually(() => runs.length >= 3, `3 runs of the repeatable job (got ${runs.length})`);
  check(new Set(runs).size === runs.length, `a repetition ran twice: ${runs}`);
  await queue.removeRepeatable('tick', repeat);
  check((await queue.getRepeatableJobs()).length === 0, 'the repeatable job is still listed after removeRepeatable');
});

await scenario("'completed' and 'global:completed' events reach the producer", async () => {
  const worker = await open('events');
  const producer = await open('events');
  const local = [];
  const global = [];
  worker.on('completed', (job, result) => local.push(`${job.id}=${result}`));
  producer.on('global:completed', (jobId, result) => global.push(`${jobId}=${JSON.parse(result)}`));
  // global:* events arrive through a subscription: the producer listens before any job completes.
  await eventually(() => producer.eclient && producer.eclient.status === 'ready', 'the event connection is ready');
  await sleep(200);
  worker.process(async (job) => job.data.word.toUpperCase());
  const jobs = [];
  for (const word of ['alpha', 'beta', 'gamma']) jobs.push(await producer.add({word}));
  const expected = jobs.map((job) => `${job.id}=${job.data.word.toUpperCase()}`).sort().join();
  await eventually(() => local.length === 3 && global.length === 3,
    `3 local and 3 global completions (local ${local}, global ${global})`);
  check(local.sort().join() === expected, `'completed' events ${local}, expected ${expected}`);
  check(global.sort().join() === expected, `'global:completed' events ${global}, expected ${expected}`);
});

for (const queue of queues) {
  try {
    await queue.obliterate({force: true});
  } catch (e) {
    // Closing matters more than tidying: the server is thrown away after the run.
  }
  await queue.close().catch((e) => fail(`closing ${queue.name}: ${e.message}`));
}
finish();
