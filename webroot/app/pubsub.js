// Pub/Sub: subscribe to channels and patterns over its own WebSocket (separate from the stats
// stream, so "unsubscribe from all" here never stops the charts), watch messages live, publish.
// Messages are drawn at most ten times a second and the list keeps the newest MAX_KEPT only, so a
// flood of tens of thousands a second costs a counter, not the page.

import {$, h, icon, replace} from './dom.js';
import {compact, clock, num} from './format.js';
import {display} from './binary.js';
import {LiveSocket} from './socket.js';
import {toast} from './ui.js';

const MAX_KEPT = 1000;
const MAX_SHOWN = 300;
const PAYLOAD_CHARS_SHOWN = 2000;

export function createPubSub(panel) {
  const rowsEl = $('#msg-rows', panel);
  const emptyEl = $('#msg-empty', panel);
  const statsEl = $('#msg-stats', panel);
  const listEl = $('#sub-list', panel);
  const filterEl = $('#msg-filter', panel);
  const pauseEl = $('#msg-pause', panel);
  const resultEl = $('#pub-result', panel);

  const subscriptions = new Map();
  let messages = [];
  let pending = [];
  let received = 0;
  let paused = false;
  let fullRedraw = false;
  let scheduled = false;
  let lastDraw = 0;
  let windowStart = Date.now();
  let windowCount = 0;
  let rate = 0;

  const socket = new LiveSocket({onMessage, onStatus: () => {}});

  function key(name, pattern) {
    return (pattern ? 'p:' : 'c:') + name;
  }

  function onMessage(frame) {
    switch (frame.type) {
      case 'message':
      case 'pmessage': {
        const data = frame.encoding === 'base64' ? display({base64: frame.data}) : frame.data;
        const message = {time: Date.now(), channel: frame.channel, pattern: frame.pattern ?? '', data};
        received++;
        tickRate(message.time);
        windowCount++;
        messages.push(message);
        if (messages.length > MAX_KEPT * 2) messages = messages.slice(-MAX_KEPT);
        if (!paused) pending.push(message);
        schedule();
        break;
      }
      case 'subscribe':
      case 'psubscribe':
        subscriptions.set(key(frame.channel ?? frame.pattern, frame.type === 'psubscribe'), true);
        renderChips();
        break;
      case 'unsubscribe':
      case 'punsubscribe':
        if (frame.channel ?? frame.pattern) subscriptions.delete(key(frame.channel ?? frame.pattern, frame.type === 'punsubscribe'));
        renderChips();
        break;
      case 'published':
        resultEl.textContent = `Published to ${frame.channel}: ${num(frame.receivers)} ${frame.receivers === 1 ? 'receiver' : 'receivers'}`;
        break;
      case 'error':
        toast(frame.message, {error: true});
        break;
      default:
        break;
    }
  }

  function renderChips() {
    const chips = [...socket.channels].map((c) => chip(c, false)).concat([...socket.patterns].map((p) => chip(p, true)));
    replace(listEl, chips);
    emptyEl.hidden = messages.length > 0;
    if (!messages.length) emptyEl.textContent = chips.length ? 'Waiting for messages…' : 'Subscribe to a channel or pattern to see messages here.';
  }

  function chip(name, pattern) {
    const confirmed = subscriptions.has(key(name, pattern));
    return h('li', {class: pattern ? 'chip pattern' : 'chip', title: confirmed ? (pattern ? 'Pattern' : 'Channel') : 'Subscribing…'},
        h('span', null, name),
        h('button', {type: 'button', 'aria-label': `Unsubscribe from ${name}`, onclick: () => {
          if (pattern) socket.punsubscribe([name]);
          else socket.unsubscribe([name]);
          renderChips();
        }}, icon('close')));
  }

  function matches(message) {
    const needle = filterEl.value.trim().toLowerCase();
    return !needle || message.channel.toLowerCase().includes(needle) || String(message.data).toLowerCase().includes(needle)
        || message.pattern.toLowerCase().includes(needle);
  }

  function row(message, fresh) {
    return h('tr', {class: fresh ? 'fresh' : null},
        h('td', {class: 'nowrap muted'}, clock(message.time)),
        h('td', {class: 'channel'}, message.channel),
        h('td', {class: 'pattern'}, message.pattern),
        h('td', {class: 'payload'}, message.data.length > PAYLOAD_CHARS_SHOWN
          ? `${message.data.slice(0, PAYLOAD_CHARS_SHOWN)}… (${message.data.length} characters)` : message.data));
  }

  /** Messages per second, measured over whole windows of about a second. */
  function tickRate(now) {
    if (now - windowStart < 1000) return;
    rate = (windowCount * 1000) / (now - windowStart);
    windowStart = now;
    windowCount = 0;
  }

  /** At most ten redraws a second: nobody reads faster, and each one lays the table out again. */
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const wait = Math.max(0, lastDraw + 100 - Date.now());
    setTimeout(() => requestAnimationFrame(draw), wait);
  }

  function draw() {
    scheduled = false;
    lastDraw = Date.now();
    tickRate(Date.now());
    statsEl.textContent = `${num(received)} received · ${compact(rate)}/s${paused ? ' · paused' : ''}`;
    if (paused) return;
    if (fullRedraw) {
      fullRedraw = false;
      pending = [];
      const shown = [];
      for (let i = messages.length - 1; i >= 0 && shown.length < MAX_SHOWN; i--) {
        if (matches(messages[i])) shown.push(row(messages[i], false));
      }
      rowsEl.replaceChildren(...shown);
    } else if (pending.length) {
      const fresh = pending.slice(-MAX_SHOWN).filter(matches);
      pending = [];
      const fragment = document.createDocumentFragment();
      for (let i = fresh.length - 1; i >= 0; i--) fragment.append(row(fresh[i], fresh.length < 50));
      rowsEl.prepend(fragment);
      while (rowsEl.childElementCount > MAX_SHOWN) rowsEl.lastElementChild.remove();
    }
    emptyEl.hidden = rowsEl.childElementCount > 0;
  }

  $('#sub-form', panel).addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('#sub-name', panel);
    const names = input.value.split(/\s+/).filter(Boolean);
    if (!names.length) return;
    socket.connect();
    if ($('#sub-pattern', panel).checked) socket.psubscribe(names);
    else socket.subscribe(names);
    input.value = '';
    renderChips();
  });

  $('#pub-form', panel).addEventListener('submit', (event) => {
    event.preventDefault();
    const channel = $('#pub-channel', panel).value;
    socket.connect();
    socket.publish(channel, $('#pub-message', panel).value);
    resultEl.textContent = 'Publishing…';
  });

  pauseEl.addEventListener('click', () => {
    paused = !paused;
    pauseEl.textContent = paused ? 'Resume' : 'Pause';
    pauseEl.setAttribute('aria-pressed', String(paused));
    pending = [];
    fullRedraw = !paused;
    schedule();
  });
  $('#msg-clear', panel).addEventListener('click', () => {
    messages = [];
    pending = [];
    received = 0;
    rowsEl.replaceChildren();
    renderChips();
    schedule();
  });
  filterEl.addEventListener('input', () => {
    fullRedraw = true;
    schedule();
  });
  // The rate falls back to zero when messages stop.
  setInterval(() => {
    if ((rate || windowCount) && !panel.hidden) schedule();
  }, 1000);

  renderChips();
  return {};
}
