// Server: every INFO section as a table of its fields (GET /api/info).

import {get} from './api.js';
import {$, h, replace} from './dom.js';
import {toastError} from './ui.js';

function text(value) {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}=${v}`).join(',');
  }
  return String(value);
}

export function createInfo(panel) {
  const grid = $('#info-sections', panel);
  const filter = $('#info-filter', panel);
  let info = {};

  function render() {
    const needle = filter.value.trim().toLowerCase();
    const cards = [];
    for (const [section, fields] of Object.entries(info)) {
      if (!fields || typeof fields !== 'object') continue;
      const rows = Object.entries(fields)
          .filter(([name, value]) => !needle || name.toLowerCase().includes(needle) || text(value).toLowerCase().includes(needle))
          .map(([name, value]) => h('tr', null, h('td', null, name), h('td', null, text(value))));
      if (!rows.length) continue;
      cards.push(h('article', {class: 'card info-card'}, h('h2', {class: 'card-title'}, section),
          h('table', {class: 'table'}, h('tbody', null, rows))));
    }
    replace(grid, cards.length ? cards : h('p', {class: 'empty'}, 'Nothing matches.'));
  }

  async function load() {
    try {
      info = await get('api/info', {section: 'everything'});
      render();
    } catch (e) {
      toastError(e);
    }
  }

  filter.addEventListener('input', render);
  $('#info-refresh', panel).addEventListener('click', load);
  return {show: load};
}
