// A redis-cli in the browser: each line goes to POST /api/command, which splits it the way
// redis-cli does and answers with the reply as redis-cli would print it. The database follows
// SELECT; history is kept in localStorage.

import {post} from './api.js';
import {$, h} from './dom.js';
import {display} from './binary.js';
import {server} from './header.js';

const HISTORY_KEY = 'verdis.console.history';
const HISTORY_MAX = 500;
const OUTPUT_MAX = 500;
/** A reply longer than this is cut when shown (KEYS * on a big keyspace would freeze the page). */
const REPLY_CHARS_MAX = 200000;

function loadHistory() {
  try {
    const list = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(list) ? list.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function quote(value) {
  const text = display(value);
  return '"' + text.replace(/"/g, '\\"') + '"';
}

/** redis-cli's rendering of a typed reply, for a server that sends no `text`. */
export function formatReply(reply, indent = 0) {
  if (!reply) return '';
  const pad = ' '.repeat(indent);
  const items = (list, marker) => {
    if (!list.length) return marker === '#' ? '(empty hash)' : marker === '~' ? '(empty set)' : '(empty array)';
    const width = String(list.length).length;
    return list.map((item, i) => {
      const label = `${String(i + 1).padStart(width)}${marker === ')' ? ')' : marker} `;
      const inner = marker === '#'
        ? `${formatReply(item[0], indent + label.length)} => ${formatReply(item[1], indent + label.length)}`
        : formatReply(item, indent + label.length);
      return (i ? pad : '') + label + inner;
    }).join('\n');
  };
  switch (reply.type) {
    case 'simple': return String(reply.value);
    case 'error': return `(error) ${reply.value}`;
    case 'integer': return `(integer) ${reply.value}`;
    case 'double': return `(double) ${reply.value}`;
    case 'boolean': return reply.value ? '(true)' : '(false)';
    case 'bignum': return `(big number) ${reply.value}`;
    case 'null': return '(nil)';
    case 'bulk': return quote(reply.value);
    case 'verbatim': return display(reply.value);
    case 'map': return items(reply.value || [], '#');
    case 'set': return items(reply.value || [], '~');
    default: return items(reply.value || [], ')');
  }
}

export function createConsole(panel) {
  const output = $('#console-output', panel);
  const input = $('#console-line', panel);
  const prompt = $('#console-prompt', panel);
  let db = 0;
  let history = loadHistory();
  let cursor = history.length;
  let draft = '';

  const promptText = () => `${location.hostname}:${server.port ?? '?'}${db ? `[${db}]` : ''}>`;
  const updatePrompt = () => {
    prompt.textContent = promptText();
  };

  function remember(line) {
    if (history[history.length - 1] !== line) history.push(line);
    if (history.length > HISTORY_MAX) history = history.slice(-HISTORY_MAX);
    cursor = history.length;
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
    } catch {
      // private mode or full: history lives for this page only
    }
  }

  function entry(line) {
    const result = h('pre', {class: 'reply-pending'}, '…');
    const el = h('div', {class: 'console-entry'}, h('div', {class: 'echo'}, h('b', null, promptText()), ' ', line), result);
    output.append(el);
    while (output.childElementCount > OUTPUT_MAX) output.firstElementChild.remove();
    output.scrollTop = output.scrollHeight;
    return result;
  }

  async function run(line) {
    if (/^\s*(clear|cls)\s*$/i.test(line)) {
      output.replaceChildren();
      return;
    }
    const result = entry(line);
    try {
      const response = await post('api/command', {db, line});
      const reply = response.reply || {};
      const text = response.text ?? formatReply(reply);
      result.textContent = text.length > REPLY_CHARS_MAX
        ? `${text.slice(0, REPLY_CHARS_MAX)}\n… ${text.length - REPLY_CHARS_MAX} more characters not shown`
        : text;
      result.className = reply.type === 'error' ? 'reply-error' : reply.type === 'null' ? 'reply-nil' : '';
      if (typeof response.db === 'number') db = response.db;
    } catch (e) {
      result.textContent = `(error) ${e.message}`;
      result.className = 'reply-error';
    }
    updatePrompt();
    output.scrollTop = output.scrollHeight;
  }

  $('#console-form', panel).addEventListener('submit', (event) => {
    event.preventDefault();
    const line = input.value;
    if (!line.trim()) return;
    input.value = '';
    draft = '';
    remember(line);
    run(line);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      if (!history.length) return;
      event.preventDefault();
      if (cursor === history.length) draft = input.value;
      cursor = event.key === 'ArrowUp' ? Math.max(0, cursor - 1) : Math.min(history.length, cursor + 1);
      input.value = cursor === history.length ? draft : history[cursor];
      input.setSelectionRange(input.value.length, input.value.length);
    } else if (event.key === 'l' && event.ctrlKey) {
      event.preventDefault();
      output.replaceChildren();
    }
  });
  $('#console-clear', panel).addEventListener('click', () => {
    output.replaceChildren();
    input.focus();
  });
  output.addEventListener('click', () => {
    if (!window.getSelection().toString()) input.focus();
  });

  updatePrompt();
  return {
    show() {
      updatePrompt();
      input.focus();
    },
  };
}
