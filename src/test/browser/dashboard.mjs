// The dashboard against a running server without a password:
// (a) it loads without console errors (first paint reported, not asserted);
// (b) a live chart takes new points from the stats stream while commands run over RESP;
// (c) a hash created in the key editor is there for a RESP client (redis-cli HGETALL);
// (d) a PUBLISH from a RESP client shows up in the pub/sub panel after subscribing in the browser;
// plus the console running a command, and no Cluster panel on a standalone node. Screenshots of every panel, light and dark.
//
// usage: node dashboard.mjs <httpUrl> <respPort> <screenshotDir>

import {args, check, eventually, launch, openPage, redisCli, resp, run, screenshot, step} from './harness.mjs';

const {url, respPort, screenshots} = args();
const KEY = 'browser:test:hash';
const CHANNEL = 'browser-test-channel';

async function chartState(page, name) {
  return page.$eval(`[data-chart="${name}"]`, (el) => ({
    points: Number(el.dataset.points || 0),
    last: el.dataset.last === '' || el.dataset.last === undefined ? null : Number(el.dataset.last),
    lastTime: Number(el.dataset.lastTime || 0),
  }));
}

run(async () => {
  const browser = await launch();
  const redis = await resp(respPort);
  try {
    const {page, problems} = await openPage(browser);

    // (a) page load
    step(`open ${url}`);
    await page.goto(url, {waitUntil: 'load'});
    await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
    await page.waitForSelector('[data-chart="ops"] canvas', {timeout: 15000});
    const paint = await page.evaluate(() => Object.fromEntries(
        performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)])
            .concat(performance.getEntriesByName('verdis-ready').map((e) => ['app-ready', Math.round(e.startTime)]))));
    step(`first paint ${paint['first-paint']} ms, first contentful paint ${paint['first-contentful-paint']} ms, app ready ${paint['app-ready']} ms`);
    const version = await page.textContent('#fact-version');
    step(`header version: ${version}`);
    await eventually(async () => (await page.textContent('#fact-version')) !== '–', 'the header shows the server version');
    check(problems.length === 0, `no console errors on load: ${problems.join(' | ')}`);

    // (b) live chart
    const before = await eventually(async () => {
      const s = await chartState(page, 'ops');
      return s.points > 0 ? s : null;
    }, 'the ops chart has its first point');
    step(`ops chart before: ${JSON.stringify(before)}`);
    let sent = 0;
    const after = await eventually(async () => {
      const batch = [];
      for (let i = 0; i < 200; i++) batch.push(['SET', `browser:load:${i % 50}`, String(sent + i)]);
      await redis.pipeline(batch);
      sent += batch.length;
      const s = await chartState(page, 'ops');
      return s.lastTime > before.lastTime && s.points > before.points && s.last > 0 ? s : null;
    }, 'the ops chart shows new points with operations while commands run', 30000);
    step(`ops chart after ${sent} commands over RESP: ${JSON.stringify(after)}`);
    await screenshot(page, screenshots, 'overview-light');

    // (c) create a hash in the key editor, read it back over RESP
    await redis.call('DEL', KEY);
    await page.click('a[data-panel="keys"]');
    await page.waitForSelector('#panel-keys:not([hidden])');
    await page.click('#key-new');
    await page.fill('#new-key-name', KEY);
    await page.selectOption('#new-key-type', 'hash');
    for (const [field, value] of [['color', 'green'], ['size', 'XL'], ['note', 'made in a browser']]) {
      await page.getByLabel('Field', {exact: true}).fill(field);
      await page.getByLabel('Value', {exact: true}).fill(value);
      await page.getByRole('button', {name: 'Add', exact: true}).click();
    }
    await page.getByRole('button', {name: 'Create', exact: true}).click();
    await page.waitForSelector('.detail-key', {timeout: 10000});
    const shown = await page.textContent('.detail-key');
    check(shown === KEY, `the editor shows the created key (got ${shown})`);
    const stored = await redis.call('HGETALL', KEY);
    step(`HGETALL ${KEY} over RESP: ${JSON.stringify(stored)}`);
    const fields = Object.fromEntries(stored.reduce((pairs, v, i) => (i % 2 ? pairs[pairs.length - 1].push(v) : pairs.push([v]), pairs), []));
    check(fields.color === 'green' && fields.size === 'XL' && fields.note === 'made in a browser' && stored.length === 6,
        `the hash holds what the editor saved: ${JSON.stringify(stored)}`);
    const cli = await redisCli(respPort, 'HGETALL', KEY);
    if (cli !== null) {
      step(`redis-cli -p ${respPort} HGETALL ${KEY}:\n${cli.trim()}`);
      check(cli.includes('made in a browser') && cli.includes('green'), 'redis-cli reads back the hash');
    }
    await page.waitForSelector(`.tree-row.selected`, {timeout: 10000});
    await screenshot(page, screenshots, 'keys-light');

    // (d) pub/sub: subscribe in the browser, PUBLISH from a RESP client
    await page.click('a[data-panel="pubsub"]');
    await page.fill('#sub-name', CHANNEL);
    await page.click('#sub-form button[type="submit"]');
    await eventually(async () => {
      const [, count] = await redis.call('PUBSUB', 'NUMSUB', CHANNEL);
      return count >= 1;
    }, 'the browser subscription reaches the server');
    const receivers = await redis.call('PUBLISH', CHANNEL, 'hello from RESP');
    step(`PUBLISH ${CHANNEL} -> ${receivers} receivers`);
    check(receivers >= 1, 'the browser is a receiver');
    await page.waitForSelector(`#msg-rows tr:has-text("hello from RESP")`, {timeout: 10000});
    const row = await page.textContent('#msg-rows tr');
    check(row.includes(CHANNEL), `the message row names the channel: ${row}`);
    await page.fill('#pub-channel', CHANNEL);
    await page.fill('#pub-message', 'hello from the browser');
    await page.click('#pub-form button[type="submit"]');
    await page.waitForSelector(`#msg-rows tr:has-text("hello from the browser")`, {timeout: 10000});
    await eventually(async () => /1 receiver/.test(await page.textContent('#pub-result')), 'the publish result shows one receiver');
    await screenshot(page, screenshots, 'pubsub-light');

    // console
    await page.click('a[data-panel="console"]');
    await page.fill('#console-line', `HGET ${KEY} color`);
    await page.press('#console-line', 'Enter');
    await page.waitForSelector('.console-entry pre:has-text("\\"green\\"")', {timeout: 10000});
    await page.fill('#console-line', 'SELECT 3');
    await page.press('#console-line', 'Enter');
    await eventually(async () => /\[3\]>$/.test(await page.textContent('#console-prompt')), 'the prompt follows SELECT');
    await page.fill('#console-line', 'NOSUCHCOMMAND');
    await page.press('#console-line', 'Enter');
    await page.waitForSelector('.console-entry .reply-error', {timeout: 10000});
    await screenshot(page, screenshots, 'console-light');

    for (const panel of ['slowlog', 'clients', 'info']) {
      await page.click(`a[data-panel="${panel}"]`);
      await page.waitForTimeout(600);
      await screenshot(page, screenshots, `${panel}-light`);
    }
    // A standalone node: /api/cluster says so (long answered by now), and the Cluster link stays hidden.
    check(await page.isHidden('#nav-cluster'), 'no Cluster link on a standalone node');
    await page.goto(`${url}#cluster`);
    await page.waitForSelector('#cluster-standalone:not([hidden])', {timeout: 10000});
    check(await page.isHidden('#cluster-content'), 'the Cluster panel shows no cluster on a standalone node');
    step('standalone: no Cluster link; #cluster says the node is not in a cluster');
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);

    // The same in the dark scheme, and a narrow screen.
    const dark = await openPage(browser, {colorScheme: 'dark'});
    await dark.page.goto(url, {waitUntil: 'load'});
    await dark.page.waitForSelector('[data-chart="ops"] canvas');
    await dark.page.waitForTimeout(2500);
    await screenshot(dark.page, screenshots, 'overview-dark');
    await dark.page.goto(`${url}#keys`);
    await dark.page.waitForSelector('.tree-row');
    await dark.page.locator('.tree-row', {hasText: 'browser'}).first().click();
    await dark.page.waitForTimeout(500);
    await screenshot(dark.page, screenshots, 'keys-dark');
    check(dark.problems.length === 0, `no console errors in the dark page: ${dark.problems.join(' | ')}`);

    const narrow = await openPage(browser, {viewport: {width: 420, height: 860}});
    await narrow.page.goto(url, {waitUntil: 'load'});
    await narrow.page.waitForSelector('[data-chart="ops"] canvas');
    await narrow.page.waitForTimeout(1500);
    await screenshot(narrow.page, screenshots, 'overview-narrow');
    check(narrow.problems.length === 0, `no console errors on a narrow screen: ${narrow.problems.join(' | ')}`);
  } finally {
    redis.close();
    await browser.close();
  }
});
