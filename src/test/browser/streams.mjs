// The key browser on a stream of 10,000 entries (1-0 … 10000-0, fields n and kind) with a group
// "workers" that has 3 pending entries, restored by DashboardBrowserTest: the key list shows its
// type; the editor shows its length, last id and group, and its entries as rows a page at a time
// (never the whole stream), Next, Previous and newest first; an entry added there (XADD *) and the
// same one removed (XDEL) are what a RESP client sees. Screenshots light and dark.
//
// usage: node streams.mjs <httpUrl> <respPort> <screenshotDir> <key>

import {args, check, eventually, launch, openPage, resp, run, screenshot, step} from './harness.mjs';

const {url, respPort, screenshots, rest: [KEY]} = args();

/** The ids of the entry rows shown, in order. */
function shownIds(page) {
  return page.$$eval('#key-detail tbody tr', (rows) => rows.map((tr) => tr.querySelector('td').textContent));
}

async function firstIdBecomes(page, id) {
  await eventually(async () => (await shownIds(page))[0] === id, `the first row shown is ${id}`);
}

async function openStream(page) {
  await page.goto(`${url}#keys`, {waitUntil: 'load'});
  await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
  await page.fill('#key-match', KEY);
  await eventually(async () => (await page.textContent('#key-summary')) === '1 matching', 'the filtered scan found the stream alone');
  const row = page.locator('.tree-row', {hasText: KEY});
  await row.waitFor({timeout: 10000});
  const type = await row.locator('.type').textContent();
  check(type === 'stream', `the key list shows the type "stream" (got ${type})`);
  await row.click();
  await page.waitForSelector('#key-detail tbody tr', {timeout: 10000});
}

run(async () => {
  const browser = await launch();
  const redis = await resp(respPort);
  try {
    check(await redis.call('XLEN', KEY) === 10000, 'the test restored 10,000 entries');
    const {page, problems} = await openPage(browser);
    const counts = [];
    page.on('request', (r) => {
      if (/\/api\/key\?/.test(r.url())) counts.push(Number(new URL(r.url()).searchParams.get('count')));
    });
    await openStream(page);
    const meta = await page.textContent('.detail-meta');
    step(`head: ${meta}`);
    check(/10,000 entries/.test(meta) && /Last ID\s*10000-0/.test(meta), 'the head shows the length and the last id');
    const groups = await page.textContent('.stream-groups');
    step(`groups: ${groups}`);
    check(/workers/.test(groups) && /3 pending/.test(groups) && /last delivered\s*3-0/.test(groups), 'the group with its pending count and last delivered id');
    let ids = await shownIds(page);
    check(ids.length === 100 && ids[0] === '1-0' && ids[99] === '100-0', `the first page is 1-0 … 100-0 (got ${ids[0]} … ${ids.at(-1)}, ${ids.length} rows)`);
    const cells = await page.textContent('#key-detail tbody tr:first-child');
    check(/n\s*1/.test(cells) && /kind\s*odd/.test(cells), `the first row shows its fields and values: ${cells}`);
    check(counts.every((c) => c <= 100), `no request asks for more than a page: ${counts.join(',')}`);
    await screenshot(page, screenshots, 'stream-light');

    await page.getByRole('button', {name: 'Next', exact: true}).click();
    await firstIdBecomes(page, '101-0');
    await page.getByRole('button', {name: 'Next', exact: true}).click();
    await firstIdBecomes(page, '201-0');
    step(`pager: ${await page.textContent('#key-detail .pager')}`);
    await page.getByRole('button', {name: 'Previous', exact: true}).click();
    await firstIdBecomes(page, '101-0');
    await page.selectOption('#key-detail select[aria-label="Order"]', '1');
    await firstIdBecomes(page, '10000-0');
    step('Next, Next, Previous and newest first: 101-0, 201-0, 101-0, then 10000-0 first');

    await page.getByLabel('Field', {exact: true}).fill('note');
    await page.getByLabel('Value', {exact: true}).fill('added in a browser');
    await page.getByRole('button', {name: 'Add', exact: true}).click();
    const [[added, fields]] = await eventually(async () => {
      const last = await redis.call('XREVRANGE', KEY, '+', '-', 'COUNT', '1');
      return last[0][0] !== '10000-0' ? last : null;
    }, 'XADD * reached the server');
    step(`XREVRANGE ${KEY} + - COUNT 1 over RESP: ${added} ${JSON.stringify(fields)}`);
    check(JSON.stringify(fields) === '["note","added in a browser"]', 'the new entry holds the field and value typed');
    await firstIdBecomes(page, added);
    await screenshot(page, screenshots, 'stream-added-light');

    await page.getByRole('button', {name: `Remove entry ${added}`, exact: true}).click();
    await firstIdBecomes(page, '10000-0');
    check(await redis.call('XLEN', KEY) === 10000, 'XDEL removed the entry');
    check((await redis.call('XRANGE', KEY, added, added)).length === 0, `${added} is gone over RESP`);
    step(`removed ${added}: XLEN back to 10000`);
    check(counts.every((c) => c <= 100), `still no request for more than a page: ${counts.join(',')}`);
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);

    const dark = await openPage(browser, {colorScheme: 'dark'});
    await openStream(dark.page);
    await screenshot(dark.page, screenshots, 'stream-dark');
    check(dark.problems.length === 0, `no console errors in the dark page: ${dark.problems.join(' | ')}`);
  } finally {
    redis.close();
    await browser.close();
  }
});
