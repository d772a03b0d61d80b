// Connected clients (CLIENT LIST through GET /api/clients), with CLIENT KILL ID per row.

import {get, post} from './api.js';
import {$, h, icon} from './dom.js';
import {duration, num} from './format.js';
import {DataTable, autoRefresh} from './table.js';
import {confirmDialog, toast, toastError} from './ui.js';

/** The admin API's own in-process connection: killing it would only cut the dashboard off. */
function internal(client) {
  return String(client.addr || '').startsWith('internal:');
}

export function createClients(panel) {
  const note = $('#clients-note', panel);
  const table = new DataTable($('#clients-table', panel), {
    empty: 'No clients connected.',
    sort: {key: 'id', dir: 'asc'},
    columns: [
      {key: 'id', label: 'ID', num: true},
      {key: 'addr', label: 'Address', className: 'nowrap mono'},
      {key: 'name', label: 'Name'},
      {key: 'age', label: 'Age', num: true, render: (r) => duration(r.age)},
      {key: 'idle', label: 'Idle', num: true, render: (r) => duration(r.idle)},
      {key: 'db', label: 'DB', num: true},
      {key: 'cmd', label: 'Last command', className: 'mono'},
      {key: 'flags', label: 'Flags', className: 'mono'},
      {key: 'sub', label: 'Subs', num: true, value: (r) => Number(r.sub ?? 0) + Number(r.psub ?? 0) + Number(r.ssub ?? 0)},
      {key: '', label: '', className: 'actions', sortable: false, render: (r) => internal(r) ? null : h('button', {
        class: 'icon-btn danger', type: 'button', title: 'Kill connection', 'aria-label': `Kill client ${r.id}`,
        onclick: () => kill(r),
      }, icon('close'))},
    ],
  });

  async function load() {
    try {
      const clients = await get('api/clients');
      table.setRows(clients || []);
      note.textContent = `${num((clients || []).length)} connected`;
    } catch (e) {
      toastError(e);
    }
  }

  async function kill(client) {
    if (!(await confirmDialog('Kill this connection?', `Client ${client.id} (${client.addr}${client.name ? ', ' + client.name : ''}) is disconnected.`, 'Kill'))) return;
    try {
      await post('api/clients/kill', {id: client.id});
      toast(`Client ${client.id} killed`);
      load();
    } catch (e) {
      toastError(e);
    }
  }

  $('#clients-refresh', panel).addEventListener('click', load);
  $('#clients-filter', panel).addEventListener('input', (event) => table.setFilter(event.target.value));
  return autoRefresh($('#clients-auto', panel), load);
}
