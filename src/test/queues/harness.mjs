// Shared by the job-queue scenarios: the server's port from the command line, scenarios that run
// one after the other and record what failed, errors described down to the Lua script that
// failed, and a hang guard. Every script prints what it did and exits 0 only when every check held.

import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const failures = new Map();

export function port() {
  const value = Number(process.argv[2]);
  if (!value) {
    console.error('usage: node <script>.mjs <port>');
    process.exit(2);
  }
  return value;
}

/** A key prefix of its own for each run, so nothing is left over from another. */
export function prefix(library) {
  return `${library}-${process.pid}-${Date.now()}`;
}

export function step(message) {
  console.log(`- ${message}`);
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/**
 * Records a failure and goes on: one run reports everything that is wrong, not only the first
 * thing. A failure seen again (a worker retrying a refused script) is counted, not repeated.
 */
export function fail(message) {
  const seen = failures.get(message) || 0;
  if (seen === 0) console.log(`  FAILED: ${message}`);
  failures.set(message, seen + 1);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `probe()` to return something truthy, polling; throws `message` when it never does. */
export async function eventually(probe, message, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(50);
  }
  throw new Error(`timed out: ${message} (last seen: ${JSON.stringify(last)})`);
}

/** Runs one scenario; a thrown error (or one the library reported meanwhile) fails it, and the next one runs. */
export async function scenario(name, body) {
  step(name);
  try {
    await body();
    console.log(`  ok: ${name}`);
  } catch (e) {
    fail(`${name}: ${describe(e)}`);
  }
}

/**
 * An error as the server sent it, with the command that got it and, for EVALSHA/EVAL, the name of
 * the library's Lua script (found by its SHA1 among the library's .lua files).
 */
export function describe(error) {
  if (!(error instanceof Error)) return String(error);
  let text = error.message;
  // ioredis puts {name, args} on a reply error; node_redis (Bee-Queue) the name and args apart.
  const name = error.command && (error.command.name || error.command);
  if (typeof name === 'string') {
    const args = (error.command.args || error.args || []).map(String);
    const upper = name.toUpperCase();
    text += ` [command ${upper}`;
    if (upper === 'EVAL' || upper === 'EVAL_RO') text += ` script ${scriptName(sha1(args[0]))}`;
    // EVALSHA's and SCRIPT EXISTS's SHA1s
    for (const sha of args.filter((arg) => /^[0-9a-f]{40}$/.test(arg))) text += ` script ${scriptName(sha)}`;
    return `${text}]`;
  }
  // Not a reply from the server: where it came from.
  if (!/^(check failed|timed out)/.test(text) && error.stack) text += `\n${error.stack.split('\n').slice(1, 4).join('\n')}`;
  return text;
}

/**
 * Names scripts by their SHA1, for {@link describe}: an ioredis client's defined commands (Bull's),
 * or an object of script definitions, {name, content} (BullMQ's).
 */
export function learnScripts(source) {
  names();
  if (source && source.scriptsSet) {
    for (const [name, script] of Object.entries(source.scriptsSet)) {
      if (script && script.sha) scripts.set(script.sha, name);
    }
    return;
  }
  for (const script of Object.values(source || {})) {
    if (script && script.name && typeof script.content === 'string') scripts.set(sha1(script.content), script.name);
  }
}

/** Lets the library's own asynchronous errors (an 'error' event) fail the run, described. */
export function reportErrors(emitter, what) {
  emitter.on('error', (e) => fail(`${what} reported: ${describe(e)}`));
}

let scripts;

function scriptName(sha) {
  return names().get(sha) || sha;
}

/** SHA1 to script, from the .lua files the libraries ship (Bee-Queue sends them as they are). */
function names() {
  if (!scripts) {
    scripts = new Map();
    walk(path.join(here, 'node_modules'), (file) => {
      if (file.endsWith('.lua')) scripts.set(sha1(readFileSync(file, 'utf8')), path.relative(here, file));
    });
  }
  return scripts;
}

function walk(dir, visit) {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) walk(file, visit);
    else visit(file);
  }
}

function sha1(text) {
  return createHash('sha1').update(text).digest('hex');
}

/** Exits 0 when nothing failed; otherwise lists the failures and exits 1. A hang is a failure too. */
export function finish() {
  if (failures.size === 0) {
    console.log('all checks held');
    process.exit(0);
  }
  console.log(`\n${failures.size} failure(s):`);
  for (const [failure, times] of failures) console.log(`* ${failure}${times > 1 ? ` (${times} times)` : ''}`);
  process.exit(1);
}

/** After `seconds`, fail with what was running: a queue waiting forever on a refused script would never exit. */
export function hangGuard(seconds) {
  setTimeout(() => {
    fail(`still running after ${seconds} s`);
    finish();
  }, seconds * 1000).unref();
}
