// BullMQ, as an application runs it, against the server on the port given: Bull's successor, whose
// scripts also XADD every job event to a stream that QueueEvents reads with XREAD, so it needs the
// stream commands. Usage: node bullmq.mjs <port>

import {Queue, QueueEvents, Worker} from 'bullmq';
import {createRequire} from 'node:module';
import {check, eventually, fail, finish, hangGuard, learnScripts, port, prefix, reportErrors, scenario, sleep, step} from './harness.mjs';

const connection = {host: '127.0.0.1', port: port()};
const keyPrefix = prefix('bullmq');
const closing = [];
learnScripts(createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js'));

async function queue(name) {
  const q = new Queue(name, {connection, prefix: keyPrefix});
  closing.push(q);
  reportErrors(q, `queue ${name}`);
  await q.waitUntilReady();
  return q;
}

function worker(name, processor, options = {}) {
  const w = new Worker(name, processor, {connection, prefix: keyPrefix, ...options});
  closing.unshift(w);
  reportErrors(w, `worker ${name}`);
  return w;
}

hangGuard(240);

await scenario('200 jobs through a Worker with concurrency 5: each runs once, all complete', async () => {
  const q = await queue('bulk');
  const runs = new Map();
  let active = 0;
  let mostActive = 0;
  let completed = 0;
  const w = worker('bulk', async (job) => {
    active++;
    mostActive = Math.max(mostActive, active);
    runs.set(job.data.n, (runs.get(job.data.n) || 0) + 1);
    await sleep(job.data.n % 3);
    active--;
    return job.data.n * 2;
  }, {concurrency: 5});
  w.on('completed', () => completed++);
  const jobs = await q.addBulk(Array.from({length: 200}, (_, n) => ({name: 'bulk', data: {n}})));
  check(jobs.length === 200, `addBulk returned ${jobs.length} jobs`);
  await eventually(() => completed >= 200, `200 'completed' events (got ${completed})`, 120000);
  const counts = await q.getJobCounts('completed', 'waiting', 'active', 'failed');
  check(counts.completed === 200 && counts.waiting === 0 && counts.active === 0 && counts.failed === 0,
    `job counts ${JSON.stringify(counts)}`);
  for (let n = 0; n < 200; n++) check(runs.get(n) === 1, `job ${n} ran ${runs.get(n) || 0} times`);
  check(mostActive <= 5, `${mostActive} jobs ran at once with concurrency 5`);
  const sample = await q.getJob(jobs[17].id);
  check(sample.returnvalue === 34, `job 17 returned ${JSON.stringify(sample.returnvalue)}`);
  step(`200 completed, at most ${mostActive} at once`);
});

await scenario('delayed jobs run after their delay, in the order their delays end, not before', async () => {
  const q = await queue('delayed');
  const ran = [];
  worker('delayed', async (job) => {
    ran.push({name: job.data.name, at: Date.now()});
  });
  const added = Date.now();
  const late = await q.add('job', {name: 'late'}, {delay: 2000});
  await q.add('job', {name: 'soon'}, {delay: 700});
  await q.add('job', {name: 'now'});
  check((await late.getState()) === 'delayed', `a job with a delay is ${await late.getState()}, not delayed`);
  await eventually(() => ran.length === 3, `3 jobs run (ran ${JSON.stringify(ran)})`);
  check(ran.map((r) => r.name).join() === 'now,soon,late', `order ${ran.map((r) => r.name).join()}`);
  for (const [name, delay] of [['soon', 700], ['late', 2000]]) {
    const at = ran.find((r) => r.name === name).at;
    check(at - added >= delay, `${name} ran ${at - added} ms after it was added, before its ${delay} ms delay`);
  }
});

await scenario('a job failing twice is retried with backoff and succeeds on its third attempt', async () => {
  const q = await queue('retries');
  const attempts = [];
  const failed = [];
  let completed;
  const w = worker('retries', async () => {
    attempts.push(Date.now());
    if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
    return 'third time lucky';
  });
  w.on('failed', (job, error) => failed.push(`${job.attemptsMade}:${error.message}`));
  w.on('completed', (job, result) => (completed = {job, result}));
  const job = await q.add('flaky', {}, {attempts: 3, backoff: {type: 'fixed', delay: 400}});
  await eventually(() => completed, `the job completes (attempts so far: ${attempts.length}, failures: ${failed})`);
  check(attempts.length === 3, `ran ${attempts.length} times`);
  check(failed.length === 2 && failed.every((f, i) => f.endsWith(`attempt ${i + 1} fails`)), `'failed' events ${JSON.stringify(failed)}`);
  check(completed.result === 'third time lucky', `result ${completed.result}`);
  for (let i = 1; i < attempts.length; i++) {
    check(attempts[i] - attempts[i - 1] >= 400, `attempt ${i + 1} came ${attempts[i] - attempts[i - 1]} ms after the one before, inside the 400 ms backoff`);
  }
  const stored = await q.getJob(job.id);
  check((await stored.getState()) === 'completed' && stored.attemptsMade === 3,
    `stored job: state ${await stored.getState()}, attemptsMade ${stored.attemptsMade}`);
});

await scenario('a job scheduler (repeatable job) runs again and again until it is removed', async () => {
  const q = await queue('repeat');
  const runs = [];
  worker('repeat', async (job) => runs.push(job.id));
  await q.upsertJobScheduler('tick', {every: 400}, {name: 'tick', data: {}});
  check((await q.getJobSchedulersCount()) === 1, 'the job scheduler is not listed');
  await eventually(() => runs.length >= 3, `3 runs of the repeatable job (got ${runs.length})`);
  check(new Set(runs).size === runs.length, `a repetition ran twice: ${runs}`);
  check(await q.removeJobScheduler('tick'), 'removeJobScheduler found nothing to remove');
  check((await q.getJobSchedulersCount()) === 0, 'the job scheduler is still listed after removeJobScheduler');
});

await scenario("completion events reach the Worker ('completed') and QueueEvents (read from the events stream)", async () => {
  const q = await queue('events');
  const events = new QueueEvents('events', {connection, prefix: keyPrefix});
  closing.unshift(events);
  reportErrors(events, 'queue events');
  await events.waitUntilReady();
  const local = [];
  const global = [];
  events.on('completed', ({jobId, returnvalue}) => global.push(`${jobId}=${returnvalue}`));
  const w = worker('events', async (job) => job.data.word.toUpperCase());
  w.on('completed', (job, result) => local.push(`${job.id}=${result}`));
  const jobs = [];
  for (const word of ['alpha', 'beta', 'gamma']) jobs.push(await q.add('word', {word}));
  const expected = jobs.map((job) => `${job.id}=${job.data.word.toUpperCase()}`).sort().join();
  await eventually(() => local.length === 3 && global.length === 3,
    `3 Worker and 3 QueueEvents completions (Worker ${local}, QueueEvents ${global})`);
  check(local.sort().join() === expected, `Worker 'completed' events ${local}, expected ${expected}`);
  check(global.sort().join() === expected, `QueueEvents 'completed' events ${global}, expected ${expected}`);
});

// Workers and QueueEvents first (they come first in the list), so nothing runs on a closed queue.
for (const closable of closing) {
  if (closable instanceof Queue) await closable.obliterate({force: true}).catch(() => {});
  await closable.close().catch((e) => fail(`closing ${closable.name}: ${e.message}`));
}
finish();
