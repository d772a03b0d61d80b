// (e) With requirepass set, the dashboard opens on the login form, refuses a wrong password with
// Redis's error text, and shows the app (live) after the right one.
//
// usage: node login.mjs <httpUrl> <respPort> <screenshotDir> <password>

import {args, check, eventually, launch, openPage, run, screenshot, step} from './harness.mjs';

const {url, screenshots, rest: [password]} = args();

run(async () => {
  check(password, 'a password argument');
  const browser = await launch();
  try {
    const {page, problems, allow} = await openPage(browser);
    step(`open ${url}`);
    await page.goto(url, {waitUntil: 'load'});
    await page.waitForSelector('#login:not([hidden])', {timeout: 15000});
    check(await page.isHidden('#app'), 'the app stays hidden before signing in');
    await screenshot(page, screenshots, 'login-light');

    // Chromium logs the refused login's 401 as a console error: expected here.
    allow(/401/);
    await page.fill('#login-password', `${password}-wrong`);
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:not([hidden])', {timeout: 10000});
    const error = await page.textContent('#login-error');
    step(`wrong password: ${error}`);
    check(/WRONGPASS/.test(error), `the error is Redis's WRONGPASS text: ${error}`);
    await screenshot(page, screenshots, 'login-error');

    await page.fill('#login-password', password);
    await page.click('#login-submit');
    await page.waitForSelector('#app:not([hidden])', {timeout: 15000});
    await eventually(async () => (await page.getAttribute('#live-status', 'data-status')) === 'open', 'the stats stream is live after signing in');
    await eventually(async () => Number(await page.getAttribute('[data-chart="ops"]', 'data-points')) > 0, 'the charts draw after signing in');
    check(await page.isVisible('#logout'), 'a sign-out button is offered');
    await screenshot(page, screenshots, 'after-login');

    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])', {timeout: 10000});
    step('signed out: the login form is back');
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);
  } finally {
    await browser.close();
  }
});
