// The dashboard under load, in headless Chromium: first paint, then how smooth the page stays
// while redis-benchmark drives the server and the keyspace holds many keys.
//
// Starts Verdis (target/verdis.jar, no persistence, free ports), writes --keys keys under a few
// prefixes, runs redis-benchmark beside it (one process SETs and one GETs random keys among
// --keys more of its own), and opens the dashboard in a fresh browser:
//   load      first paint, first contentful paint, app ready (the page's own mark), on the
//             server's first page view and on two later ones, each in a fresh browser context
//   overview  --seconds of live charts: frame intervals (requestAnimationFrame), long tasks
//             (main-thread work over 50 ms), chart points added, the ops/s the page shows
//   keys      the key browser opened on that keyspace: time to the first page of the tree,
//             then the tree scrolled from top to bottom, with its frames and long tasks
//
// usage: node src/bench/dashboard.mjs [--keys 100000] [--seconds 10] [--clients 50] [--pipeline 2]
//                                      [--jar target/verdis.jar] [--java java]
// --clients 0 runs no load; --screenshots DIR saves the overview and the key browser under load.
// Needs: the browser test's node_modules (npm ci --prefix src/test/browser), chromium (or
// CHROMIUM_PATH), redis-benchmark (apt-get install redis-tools), a JDK 17+.

import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {eventually, launch, openPage, resp, run, screenshot, step} from '../test/browser/harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const options = parseOptions(process.argv.slice(2), {
  keys: 100000, seconds: 10, clients: 50, pipeline: 2, screenshots: '', jar: path.join(REPO, 'target/verdis.jar'), java: 'java',
});
const PREFIXES = ['user', 'session', 'cart', 'queue', 'cache:page', 'cache:api', 'stats', 'feature'];

function parseOptions(argv, defaults) {
  const result = {...defaults};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in defaults) || argv[i + 1] === undefined) {
      console.error(`unknown option or missing value: ${argv[i]}\n(see the comment at the top of ${path.basename(process.argv[1])})`);
      process.exit(2);
    }
    result[name] = typeof defaults[name] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return result;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
}

function frames(intervals) {
  const sorted = [...intervals].sort((a, b) => a - b);
  const fps = intervals.length / (intervals.reduce((a, b) => a + b, 0) / 1000);
  return `${intervals.length} frames, ${fps.toFixed(0)} fps, interval p50 ${percentile(sorted, 0.5).toFixed(1)} ms ` +
      `p99 ${percentile(sorted, 0.99).toFixed(1)} ms max ${sorted.length ? sorted[sorted.length - 1].toFixed(1) : '-'} ms, ` +
      `${intervals.filter((d) => d > 50).length} over 50 ms`;
}

/** Starts recording frame intervals and long tasks in the page; the returned function stops and reports. */
async function watch(page) {
  await page.evaluate(() => {
    const w = (window.__bench = {intervals: [], longTasks: [], running: true});
    let last = performance.now();
    const tick = (now) => {
      w.intervals.push(now - last);
      last = now;
      if (w.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration)));
    w.observer.observe({type: 'longtask'});
  });
  return async () => {
    const result = await page.evaluate(() => {
      const w = window.__bench;
      w.running = false;
      w.observer.disconnect();
      return {intervals: w.intervals.slice(1), longTasks: w.longTasks};
    });
    const longest = result.longTasks.length ? Math.max(...result.longTasks).toFixed(0) : '0';
    return `${frames(result.intervals)}; long tasks ${result.longTasks.length} ` +
        `(total ${result.longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms, longest ${longest} ms)`;
  };
}

async function fill(redis, count) {
  const started = Date.now();
  for (let i = 0; i < count; i += 2000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 2000); j++) {
      batch.push(['SET', `${PREFIXES[j % PREFIXES.length]}:${j % 97}:${j}`, `value-${j}`]);
    }
    await redis.pipeline(batch);
  }
  step(`${count} keys written in ${Date.now() - started} ms`);
}

run(async () => {
  if (options.screenshots) mkdirSync(options.screenshots, {recursive: true});
  if (!existsSync(options.jar)) throw new Error(`${options.jar} is missing: mvn -q -DskipTests package`);
  const [port, httpPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verdis-dashboard-bench-'));
  const server = spawn(options.java, ['-jar', options.jar, '--port', String(port), '--http-port', String(httpPort),
    '--bind', '127.0.0.1', '--pizzaria-port', '0', '--appendonly', 'no', '--save', '', '--dir', dir], {stdio: 'ignore'});
  let load = [];
  let browser = null;
  try {
    const url = `http://127.0.0.1:${httpPort}/`;
    const redis = await eventually(() => resp(port).catch(() => null), 'Verdis starts', 30000);
    await fill(redis, options.keys);

    // redis-benchmark runs its tests one after the other: one process writes, another reads.
    load = options.clients === 0 ? [] : ['set', 'get'].map((test) => spawn('redis-benchmark', ['-p', String(port),
      '-t', test, '-n', '100000000', '-r', String(options.keys), '-c', String(Math.max(1, options.clients / 2)),
      '-P', String(options.pipeline), '-q', '-l'], {stdio: 'ignore'}));
    await new Promise((r) => setTimeout(r, 3000));
    const opsPerSec = async () => Number(/instantaneous_ops_per_sec:(\d+)/.exec(await redis.call('INFO', 'stats'))[1]);
    step(`load: redis-benchmark SET and GET, ${options.clients} clients in all, -P ${options.pipeline}: ` +
        `${await opsPerSec()} ops/s (INFO)`);

    browser = await launch();
    let page;
    // The first visit meets a server that has served no page yet; the next ones show the page's own cost.
    for (const visit of ['first visit', 'second visit', 'third visit']) {
      if (page) await page.context().close();
      ({page} = await openPage(browser));
      await page.goto(url, {waitUntil: 'load'});
      await page.waitForSelector('[data-chart="ops"] canvas', {timeout: 15000});
      const paint = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint')
          .map((e) => [e.name, Math.round(e.startTime)])
          .concat(performance.getEntriesByName('verdis-ready').map((e) => ['ready', Math.round(e.startTime)]))));
      step(`load, ${visit} (fresh browser context): first paint ${paint['first-paint']} ms, ` +
          `first contentful paint ${paint['first-contentful-paint']} ms, app ready ${paint.ready} ms`);
    }

    const pointsBefore = Number(await page.getAttribute('[data-chart="ops"]', 'data-points'));
    const overview = await watch(page);
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    const overviewReport = await overview();
    if (options.screenshots) await screenshot(page, options.screenshots, 'overview-under-load');
    const pointsAfter = Number(await page.getAttribute('[data-chart="ops"]', 'data-points'));
    const shown = await page.textContent('.tile[data-tile="ops"] .tile-value').catch(() => null);
    step(`overview, ${options.seconds} s under load (${await opsPerSec()} ops/s): ${overviewReport}; ` +
        `ops chart +${pointsAfter - pointsBefore} points${shown ? `, tile shows ${shown} ops/s` : ''}`);

    const keys = await watch(page);
    const opened = performance.now();
    await page.click('a[data-panel="keys"]');
    await page.waitForSelector('#key-tree .tree-row', {timeout: 20000});
    const firstPage = performance.now() - opened;
    await page.$eval('#key-tree', async (tree) => {
      for (let top = 0; top < tree.scrollHeight; top += tree.clientHeight / 2) {
        tree.scrollTop = top;
        await new Promise((r) => requestAnimationFrame(r));
      }
    });
    const rows = await page.$$eval('#key-tree .tree-row', (list) => list.length);
    if (options.screenshots) await screenshot(page, options.screenshots, 'keys-100k');
    step(`keys: first page of the tree in ${firstPage.toFixed(0)} ms (${rows} rows drawn), scrolled through: ${await keys()}`);
    redis.close();
  } finally {
    if (browser) await browser.close();
    load.forEach((process) => process.kill());
    server.kill();
    rmSync(dir, {recursive: true, force: true});
  }
});
