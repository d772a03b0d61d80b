// The Cluster panel on one node of a three-node cluster: its link appears in the sidebar, and the
// panel shows the three nodes up with their keys, the slot map in three owners' colours and
// cluster state ok. Screenshots light and dark.
//
// usage: node cluster.mjs <httpUrl> <respPort> <screenshotDir> <nodeCount>

import {args, check, eventually, launch, openPage, run, screenshot, step} from './harness.mjs';

const {url, screenshots, rest: [count]} = args();
const NODES = Number(count);

async function panelState(page) {
  return page.evaluate(() => ({
    rows: Array.from(document.querySelectorAll('#cluster-nodes tbody tr')).map((tr) => tr.textContent),
    up: document.querySelectorAll('#cluster-nodes tbody .badge-ok').length,
    owners: Number(document.querySelector('#cluster-map')?.dataset.nodes || 0),
    segments: document.querySelectorAll('#cluster-map .slot-range').length,
    summary: document.querySelector('#cluster-summary')?.textContent || '',
  }));
}

run(async () => {
  check(NODES > 0, 'a node count argument');
  const browser = await launch();
  try {
    for (const colorScheme of ['light', 'dark']) {
      const {page, problems} = await openPage(browser, {colorScheme});
      step(`open ${url} (${colorScheme})`);
      await page.goto(url, {waitUntil: 'load'});
      await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
      await page.waitForSelector('#nav-cluster:not([hidden])', {timeout: 15000});
      await page.click('#nav-cluster');
      await page.waitForSelector('#panel-cluster:not([hidden])');
      let last = null;
      const state = await eventually(async () => {
        const s = last = await panelState(page);
        const figures = s.rows.filter((row) => !/no figures/.test(row));
        return s.rows.length === NODES && s.up === NODES && figures.length === NODES && s.owners === NODES
            && /State\s*ok/.test(s.summary) ? s : null;
      }, `the panel shows ${NODES} nodes up with their figures, ${NODES} slot owners and state ok`).catch((e) => {
        throw new Error(`${e.message}; the panel showed ${JSON.stringify(last)}`);
      });
      step(`rows: ${state.rows.join(' | ')}`);
      step(`slot map: ${state.owners} owners in ${state.segments} ranges; ${state.summary}`);
      check(state.rows.filter((row) => row.includes('(this node)')).length === 1, 'one row is this node');
      // The panel follows the stats stream: it is drawn again each second, with every node still there.
      const drawn = Number(await page.getAttribute('#panel-cluster', 'data-refreshes'));
      await eventually(async () => Number(await page.getAttribute('#panel-cluster', 'data-refreshes')) >= drawn + 2,
          'the panel refreshes every second');
      check((await panelState(page)).rows.length === NODES, 'still every node after refreshes');
      await screenshot(page, screenshots, `cluster-${colorScheme}`);
      check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
});
