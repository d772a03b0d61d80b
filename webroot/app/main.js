// Start-up: ask whether a password is needed, show the login form or the app, and switch panels
// by the URL's #fragment (so every panel can be bookmarked and the back button works).

import {api, get, post, UNAUTHORIZED} from './api.js';
import {$, $$} from './dom.js';
import {loadInfo, startHeader} from './header.js';
import {stats} from './stats.js';
import {createOverview} from './overview.js';
import {createKeys} from './keys.js';
import {createConsole} from './console.js';
import {createPubSub} from './pubsub.js';
import {createSlowlog} from './slowlog.js';
import {createClients} from './clients.js';
import {createCluster, showClusterLink} from './cluster.js';
import {createInfo} from './info.js';

const FACTORIES = {
  overview: createOverview,
  keys: createKeys,
  console: createConsole,
  pubsub: createPubSub,
  slowlog: createSlowlog,
  clients: createClients,
  cluster: createCluster,
  info: createInfo,
};

const panels = {};
let current = null;
let started = false;
let authRequired = false;

function route() {
  const name = FACTORIES[location.hash.slice(1)] ? location.hash.slice(1) : 'overview';
  if (name === current) return;
  if (current) {
    panels[current].hide?.();
    $(`#panel-${current}`).hidden = true;
  }
  current = name;
  const el = $(`#panel-${name}`);
  el.hidden = false;
  if (!panels[name]) panels[name] = FACTORIES[name](el);
  panels[name].show?.();
  for (const link of $$('.nav a')) {
    if (link.dataset.panel === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${el.querySelector('h1').textContent} · Verdis`;
}

function startApp() {
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#logout').hidden = !authRequired;
  if (started) {
    stats.start();
    panels[current]?.show?.();
    return;
  }
  started = true;
  startHeader();
  stats.start();
  loadInfo();
  showClusterLink();
  window.addEventListener('hashchange', route);
  route();
  performance.mark('verdis-ready');
}

function showLogin() {
  stats.stop();
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-password').value = '';
  $('#login-password').focus();
}

function setUpLogin() {
  const error = $('#login-error');
  $('#login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    $('#login-submit').disabled = true;
    try {
      const username = $('#login-username').value.trim();
      await post('api/login', username ? {username, password: $('#login-password').value}
        : {password: $('#login-password').value});
      startApp();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      $('#login-password').select();
    } finally {
      $('#login-submit').disabled = false;
    }
  });
  $('#logout').addEventListener('click', async () => {
    try {
      await api('POST', 'api/logout');
    } finally {
      showLogin();
    }
  });
  window.addEventListener(UNAUTHORIZED, () => {
    if ($('#login').hidden) showLogin();
  });
}

async function boot() {
  setUpLogin();
  let session = {authRequired: false, authenticated: true};
  try {
    session = await get('api/session');
  } catch {
    // No session endpoint answering: try the app; a 401 later brings the login form.
  }
  authRequired = Boolean(session.authRequired);
  if (session.authRequired && !session.authenticated) showLogin();
  else startApp();
}

boot();
