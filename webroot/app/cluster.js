// Cluster: every node of the cluster as this node sees it (GET /api/cluster, each node's keys, ops/s
// and memory asked of it over the cluster's event bus), the 16384 slots as a bar coloured by owner,
// and the slot moves in progress. Refreshed with each second's stats while the panel is shown. The
// panel's link appears only on a node with cluster-enabled yes.

import {get} from './api.js';
import {$, h, replace} from './dom.js';
import {bytes, compact, num} from './format.js';
import {stats} from './stats.js';
import {DataTable} from './table.js';

const SLOTS = 16384;
const COLOURS = 8;

/** Shows the Cluster link in the sidebar when this node is in a cluster. */
export async function showClusterLink() {
  try {
    const cluster = await get('api/cluster');
    $('#nav-cluster').hidden = !cluster?.enabled;
  } catch {
    // Left hidden: the panel itself reports errors once opened.
  }
}

const address = (n) => (n.host ? `${n.host}:${n.port}` : n.id.slice(0, 12));
/** Owners' colours are classes (the CSP refuses style attributes): the chart palette, in node order. */
const owner = (index) => (index < 0 ? 'owner-none' : `owner-${index % COLOURS}`);
const figure = (n, field, format) => (n.stats ? format(n.stats[field]) : '–');

function badge(text, kind, title) {
  return h('span', {class: `badge${kind ? ' badge-' + kind : ''}`, title}, text);
}

function swatch(index) {
  return h('span', {class: `swatch ${owner(index)}`, 'aria-hidden': 'true'});
}

/** The bar's segments: each owner's ranges in slot order, with the unassigned gaps between them. */
function segments(nodes) {
  const owned = [];
  nodes.forEach((n, index) => (n.ranges || []).forEach(([first, last]) => owned.push({first, last, index, node: n})));
  owned.sort((a, b) => a.first - b.first);
  const all = [];
  let next = 0;
  for (const range of owned) {
    if (range.first > next) all.push({first: next, last: range.first - 1, index: -1});
    all.push(range);
    next = range.last + 1;
  }
  if (next < SLOTS) all.push({first: next, last: SLOTS - 1, index: -1});
  return all;
}

export function createCluster(panel) {
  const summary = $('#cluster-summary', panel);
  const map = $('#cluster-map', panel);
  const legend = $('#cluster-legend', panel);
  const moves = $('#cluster-moves', panel);
  const standalone = $('#cluster-standalone', panel);
  const content = $('#cluster-content', panel);
  let nodes = [];
  const table = new DataTable($('#cluster-nodes', panel), {
    empty: 'No node known yet.',
    columns: [
      {key: 'address', label: 'Address', className: 'nowrap mono', value: address,
        render: (n) => [swatch(nodes.indexOf(n)), ' ', address(n), n.self ? h('span', {class: 'muted small'}, ' (this node)') : null]},
      {key: 'id', label: 'ID', className: 'mono', render: (n) => h('span', {title: n.id}, n.id.slice(0, 12))},
      {key: 'role', label: 'Role', value: () => 'master'},
      {key: 'slots', label: 'Slots', num: true, render: (n) => num(n.slots)},
      {key: 'keys', label: 'Keys', num: true, value: (n) => n.stats?.keys, render: (n) => figure(n, 'keys', num)},
      {key: 'ops', label: 'Ops/s', num: true, value: (n) => n.stats?.opsPerSec, render: (n) => figure(n, 'opsPerSec', compact)},
      {key: 'memory', label: 'Memory', num: true, value: (n) => n.stats?.usedMemory, render: (n) => figure(n, 'usedMemory', bytes)},
      {key: 'up', label: 'Status', value: (n) => (n.up ? 'up' : 'down'), render: (n) => [
        n.up ? badge('up', 'ok') : badge('down', 'danger'),
        n.leaving ? [' ', badge('leaving', 'warn', 'Handing its slots to the other nodes before it stops')] : null,
        n.up && !n.stats ? [' ', badge('no figures', null, 'It did not answer within a second')] : null,
      ]},
    ],
  });

  function fact(label, value) {
    return h('div', {class: 'fact'}, h('span', {class: 'fact-label'}, label), h('span', {class: 'fact-value'}, value));
  }

  let refreshes = 0;
  function render(c) {
    panel.dataset.refreshes = String(++refreshes);
    standalone.hidden = c.enabled;
    content.hidden = !c.enabled;
    if (!c.enabled) return;
    nodes = c.nodes || [];
    replace(summary,
        fact('State', c.state === 'ok' ? badge('ok', 'ok') : badge('fail', 'danger')),
        fact('Nodes up', `${num(c.nodesUp)} of ${num(c.knownNodes)}`),
        fact('Slots served', `${num(c.slotsOk)} of ${num(SLOTS)}`),
        fact('Epoch', num(c.epoch)),
        fact('Routing', c.routing),
        fact('Forwarded batches', compact(c.forwardedBatches)));
    table.setRows(nodes);
    map.dataset.nodes = String(nodes.filter((n) => n.slots > 0).length);
    replace(map, segments(nodes).map((s) => {
      const count = s.last - s.first + 1;
      const segment = h('div', {class: `slot-range ${owner(s.index)}`,
        title: `slots ${s.first}–${s.last} (${num(count)}): ${s.index < 0 ? 'unassigned' : address(s.node)}`});
      segment.style.flexGrow = String(count);
      return segment;
    }));
    replace(legend, nodes.map((n, i) => h('span', {class: 'legend-item'}, swatch(i), address(n),
        h('span', {class: 'muted'}, ` ${num(n.slots)} slots`))));
    const moving = nodes.filter((n) => n.leaving || (n.stats?.migratingSlots ?? 0) > 0);
    replace(moves, moving.length
      ? h('ul', {class: 'moves'}, moving.map((n) => h('li', null, swatch(nodes.indexOf(n)), ' ', address(n),
          (n.stats?.migratingSlots ?? 0) > 0 ? ` is moving ${num(n.stats.migratingSlots)} slots to another node` : ' is moving no slot right now',
          n.leaving ? `, leaving (${num(n.slots)} slots still to hand over)` : '')))
      : h('p', {class: 'muted'}, 'No slot is moving.'));
  }

  let visible = false;
  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    try {
      render(await get('api/cluster'));
    } catch (e) {
      replace(moves, h('p', {class: 'form-error'}, e.message));
    } finally {
      loading = false;
    }
  }
  stats.on(() => {
    if (visible) load();
  });
  return {
    show() {
      visible = true;
      load();
    },
    hide() {
      visible = false;
    },
  };
}
