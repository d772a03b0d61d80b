// The viewer and editor of one key. A key of up to FULL_LIMIT elements is loaded whole, edited
// here and written back in one PUT /api/key (which replaces it atomically on the server). A bigger
// one is shown a page at a time and each row edit is sent at once as its own command (HSET, ZADD,
// LSET …), because replacing millions of elements to change one would be absurd. A stream is always
// shown a page at a time: its entries are only ever appended (XADD) or removed (XDEL).

import {command, del, get, keyParams, post, put} from './api.js';
import {$, h, icon, replace} from './dom.js';
import {byteLength, display, fromEditable, identity, isBinary, toEditable} from './binary.js';
import {bytes, num, ttl as formatTtl} from './format.js';
import {confirmDialog, openDialog, promptDialog, toast, toastError} from './ui.js';

const FULL_LIMIT = 5000;
const PAGE = 100;
const TYPES = ['string', 'list', 'set', 'hash', 'zset'];

/** How each collection maps between the API's value and table rows (arrays of cells). */
const SHAPES = {
  list: {
    columns: ['Element'],
    fromValue: (value) => value.map((e) => [e]),
    toValue: (rows) => rows.map((r) => r[0]),
  },
  set: {
    columns: ['Member'],
    unique: true,
    fromValue: (value) => value.map((m) => [m]),
    toValue: (rows) => rows.map((r) => r[0]),
  },
  hash: {
    columns: ['Field', 'Value'],
    unique: true,
    fromValue: (value) => value.map((e) => [e.field, e.value]),
    toValue: (rows) => rows.map(([field, value]) => ({field, value})),
  },
  zset: {
    columns: ['Member', 'Score'],
    unique: true,
    score: 1,
    fromValue: (value) => value.map((e) => [e.member, e.score]),
    toValue: (rows) => rows.map(([member, score]) => ({member, score})),
  },
  stream: {
    columns: ['ID', 'Fields'],
    // A new entry gets one field and value, and the id XADD * gives it; entries are never edited.
    add: ['Field', 'Value'],
    appendOnly: true,
    id: 0,
    fields: 1,
    fromValue: (value) => value.map((e) => [e.id, e.fields]),
  },
};

function typeBadge(type) {
  return h('span', {class: `type type-${type === 'string' || SHAPES[type] ? type : 'other'}`}, type);
}

/** "1 entry", "3 elements": what a collection of `type` holds. */
function countOf(type, n) {
  const [one, many] = type === 'stream' ? ['entry', 'entries'] : ['element', 'elements'];
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** An entry's field/value pairs, one per line. */
function entryFields(fields) {
  return h('dl', {class: 'entry-fields'}, fields.map((f) => [h('dt', null, display(f.field)), h('dd', null, display(f.value))]));
}

/** A score as ZADD takes it: a number, or "inf"/"-inf" (which JSON numbers cannot carry). */
function parseScore(text) {
  const trimmed = text.trim();
  const infinite = /^([+-]?)inf(inity)?$/i.exec(trimmed);
  if (infinite) return infinite[1] === '-' ? '-inf' : 'inf';
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) throw new Error('The score must be a number, inf or -inf');
  return value;
}

/** An input for one cell; `binary` cells are edited in their escaped form. */
function cellInput(label, value, isScore) {
  if (isScore) {
    return h('input', {class: 'input', type: 'text', inputmode: 'decimal', 'aria-label': label, value: value === '' ? '' : String(value)});
  }
  const {text, binary} = toEditable(value);
  const input = h('input', {class: 'input mono', 'aria-label': label, value: text, spellcheck: 'false', autocomplete: 'off'});
  input.dataset.binary = binary ? '1' : '';
  if (binary) input.title = 'Binary value: bytes as \\xHH escapes';
  return input;
}

function readCell(input, isScore) {
  return isScore ? parseScore(input.value) : fromEditable(input.value, input.dataset.binary === '1');
}

export class KeyEditor {
  constructor(container, callbacks) {
    this.el = container;
    this.on = callbacks;
    this.s = null;
    this.ttlEl = null;
    setInterval(() => this.tickTtl(), 1000);
  }

  async confirmLeave() {
    if (!this.s || !this.s.dirty) return true;
    return confirmDialog('Discard changes?', 'The changes to this key have not been saved.', 'Discard');
  }

  empty(message = 'Select a key to see its value, or create a new one.') {
    this.s = null;
    replace(this.el, h('div', {class: 'detail-empty'}, icon('keys'), h('p', null, message)));
  }

  // ---------- loading ----------

  /**
   * Loads a key: whole when it has up to FULL_LIMIT elements, else one page. `page` says which:
   * {offset} for lists and sorted sets (by rank), {cursor, history} for sets, hashes and streams
   * (SSCAN/HSCAN steps, or the id shown last; history holds the cursors of the pages before, for
   * "Previous"), and {reverse} for a stream newest first.
   */
  async open(db, key, page = null) {
    const mine = Symbol('load');
    this.loading = mine;
    let data;
    try {
      const query = page
        ? {db, ...keyParams(key), count: PAGE, offset: page.offset || undefined,
          cursor: page.cursor && page.cursor !== '0' ? page.cursor : undefined, reverse: page.reverse ? 1 : undefined}
        : {db, ...keyParams(key), count: FULL_LIMIT};
      data = await get('api/key', query);
    } catch (e) {
      if (this.loading !== mine) return;
      if (e.status === 404) {
        this.empty('This key no longer exists: it was deleted or expired.');
        this.on.onDeleted(key);
      } else {
        this.empty(e.message);
      }
      return;
    }
    if (this.loading !== mine) return;
    // Too big to edit whole (or a stream, never edited whole): start again with its first page.
    if (!page && SHAPES[data.type] && (data.truncated || SHAPES[data.type].appendOnly)) {
      this.open(db, key, this.firstPage(data.type));
      return;
    }
    this.load(db, data, page);
  }

  load(db, data, page) {
    const s = {
      mode: 'view',
      db,
      key: data.key,
      type: data.type,
      ttlAt: data.ttl >= 0 ? Date.now() + data.ttl : null,
      encoding: data.encoding,
      size: data.size,
      offset: page ? page.offset || 0 : 0,
      cursor: page ? page.cursor || '0' : '0',
      nextCursor: data.cursor ?? '0',
      history: page ? page.history || [] : [],
      reverse: Boolean(page && page.reverse),
      lastId: data.lastId,
      groups: data.groups || [],
      paged: Boolean(page),
      truncated: Boolean(data.truncated),
      dirty: false,
      page: 0,
      filter: '',
      editing: null,
    };
    if (data.type === 'string') s.string = toEditable(data.value);
    else if (SHAPES[data.type]) s.rows = SHAPES[data.type].fromValue(data.value || []);
    else s.raw = data.value;
    this.s = s;
    this.render();
  }

  /** Where the page shown now is, to load it again after a change. */
  pageState() {
    const s = this.s;
    return s.paged ? {offset: s.offset, cursor: s.cursor, history: s.history, reverse: s.reverse} : null;
  }

  /** What to open a key of `type` (as the key list last saw it) with: a stream's first page, else the whole key. */
  firstPage(type, reverse = false) {
    return SHAPES[type]?.appendOnly ? {offset: 0, cursor: '0', history: [], reverse} : null;
  }

  byCursor() {
    return this.s.type === 'set' || this.s.type === 'hash' || this.s.type === 'stream';
  }

  openNew(db) {
    this.s = {mode: 'new', db, key: '', type: 'hash', ttlAt: null, size: 0, offset: 0, paged: false, dirty: false,
      page: 0, filter: '', editing: null, rows: [], string: {text: '', binary: false}, newTtl: ''};
    this.render();
    $('#new-key-name', this.el)?.focus();
  }

  // ---------- rendering ----------

  render() {
    const s = this.s;
    const head = s.mode === 'new' ? this.renderNewHead() : this.renderHead();
    const body = h('div', {class: 'detail-body'});
    this.body = body;
    if (s.type === 'string') this.renderString(body);
    else if (SHAPES[s.type]) this.renderCollection(body);
    else body.append(h('p', {class: 'note'}, `The editor handles strings, lists, sets, hashes and sorted sets; use the console for a ${s.type}.`));
    const foot = this.renderFoot();
    replace(this.el, head, body, foot);
  }

  renderHead() {
    const s = this.s;
    const actions = h('div', {class: 'detail-actions'},
        h('button', {class: 'icon-btn', type: 'button', title: 'Reload', 'aria-label': 'Reload', onclick: () => this.reload()}, icon('refresh')),
        h('button', {class: 'icon-btn', type: 'button', title: 'Rename', 'aria-label': 'Rename', onclick: () => this.rename()}, icon('edit')),
        h('button', {class: 'icon-btn danger', type: 'button', title: 'Delete', 'aria-label': 'Delete key', onclick: () => this.remove()}, icon('trash')));
    this.ttlEl = h('b', {class: 'ttl-value'}, '');
    const meta = h('div', {class: 'detail-meta'},
        h('span', null, 'Size ', h('b', null, s.type === 'string' ? bytes(byteLength(fromEditable(s.string.text, s.string.binary))) : countOf(s.type, s.size))),
        s.encoding ? h('span', null, 'Encoding ', h('b', null, s.encoding)) : null,
        s.lastId ? h('span', null, 'Last ID ', h('b', {class: 'mono'}, s.lastId)) : null,
        h('span', {class: 'ttl-form'}, 'TTL ', this.ttlEl,
            h('button', {class: 'btn btn-ghost btn-sm', type: 'button', onclick: () => this.expire()}, 'Set TTL'),
            s.ttlAt ? h('button', {class: 'btn btn-ghost btn-sm', type: 'button', onclick: () => this.persist()}, 'Persist') : null));
    this.tickTtl();
    return h('div', {class: 'detail-head'},
        h('div', {class: 'detail-title'}, typeBadge(s.type), h('h2', {class: 'detail-key'}, display(s.key)), actions),
        meta);
  }

  renderNewHead() {
    const s = this.s;
    const name = h('input', {id: 'new-key-name', class: 'input mono', value: s.key, required: true, spellcheck: 'false', autocomplete: 'off'});
    name.addEventListener('input', () => {
      s.key = name.value;
      s.dirty = true;
    });
    const type = h('select', {id: 'new-key-type', class: 'input'}, TYPES.map((t) => h('option', {value: t, selected: t === s.type}, t)));
    type.addEventListener('change', () => {
      s.type = type.value;
      s.rows = [];
      s.string = {text: '', binary: false};
      s.editing = null;
      this.render();
    });
    const ttl = h('input', {id: 'new-key-ttl', class: 'input', inputmode: 'numeric', placeholder: 'none', value: s.newTtl});
    ttl.addEventListener('input', () => {
      s.newTtl = ttl.value;
    });
    return h('div', {class: 'detail-head'},
        h('div', {class: 'detail-title'}, h('h2', {class: 'card-title'}, 'New key')),
        h('div', {class: 'new-key'},
            h('label', {class: 'field', for: 'new-key-name'}, h('span', null, 'Key name'), name),
            h('label', {class: 'field', for: 'new-key-type'}, h('span', null, 'Type'), type),
            h('label', {class: 'field', for: 'new-key-ttl'}, h('span', null, 'TTL (seconds)'), ttl)));
  }

  renderFoot() {
    const s = this.s;
    const collectionPaged = s.paged && SHAPES[s.type];
    if (collectionPaged || (s.mode === 'view' && !SHAPES[s.type] && s.type !== 'string')) return null;
    const readOnly = s.type === 'string' && s.truncated;
    this.dirtyEl = h('span', {class: 'dirty', hidden: !s.dirty || s.mode === 'new'}, 'Unsaved changes');
    this.discardEl = h('button', {class: 'btn btn-ghost', type: 'button', hidden: !s.dirty, onclick: () => this.discard()}, 'Discard');
    return h('div', {class: 'detail-foot'}, this.dirtyEl, h('span', {class: 'spacer'}),
        s.mode === 'view' ? this.discardEl : null,
        s.mode === 'new' ? h('button', {class: 'btn btn-ghost', type: 'button', onclick: () => this.cancelNew()}, 'Cancel') : null,
        h('button', {class: 'btn btn-primary', type: 'button', disabled: readOnly, onclick: () => this.save()}, s.mode === 'new' ? 'Create' : 'Save'));
  }

  markDirty() {
    this.s.dirty = true;
    if (this.s.mode === 'new') return;
    if (this.dirtyEl) this.dirtyEl.hidden = false;
    if (this.discardEl) this.discardEl.hidden = false;
  }

  tickTtl() {
    const s = this.s;
    if (!s || s.mode !== 'view' || !this.ttlEl) return;
    if (!s.ttlAt) {
      this.ttlEl.textContent = 'no expiry';
      return;
    }
    const left = s.ttlAt - Date.now();
    this.ttlEl.textContent = left > 0 ? formatTtl(left) : 'expired';
  }

  // ---------- strings ----------

  renderString(body) {
    const s = this.s;
    const area = h('textarea', {class: 'input', 'aria-label': 'Value', spellcheck: 'false', readOnly: s.truncated});
    area.value = s.string.text;
    const info = h('span', null, s.string.binary ? 'Binary value, shown with \\xHH escapes' : '');
    area.addEventListener('input', () => {
      s.string.text = area.value;
      this.markDirty();
    });
    const format = h('button', {class: 'btn btn-ghost btn-sm', type: 'button', onclick: () => {
      try {
        area.value = JSON.stringify(JSON.parse(area.value), null, 2);
        s.string.text = area.value;
        this.markDirty();
      } catch {
        toast('The value is not JSON', {error: true});
      }
    }}, 'Format JSON');
    body.append(h('div', {class: 'string-editor'},
        s.truncated ? h('p', {class: 'note'}, 'This value is too large to edit here; it is shown cut short.') : null,
        h('div', {class: 'string-tools'}, info, h('span', {class: 'spacer'}), s.string.binary ? null : format),
        area));
  }

  // ---------- collections ----------

  renderCollection(body) {
    const s = this.s;
    const shape = SHAPES[s.type];
    if (shape.appendOnly) {
      body.append(h('p', {class: 'note'}, `Shown ${PAGE} entries at a time; an entry added or removed here is applied to the server at once.`));
    } else if (s.paged) {
      body.append(h('p', {class: 'note'},
          `A large ${s.type}: shown ${PAGE} elements at a time, and each change is applied to the server at once.`));
    }
    if (s.type === 'stream') body.append(this.renderGroups());
    body.append(this.renderAddRow(shape));
    const filter = h('input', {class: 'input input-sm', type: 'search', placeholder: 'Filter', 'aria-label': 'Filter elements', value: s.filter});
    filter.addEventListener('input', () => {
      s.filter = filter.value;
      s.page = 0;
      this.renderTable();
    });
    this.countEl = h('span', null);
    body.append(h('div', {class: 'collection-tools'}, this.countEl, h('span', {class: 'spacer'}),
        s.paged ? null : filter, s.type === 'stream' ? this.renderOrder() : null));
    this.tableWrap = h('div', {class: 'table-wrap'});
    this.pagerEl = h('div', {class: 'pager'});
    body.append(this.tableWrap, this.pagerEl);
    this.renderTable();
  }

  /** A stream's consumer groups: name, pending entries, last delivered id. */
  renderGroups() {
    const groups = this.s.groups;
    if (!groups.length) return h('p', {class: 'stream-groups muted'}, 'No consumer groups.');
    return h('div', {class: 'stream-groups'}, h('span', {class: 'muted'}, groups.length === 1 ? 'Consumer group' : 'Consumer groups'),
        groups.map((g) => h('span', {class: 'stream-group', title: `Last delivered ID ${g.lastDeliveredId}`},
            h('b', null, display(g.name)), ` ${num(g.pending)} pending · last delivered `, h('span', {class: 'mono'}, g.lastDeliveredId))));
  }

  /** Oldest or newest entries first; changing it starts again from the first page. */
  renderOrder() {
    const s = this.s;
    const order = h('select', {class: 'input input-sm', 'aria-label': 'Order'},
        h('option', {value: '', selected: !s.reverse}, 'Oldest first'),
        h('option', {value: '1', selected: s.reverse}, 'Newest first'));
    order.addEventListener('change', () => this.open(s.db, s.key, this.firstPage(s.type, order.value === '1')));
    return order;
  }

  renderAddRow(shape) {
    const s = this.s;
    const labels = shape.add || shape.columns;
    const inputs = labels.map((label, i) => {
      const input = cellInput(label, '', i === shape.score);
      input.placeholder = label;
      return input;
    });
    const fields = labels.map((label, i) =>
      h('label', {class: i === shape.score ? 'field score' : 'field'}, h('span', null, label), inputs[i]));
    let where = null;
    if (s.type === 'list') {
      where = h('select', {class: 'input', 'aria-label': 'Where'}, h('option', {value: 'tail'}, 'at the tail'), h('option', {value: 'head'}, 'at the head'));
      fields.push(h('label', {class: 'field score'}, h('span', null, 'Insert'), where));
    }
    const form = h('form', {class: 'add-row', 'aria-label': shape.appendOnly ? 'Add entry' : 'Add element'}, fields,
        h('button', {class: 'btn btn-primary', type: 'submit'}, icon('plus'), h('span', null, 'Add')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const cells = inputs.map((input, i) => readCell(input, i === shape.score));
        await this.addRow(cells, where ? where.value : 'tail');
        inputs.forEach((input) => {
          input.value = '';
        });
        inputs[0].focus();
      } catch (e) {
        toastError(e);
      }
    });
    return form;
  }

  /** Rows shown on this page: {cells, index} with index into s.rows. */
  visibleRows() {
    const s = this.s;
    let list = s.rows.map((cells, index) => ({cells, index}));
    if (!s.paged && s.filter) {
      const needle = s.filter.toLowerCase();
      list = list.filter(({cells}) => cells.some((c) => display(c).toLowerCase().includes(needle)));
    }
    const total = list.length;
    if (!s.paged) {
      const pages = Math.max(1, Math.ceil(total / PAGE));
      s.page = Math.min(s.page, pages - 1);
      list = list.slice(s.page * PAGE, (s.page + 1) * PAGE);
    }
    return {list, total};
  }

  renderTable() {
    const s = this.s;
    const shape = SHAPES[s.type];
    const {list, total} = this.visibleRows();
    const head = h('tr', null, s.type === 'list' ? h('th', {class: 'num index'}, 'Index') : null,
        shape.columns.map((c, i) => h('th', {class: i === shape.score ? 'num' : i === shape.id ? 'entry-id' : null}, c)), h('th', {class: 'actions'}, h('span', {class: 'visually-hidden'}, 'Actions')));
    const rows = list.map(({cells, index}) => this.renderRow(shape, cells, index));
    replace(this.tableWrap, rows.length
      ? h('table', {class: 'table'}, h('thead', null, head), h('tbody', null, rows))
      : h('p', {class: 'empty'}, s.rows.length ? 'Nothing matches the filter.' : s.mode === 'new' ? 'Add the first element above.' : 'Empty.'));
    const size = s.paged ? s.size : s.rows.length;
    this.countEl.textContent = countOf(s.type, size) + (s.filter && !s.paged ? ` · ${num(total)} shown` : '');
    this.renderPager(total);
  }

  renderRow(shape, cells, index) {
    const s = this.s;
    const position = s.paged ? s.offset + index : index;
    const indexCell = s.type === 'list' ? h('td', {class: 'num index muted'}, String(position)) : null;
    const name = s.type === 'list' ? `element ${position}` : s.type === 'stream' ? `entry ${cells[0]}` : display(cells[0]);
    if (s.editing === index) {
      const inputs = cells.map((c, i) => cellInput(shape.columns[i], c, i === shape.score));
      const commit = async () => {
        try {
          await this.editRow(index, inputs.map((input, i) => readCell(input, i === shape.score)));
        } catch (e) {
          toastError(e);
        }
      };
      inputs.forEach((input) => input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') {
          s.editing = null;
          this.renderTable();
        }
      }));
      setTimeout(() => inputs[0].focus());
      return h('tr', null, indexCell, inputs.map((input, i) => h('td', {class: i === shape.score ? 'num' : null}, input)),
          h('td', {class: 'actions'},
              h('button', {class: 'btn btn-primary btn-sm', type: 'button', onclick: commit}, 'Apply'),
              h('button', {class: 'btn btn-ghost btn-sm', type: 'button', onclick: () => {
                s.editing = null;
                this.renderTable();
              }}, 'Cancel')));
    }
    return h('tr', null, indexCell,
        cells.map((c, i) => i === shape.score
          ? h('td', {class: 'num mono'}, String(c))
          : h('td', {class: i === shape.id ? 'cell-value entry-id' : 'cell-value'}, i === shape.fields ? entryFields(c) : display(c))),
        h('td', {class: 'actions'},
            shape.appendOnly ? null : h('button', {class: 'icon-btn', type: 'button', title: 'Edit', 'aria-label': `Edit ${name}`, onclick: () => {
              s.editing = index;
              this.renderTable();
            }}, icon('edit')),
            h('button', {class: 'icon-btn danger', type: 'button', title: 'Remove', 'aria-label': `Remove ${name}`,
              onclick: () => this.deleteRow(index).catch(toastError)}, icon('trash'))));
  }

  renderPager(total) {
    const s = this.s;
    let label;
    let hasPrev;
    let hasNext;
    let go;
    if (s.paged && this.byCursor()) {
      // SSCAN/HSCAN pages: no offsets, so the label counts pages, and "Previous" replays a cursor.
      label = `Page ${num(s.history.length + 1)} · ${num(s.rows.length)} shown of ${num(s.size)}`;
      hasPrev = s.history.length > 0;
      hasNext = s.nextCursor !== '0';
      go = (delta) => {
        const history = [...s.history];
        const cursor = delta > 0 ? s.nextCursor : history.pop();
        if (delta > 0) history.push(s.cursor);
        this.open(s.db, s.key, {cursor, history, reverse: s.reverse});
      };
    } else if (s.paged) {
      label = `${num(s.offset + 1)}–${num(s.offset + s.rows.length)} of ${num(s.size)}`;
      hasPrev = s.offset > 0;
      hasNext = s.offset + s.rows.length < s.size;
      go = (delta) => this.open(s.db, s.key, {offset: Math.max(0, s.offset + delta * PAGE)});
    } else {
      const first = s.page * PAGE;
      const last = Math.min(total, first + PAGE);
      label = `${num(first + 1)}–${num(last)} of ${num(total)}`;
      hasPrev = s.page > 0;
      hasNext = last < total;
      go = (delta) => {
        s.page += delta;
        this.renderTable();
      };
    }
    this.pagerEl.hidden = !hasPrev && !hasNext;
    if (this.pagerEl.hidden) return;
    replace(this.pagerEl, label, h('span', {class: 'spacer'}),
        h('button', {class: 'btn btn-ghost btn-sm', type: 'button', disabled: !hasPrev, onclick: () => go(-1)}, 'Previous'),
        h('button', {class: 'btn btn-ghost btn-sm', type: 'button', disabled: !hasNext, onclick: () => go(1)}, 'Next'));
  }

  // ---------- row changes ----------

  findRow(cells, except) {
    const id = identity(cells[0]);
    return this.s.rows.findIndex((r, i) => i !== except && identity(r[0]) === id);
  }

  async addRow(cells, where) {
    const s = this.s;
    const shape = SHAPES[s.type];
    if (s.paged) {
      const added = await this.run(this.addCommand(cells, where));
      if (s.type === 'stream') toast(`Entry ${display(added.reply.value)} added`);
      return this.refreshPage();
    }
    const existing = shape.unique ? this.findRow(cells, -1) : -1;
    if (existing >= 0) {
      if (s.type === 'set') throw new Error('Already a member');
      s.rows[existing] = cells;
      toast(`${shape.columns[0]} existed: its ${shape.columns[1].toLowerCase()} is replaced`);
    } else if (where === 'head') {
      s.rows.unshift(cells);
    } else {
      s.rows.push(cells);
      if (!s.filter) s.page = Math.floor((s.rows.length - 1) / PAGE);
    }
    this.markDirty();
    this.renderTable();
  }

  async editRow(index, cells) {
    const s = this.s;
    const shape = SHAPES[s.type];
    if (s.paged) {
      for (const args of this.editCommands(s.rows[index], cells, s.offset + index)) await this.run(args);
      s.editing = null;
      return this.refreshPage();
    }
    if (shape.unique && this.findRow(cells, index) >= 0) throw new Error(`Another row has this ${shape.columns[0].toLowerCase()}`);
    s.rows[index] = cells;
    s.editing = null;
    this.markDirty();
    this.renderTable();
  }

  async deleteRow(index) {
    const s = this.s;
    if (s.paged) {
      for (const args of this.deleteCommands(s.rows[index], s.offset + index)) await this.run(args);
      return this.refreshPage();
    }
    s.rows.splice(index, 1);
    if (s.editing === index) s.editing = null;
    this.markDirty();
    this.renderTable();
  }

  addCommand(cells, where) {
    const key = this.s.key;
    switch (this.s.type) {
      case 'list': return [where === 'head' ? 'LPUSH' : 'RPUSH', key, cells[0]];
      case 'set': return ['SADD', key, cells[0]];
      case 'hash': return ['HSET', key, cells[0], cells[1]];
      case 'stream': return ['XADD', key, '*', cells[0], cells[1]];
      default: return ['ZADD', key, String(cells[1]), cells[0]];
    }
  }

  editCommands(old, cells, position) {
    const key = this.s.key;
    const renamed = identity(old[0]) !== identity(cells[0]);
    switch (this.s.type) {
      case 'list': return [['LSET', key, String(position), cells[0]]];
      case 'set': return renamed ? [['SREM', key, old[0]], ['SADD', key, cells[0]]] : [];
      case 'hash': return [...(renamed ? [['HDEL', key, old[0]]] : []), ['HSET', key, cells[0], cells[1]]];
      default: return [...(renamed ? [['ZREM', key, old[0]]] : []), ['ZADD', key, String(cells[1]), cells[0]]];
    }
  }

  deleteCommands(old, position) {
    const key = this.s.key;
    switch (this.s.type) {
      case 'list': {
        // Lists have no remove-by-index: mark the element with a unique value, then remove that.
        const mark = `__verdis_removed_${Date.now()}_${Math.random().toString(36).slice(2)}`;
        return [['LSET', key, String(position), mark], ['LREM', key, '1', mark]];
      }
      case 'set': return [['SREM', key, old[0]]];
      case 'hash': return [['HDEL', key, old[0]]];
      case 'stream': return [['XDEL', key, old[0]]];
      default: return [['ZREM', key, old[0]]];
    }
  }

  async run(args) {
    const result = await command(this.s.db, args);
    if (result.reply && result.reply.type === 'error') throw new Error(result.reply.value ?? result.text);
    return result;
  }

  refreshPage() {
    return this.open(this.s.db, this.s.key, this.pageState());
  }

  // ---------- key actions ----------

  currentTtl() {
    const s = this.s;
    if (s.mode === 'new') {
      const text = (s.newTtl || '').trim();
      if (!text) return -1;
      const seconds = Number(text);
      if (!Number.isInteger(seconds) || seconds <= 0) throw new Error('The TTL must be a whole number of seconds');
      return seconds * 1000;
    }
    return s.ttlAt ? Math.max(1, s.ttlAt - Date.now()) : -1;
  }

  async save() {
    const s = this.s;
    try {
      if (s.mode === 'new' && !s.key) throw new Error('The key needs a name');
      let value;
      if (s.type === 'string') value = fromEditable(s.string.text, s.string.binary);
      else {
        if (!s.rows.length) throw new Error(`A ${s.type} needs at least one element`);
        value = SHAPES[s.type].toValue(s.rows);
      }
      const ttl = this.currentTtl();
      if (s.mode === 'new') {
        const exists = await this.run(['EXISTS', s.key]);
        if (exists.reply && exists.reply.value) throw new Error(`The key "${display(s.key)}" exists already`);
      }
      const data = await put('api/key', {db: s.db, ...keyParams(s.key)},
          {type: s.type, value, ttl});
      toast(s.mode === 'new' ? 'Key created' : 'Saved');
      this.on.onSaved({db: s.db, key: data.key ?? s.key, type: data.type ?? s.type, ttl: data.ttl ?? ttl});
      this.load(s.db, data, null);
    } catch (e) {
      toastError(e);
    }
  }

  async discard() {
    if (await this.confirmLeave()) this.open(this.s.db, this.s.key);
  }

  async cancelNew() {
    if (await this.confirmLeave()) this.empty();
  }

  async reload() {
    if (await this.confirmLeave()) this.open(this.s.db, this.s.key, this.pageState());
  }

  async rename() {
    const s = this.s;
    const binary = isBinary(s.key);
    const text = await promptDialog('Rename key', binary ? 'New name (\\xHH escapes)' : 'New name', display(s.key), 'Rename');
    if (text === null || text === display(s.key)) return;
    try {
      const newKey = fromEditable(text, binary);
      await post('api/key/rename', {db: s.db, key: s.key, newKey});
      toast('Renamed');
      this.on.onRenamed(s.key, {db: s.db, key: newKey, type: s.type, ttl: s.ttlAt ? s.ttlAt - Date.now() : -1});
      this.open(s.db, newKey);
    } catch (e) {
      toastError(e);
    }
  }

  async remove() {
    const s = this.s;
    if (!(await confirmDialog('Delete key?', `"${display(s.key)}" will be deleted.`))) return;
    try {
      await del('api/key', {db: s.db, ...keyParams(s.key)});
      toast('Deleted');
      this.on.onDeleted(s.key);
      this.empty();
    } catch (e) {
      toastError(e);
    }
  }

  async expire() {
    const s = this.s;
    const input = h('input', {class: 'input', inputmode: 'numeric', value: s.ttlAt ? String(Math.ceil((s.ttlAt - Date.now()) / 1000)) : '', required: true});
    const seconds = await openDialog({
      title: 'Set time to live',
      ok: 'Apply',
      body: [h('label', {class: 'field'}, h('span', null, 'Seconds until the key expires'), input)],
      accept: () => {
        const value = Number(input.value);
        if (!Number.isInteger(value) || value <= 0) throw new Error('Enter a whole number of seconds above 0');
        return value;
      },
    });
    if (seconds !== null) this.setTtl(seconds * 1000);
  }

  persist() {
    this.setTtl(-1);
  }

  async setTtl(ms) {
    const s = this.s;
    try {
      await post('api/key/expire', {db: s.db, key: s.key, ttl: ms});
      s.ttlAt = ms >= 0 ? Date.now() + ms : null;
      this.on.onTtl(s.key, ms);
      toast(ms >= 0 ? 'TTL set' : 'Expiry removed');
      // Re-render the head only, keeping unsaved edits in the body.
      this.el.firstChild.replaceWith(this.renderHead());
    } catch (e) {
      toastError(e);
    }
  }
}
