// Shared by the dashboard's browser scenarios: headless Chromium through playwright-core, a tiny
// RESP client for talking to the server the way redis-cli does, and step/failure reporting.
// Every script prints what it did and exits 0 only when every check held.

import {execFile} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {chromium} from 'playwright-core';

export function args() {
  const [url, respPort, screenshots, ...rest] = process.argv.slice(2);
  if (!url || !respPort || !screenshots) {
    console.error('usage: node <script>.mjs <httpUrl> <respPort> <screenshotDir> [...]');
    process.exit(2);
  }
  mkdirSync(screenshots, {recursive: true});
  return {url, respPort: Number(respPort), screenshots, rest};
}

export function step(message) {
  console.log(`- ${message}`);
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Waits for `probe()` to return something truthy, polling; throws `message` when it never does. */
export async function eventually(probe, message, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${message} (last seen: ${JSON.stringify(last)})`);
}

/**
 * Chromium from CHROMIUM_PATH (the JUnit test finds it on PATH), else chromium on PATH. --no-sandbox because CI
 * containers run as root, where Chromium's sandbox cannot start.
 */
export async function launch() {
  const executablePath = process.env.CHROMIUM_PATH || onPath('chromium') || onPath('chromium-browser') || 'chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/**
 * A page that records console errors, uncaught exceptions and failed requests; `problems()`
 * lists them, and `allow(pattern)` excuses an expected one (a 401 on a wrong password).
 */
export async function openPage(browser, {colorScheme = 'light', viewport = {width: 1440, height: 900}} = {}) {
  const context = await browser.newContext({viewport, colorScheme});
  const page = await context.newPage();
  const problems = [];
  const allowed = [];
  const note = (text) => {
    if (!allowed.some((re) => re.test(text))) problems.push(text);
  };
  page.on('console', (m) => {
    if (m.type() === 'error') note(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => note(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A WebSocket or fetch cut short by closing the page is not a failure of the page.
    if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) note(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) note(`HTTP ${r.status()} ${r.url()}`);
  });
  return {context, page, problems, allow: (re) => allowed.push(re)};
}

export async function screenshot(page, dir, name) {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({path: file});
  step(`screenshot ${file}`);
}

function onPath(name) {
  return (process.env.PATH || '').split(path.delimiter).map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}

/** Runs main(), prints the failure (with its stack) and sets the exit code. */
export async function run(main) {
  try {
    await main();
    console.log('OK');
  } catch (e) {
    console.error(`FAILED: ${e.stack || e}`);
    process.exitCode = 1;
  }
}

// ---------- RESP ----------

function encode(args) {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) {
    const bytes = Buffer.from(String(a));
    parts.push(`$${bytes.length}\r\n`, bytes, '\r\n');
  }
  return Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
}

/** Parses one RESP2 reply at `offset`; null when incomplete. */
function parse(buffer, offset) {
  const end = buffer.indexOf('\r\n', offset);
  if (end < 0) return null;
  const kind = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, end);
  const next = end + 2;
  switch (kind) {
    case '+': return {value: line, next};
    case '-': return {value: new Error(line), next};
    case ':': return {value: Number(line), next};
    case '$': {
      const length = Number(line);
      if (length < 0) return {value: null, next};
      if (buffer.length < next + length + 2) return null;
      return {value: buffer.toString('utf8', next, next + length), next: next + length + 2};
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return {value: null, next};
      const items = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, at);
        if (!item) return null;
        items.push(item.value);
        at = item.next;
      }
      return {value: items, next: at};
    }
    default: throw new Error(`unexpected RESP type ${kind}`);
  }
}

/** A RESP connection: call(...args) -> reply, pipeline([[...], ...]) -> replies. */
export async function resp(port) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = Buffer.alloc(0);
  const waiting = [];
  socket.on('data', (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      const reply = buffer.length ? parse(buffer, 0) : null;
      if (!reply) break;
      buffer = buffer.subarray(reply.next);
      waiting.shift()(reply.value);
    }
  });
  const pipeline = (commands) => {
    const replies = commands.map(() => new Promise((resolve) => waiting.push(resolve)));
    socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  };
  return {
    call: (...args) => pipeline([args]).then(([reply]) => reply),
    pipeline,
    close: () => socket.end(),
  };
}

/** redis-cli's output when it is installed (what a user would type), else null. */
export function redisCli(port, ...args) {
  return new Promise((resolve) => {
    execFile('redis-cli', ['-p', String(port), ...args], {timeout: 10000}, (error, stdout) => {
      resolve(error && error.code === 'ENOENT' ? null : error ? `error: ${error.message}` : stdout);
    });
  });
}
