// The Overview's Replication card with a real redis-server replicating from the node (started by
// DashboardBrowserTest): the card (hidden while no replica is attached) shows its
// address and state, and how far behind it is falls to 0 B once it acknowledged a write made over
// RESP. Then the node itself becomes a replica of another redis-server (REPLICAOF over RESP) and
// the card says so, with the link up. Screenshots light and dark.
//
// usage: node replicas.mjs <httpUrl> <respPort> <screenshotDir> <replicaAddress> <primaryPort>

import {args, check, eventually, launch, openPage, resp, run, screenshot, step} from './harness.mjs';

const {url, respPort, screenshots, rest: [REPLICA, PRIMARY_PORT]} = args();

function row(page) {
  return page.$$eval('#replicas tbody tr', (rows) => rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
}

run(async () => {
  const browser = await launch();
  const redis = await resp(respPort);
  try {
    const {page, problems} = await openPage(browser);
    await page.goto(`${url}#overview`, {waitUntil: 'load'});
    await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
    await page.waitForSelector('#replicas:not([hidden])', {timeout: 15000});
    for (let i = 0; i < 100; i++) await redis.call('SET', `replicated:${i}`, 'x'.repeat(100));
    const rows = await eventually(async () => {
      const shown = await row(page);
      return shown.length === 1 && shown[0][3] === '0 B' && Number(shown[0][2].replace(/,/g, '')) > 100 * 100 ? shown : null;
    }, 'the replica is shown 0 B behind with an offset past the writes once it acknowledged them');
    step(`replica row: ${rows[0].join(' | ')}`);
    check(rows[0][0] === REPLICA, `the row names the replica ${REPLICA} (got ${rows[0][0]})`);
    check(rows[0][1] === 'online', `the replica is online (got ${rows[0][1]})`);
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);
    await screenshot(page, screenshots, 'replicas-light');

    check(await redis.call('REPLICAOF', '127.0.0.1', PRIMARY_PORT) === 'OK', 'REPLICAOF is accepted');
    const line = await eventually(async () => {
      const text = await page.textContent('#replicas .replica-of');
      return /link up/.test(text) ? text : null;
    }, 'the card shows the node as a replica with its link up');
    step(`primary line: ${line}`);
    check(line.startsWith(`Replica of 127.0.0.1:${PRIMARY_PORT}: link up`), `the card names the primary (got ${line})`);
    const dark = await openPage(browser, {colorScheme: 'dark'});
    await dark.page.goto(`${url}#overview`, {waitUntil: 'load'});
    await dark.page.waitForSelector('#replicas:not([hidden])', {timeout: 15000});
    await screenshot(dark.page, screenshots, 'replicas-dark');
  } finally {
    redis.close();
    await browser.close();
  }
});
