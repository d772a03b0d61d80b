// Slow log: SLOWLOG GET through GET /api/slowlog, newest first; Reset is SLOWLOG RESET.

import {del, get} from './api.js';
import {$, h} from './dom.js';
import {dateTime, micros, num} from './format.js';
import {display} from './binary.js';
import {DataTable, autoRefresh} from './table.js';
import {confirmDialog, toast, toastError} from './ui.js';

const ARGS_SHOWN = 300;

function commandLine(args) {
  const text = (args || []).map((a) => {
    const s = display(a);
    return /[\s"]/.test(s) || s === '' ? `"${s.replace(/"/g, '\\"')}"` : s;
  }).join(' ');
  return text.length > ARGS_SHOWN ? text.slice(0, ARGS_SHOWN) + '…' : text;
}

export function createSlowlog(panel) {
  const table = new DataTable($('#slowlog-table', panel), {
    empty: 'No command has been slower than slowlog-log-slower-than.',
    sort: {key: 'id', dir: 'desc'},
    columns: [
      {key: 'id', label: 'ID', num: true},
      {key: 'time', label: 'Time', className: 'nowrap', render: (r) => dateTime(r.time)},
      {key: 'durationUs', label: 'Duration', num: true, render: (r) => micros(r.durationUs)},
      {key: 'args', label: 'Command', className: 'args', value: (r) => commandLine(r.args)},
      {key: 'client', label: 'Client', className: 'nowrap mono'},
      {key: 'name', label: 'Name', className: 'nowrap'},
    ],
  });
  const note = $('#slowlog-note', panel);

  async function load() {
    try {
      const [entries, config] = await Promise.all([
        get('api/slowlog', {count: 128}),
        get('api/config', {pattern: 'slowlog-*'}).catch(() => null),
      ]);
      table.setRows(entries || []);
      note.textContent = config
        ? `Commands slower than ${micros(Number(config['slowlog-log-slower-than']))}, last ${num(Number(config['slowlog-max-len']))} kept`
        : '';
    } catch (e) {
      toastError(e);
    }
  }

  $('#slowlog-refresh', panel).addEventListener('click', load);
  $('#slowlog-reset', panel).addEventListener('click', async () => {
    if (!(await confirmDialog('Reset the slow log?', 'Every entry is removed (SLOWLOG RESET).', 'Reset'))) return;
    try {
      await del('api/slowlog');
      toast('Slow log reset');
      load();
    } catch (e) {
      toastError(e);
    }
  });
  return autoRefresh($('#slowlog-auto', panel), load);
}
