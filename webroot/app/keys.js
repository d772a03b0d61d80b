// Keys panel: the prefix tree on the left (SCAN pages on demand, filtered by pattern and type),
// the viewer/editor of the selected key on the right.

import {get} from './api.js';
import {$, debounce, h, icon} from './dom.js';
import {compact, num, ttl as formatTtl} from './format.js';
import {KeyTree} from './keytree.js';
import {VirtualList} from './virtual-list.js';
import {KeyEditor} from './editor.js';
import {toastError} from './ui.js';

const ROW_HEIGHT = 28;
/** Keys a "load more" aims to add; it stops earlier when the scan ends. */
const PAGE = 200;
/** SCAN COUNT per request, and requests per "load more" at most (sparse matches). */
const SCAN_COUNT = 500;
const MAX_REQUESTS = 10;

/** INFO keyspace's "keys=1,expires=0,avg_ttl=0", either parsed already or as that text. */
function keyspaceCount(entry) {
  if (!entry) return 0;
  if (typeof entry === 'object') return Number(entry.keys) || 0;
  const m = /keys=(\d+)/.exec(String(entry));
  return m ? Number(m[1]) : 0;
}

export function createKeys(panel) {
  const dbSelect = $('#key-db', panel);
  const matchInput = $('#key-match', panel);
  const typeSelect = $('#key-type', panel);
  const summary = $('#key-summary', panel);
  const treeEl = $('#key-tree', panel);

  const tree = new KeyTree();
  let generation = 0;
  let rows = [];
  let selected = null;
  let focusIndex = -1;
  let dbKeys = 0;
  const filter = {db: 0, match: '', type: ''};

  const editor = new KeyEditor($('#key-detail', panel), {
    onSaved(entry) {
      if (entry.db !== filter.db) return;
      tree.add(entry);
      selected = entry.key;
      refresh();
      revealSelected();
    },
    onDeleted(key) {
      tree.remove(key);
      if (selected !== null && tree.get(selected) === undefined) selected = null;
      refresh();
    },
    onRenamed(oldKey, entry) {
      tree.remove(oldKey);
      tree.add(entry);
      selected = entry.key;
      refresh();
      revealSelected();
    },
    onTtl(key, ttl) {
      const node = tree.get(key);
      if (node) {
        node.ttl = ttl;
        node.seen = Date.now();
        list.draw();
      }
    },
  });

  const list = new VirtualList(treeEl, {rowHeight: ROW_HEIGHT, render: renderRow});
  const emptyEl = h('p', {class: 'empty', hidden: true}, '');
  treeEl.append(emptyEl);

  function renderRow(row, item, index) {
    const {kind, node, depth} = item;
    row.className = 'tree-row';
    row.id = `tree-row-${index}`;
    row.dataset.index = index;
    row.style.paddingLeft = `${10 + Math.max(0, depth) * 16}px`;
    row.removeAttribute('aria-expanded');
    row.removeAttribute('aria-selected');
    if (index === focusIndex) row.classList.add('focused');
    if (kind === 'folder') {
      row.setAttribute('role', 'treeitem');
      row.setAttribute('aria-expanded', String(node.expanded));
      row.setAttribute('aria-level', String(depth + 1));
      row.title = node.path + '*';
      const complete = node.complete();
      const count = h('span', {class: complete ? 'count' : 'count partial',
        title: complete ? `${num(node.count)} keys` : `${num(node.count)} keys found so far; the scan has not finished`}, compact(node.count));
      row.replaceChildren(classed(icon('chevron'), 'chev'), classed(icon('folder'), 'folder-icon'),
          h('span', {class: 'name'}, node.name || '(empty)'), count);
    } else if (kind === 'key') {
      row.setAttribute('role', 'treeitem');
      row.setAttribute('aria-level', String(depth + 1));
      const isSelected = selected !== null && tree.get(selected) === node;
      row.setAttribute('aria-selected', String(isSelected));
      if (isSelected) row.classList.add('selected');
      row.title = node.text;
      const children = [h('span', {class: `type type-${node.type || 'other'}`}, node.type || '?'),
        h('span', {class: 'name'}, node.name === '' ? '(empty)' : node.name)];
      if (node.ttl > 0) {
        const left = node.ttl - (Date.now() - node.seen);
        children.push(h('span', {class: 'ttl', title: 'Time to live'}, icon('clock'), formatTtl(Math.max(1, left))));
      }
      row.replaceChildren(h('span', {class: 'chev-space'}), ...children);
    } else {
      row.setAttribute('role', 'treeitem');
      row.setAttribute('aria-level', String(depth + 1));
      row.classList.add('more');
      const where = node.parent ? ` in ${node.path}` : '';
      row.replaceChildren(h('span', null, node.scan.loading ? 'Loading…' : `Load more${where}`));
    }
  }

  function classed(svg, name) {
    svg.classList.add(name);
    return svg;
  }

  function refresh() {
    rows = tree.rows();
    if (focusIndex >= rows.length) focusIndex = rows.length - 1;
    list.setItems(rows);
    emptyEl.hidden = rows.length > 0;
    emptyEl.textContent = filter.match || filter.type ? 'No key matches.' : `Database ${filter.db} is empty.`;
    const loaded = num(tree.size);
    const filtered = filter.match || filter.type;
    if (tree.root.scan.loading && !tree.size) summary.textContent = 'Scanning…';
    else if (filtered) summary.textContent = `${loaded} matching${tree.root.scan.done ? '' : ' so far'}`;
    else if (tree.root.scan.done || !dbKeys) summary.textContent = `${loaded} ${tree.size === 1 ? 'key' : 'keys'}`;
    else summary.textContent = `${loaded} of ${num(dbKeys)} keys loaded`;
    summary.title = dbKeys ? `${num(dbKeys)} keys in database ${filter.db}` : '';
  }

  function revealSelected() {
    const node = selected !== null && tree.get(selected);
    if (!node) return;
    for (let f = node.folder; f; f = f.parent) f.expanded = true;
    rows = tree.rows();
    list.setItems(rows);
    const index = rows.findIndex((r) => r.node === node);
    if (index >= 0) list.scrollIntoView(index);
  }

  async function loadMore(folder) {
    if (folder.scan.loading || folder.complete()) return;
    const mine = generation;
    folder.scan.loading = true;
    refresh();
    let found = 0;
    try {
      for (let requests = 0; found < PAGE && requests < MAX_REQUESTS; requests++) {
        const page = await get('api/keys', {
          db: filter.db,
          cursor: folder.scan.cursor,
          count: SCAN_COUNT,
          match: filter.match || undefined,
          prefix: filter.match ? undefined : folder.path || undefined,
          type: filter.type || undefined,
        });
        if (mine !== generation) return;
        folder.scan.requests++;
        for (const entry of page.keys || []) if (tree.add(entry)) found++;
        folder.scan.cursor = String(page.cursor);
        if (folder.scan.cursor === '0') {
          folder.scan.done = true;
          break;
        }
      }
    } catch (e) {
      if (mine === generation) toastError(e);
    } finally {
      if (mine === generation) {
        folder.scan.loading = false;
        refresh();
      }
    }
  }

  async function loadDatabases() {
    let databases = 16;
    const counts = {};
    try {
      const [config, info] = await Promise.all([
        get('api/config', {pattern: 'databases'}).catch(() => ({})),
        get('api/info', {section: 'keyspace'}).catch(() => ({})),
      ]);
      databases = Number(config.databases) || 16;
      for (const [name, entry] of Object.entries(info.keyspace || {})) counts[name] = keyspaceCount(entry);
    } catch {
      // defaults
    }
    const value = dbSelect.value || String(filter.db);
    dbSelect.replaceChildren(...Array.from({length: databases}, (_, i) =>
      h('option', {value: String(i)}, counts[`db${i}`] ? `${i} · ${compact(counts[`db${i}`])}` : String(i))));
    dbSelect.value = value;
    dbKeys = counts[`db${filter.db}`] || 0;
    refresh();
  }

  function restart() {
    generation++;
    tree.reset();
    focusIndex = -1;
    refresh();
    loadMore(tree.root);
  }

  function toggle(folder) {
    folder.expanded = !folder.expanded;
    refresh();
    // Opening a folder the root scan has not finished: fetch its own first page (SCAN MATCH
    // prefix*). Under a pattern filter the server takes one MATCH only, so the root scan goes on.
    if (folder.expanded && !folder.complete() && folder.scan.requests === 0 && !filter.match) loadMore(folder);
  }

  async function activate(index) {
    const item = rows[index];
    if (!item) return;
    focusIndex = index;
    if (item.kind === 'folder') toggle(item.node);
    else if (item.kind === 'more') loadMore(item.node);
    else {
      if (!(await editor.confirmLeave())) return;
      selected = item.node.key;
      list.draw();
      editor.open(filter.db, item.node.key, editor.firstPage(item.node.type));
    }
  }

  treeEl.addEventListener('click', (event) => {
    const row = event.target.closest('.tree-row');
    if (row) activate(Number(row.dataset.index));
  });
  treeEl.addEventListener('keydown', (event) => {
    if (!rows.length) return;
    const item = rows[focusIndex];
    let handled = true;
    if (event.key === 'ArrowDown') focusIndex = Math.min(rows.length - 1, focusIndex + 1);
    else if (event.key === 'ArrowUp') focusIndex = Math.max(0, focusIndex - 1);
    else if (event.key === 'Home') focusIndex = 0;
    else if (event.key === 'End') focusIndex = rows.length - 1;
    else if (event.key === 'ArrowRight' && item?.kind === 'folder' && !item.node.expanded) toggle(item.node);
    else if (event.key === 'ArrowLeft' && item?.kind === 'folder' && item.node.expanded) toggle(item.node);
    else if (event.key === 'ArrowLeft' && item && item.node.folder?.parent) {
      focusIndex = rows.findIndex((r) => r.node === item.node.folder);
    } else if (event.key === 'Enter' || event.key === ' ') activate(focusIndex);
    else handled = false;
    if (!handled) return;
    event.preventDefault();
    list.scrollIntoView(focusIndex);
    treeEl.setAttribute('aria-activedescendant', `tree-row-${focusIndex}`);
    list.draw();
  });

  const onFilter = debounce(() => {
    filter.match = matchInput.value.trim();
    filter.type = typeSelect.value;
    restart();
  }, 300);
  matchInput.addEventListener('input', onFilter);
  typeSelect.addEventListener('change', onFilter);
  $('#key-filter', panel).addEventListener('submit', (event) => event.preventDefault());
  dbSelect.addEventListener('change', async () => {
    if (!(await editor.confirmLeave())) {
      dbSelect.value = String(filter.db);
      return;
    }
    filter.db = Number(dbSelect.value);
    selected = null;
    editor.empty();
    loadDatabases();
    restart();
  });
  $('#key-refresh', panel).addEventListener('click', () => {
    loadDatabases();
    restart();
  });
  $('#key-new', panel).addEventListener('click', async () => {
    if (!(await editor.confirmLeave())) return;
    selected = null;
    list.draw();
    editor.openNew(filter.db);
  });

  editor.empty();
  dbSelect.replaceChildren(h('option', {value: '0'}, '0'));
  loadDatabases();
  restart();
  // TTLs in the tree count down between scans.
  setInterval(() => {
    if (!panel.hidden) list.draw();
  }, 1000);

  return {
    show() {
      list.draw();
    },
  };
}
