// (f) ACL users on the dashboard: signing in as a read-only user (a user name and its password)
// shows the app and the keys with their values; creating a key is refused with Redis's NOPERM text,
// and the key is not created.
//
// usage: node login-readonly.mjs <httpUrl> <respPort> <screenshotDir> <user> <password> <key> <adminPassword>

import {args, check, eventually, launch, openPage, resp, run, screenshot, step} from './harness.mjs';

const {url, respPort, screenshots, rest: [user, password, key, adminPassword]} = args();
const NEW_KEY = 'browser:readonly:new';

run(async () => {
  check(user && password && key && adminPassword, 'user, password, key and admin password arguments');
  const redis = await resp(respPort);
  await redis.call('AUTH', adminPassword);
  const browser = await launch();
  try {
    const {page, problems, allow} = await openPage(browser);
    step(`open ${url}`);
    await page.goto(url, {waitUntil: 'load'});
    await page.waitForSelector('#login:not([hidden])', {timeout: 15000});
    await page.fill('#login-username', user);
    await page.fill('#login-password', password);
    await page.click('#login-submit');
    await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
    step(`signed in as ${user}`);
    await eventually(async () => (await page.getAttribute('#live-status', 'data-status')) === 'open', 'the stats stream is live');

    await page.click('a[data-panel="keys"]');
    await page.waitForSelector('#panel-keys:not([hidden])');
    await page.click(`.tree-row:has-text("${key}")`);
    await page.waitForSelector('.detail-key', {timeout: 10000});
    const shown = await page.textContent('.detail-key');
    check(shown === key, `the read-only user sees the key (got ${shown})`);
    await screenshot(page, screenshots, 'readonly-key');

    // Chromium logs the refused write's 403 as a console error: expected here.
    allow(/403/);
    await page.click('#key-new');
    await page.fill('#new-key-name', NEW_KEY);
    await page.selectOption('#new-key-type', 'hash');
    await page.getByLabel('Field', {exact: true}).fill('f');
    await page.getByLabel('Value', {exact: true}).fill('v');
    await page.getByRole('button', {name: 'Add', exact: true}).click();
    await page.getByRole('button', {name: 'Create', exact: true}).click();
    await page.waitForSelector('.toast.error', {timeout: 10000});
    const error = await page.textContent('.toast.error');
    step(`create as ${user}: ${error}`);
    check(/^NOPERM /.test(error), `the write is refused with Redis's NOPERM text: ${error}`);
    await screenshot(page, screenshots, 'readonly-refused');
    check(await redis.call('EXISTS', NEW_KEY) === 0, 'the key was not created');
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);
  } finally {
    await browser.close();
    redis.close();
  }
});
