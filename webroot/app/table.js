// A sortable, filterable table that draws one page of rows at a time (the client list of a server
// with ten thousand connections stays light).

import {h, replace} from './dom.js';
import {num} from './format.js';

export class DataTable {
  /**
   * columns: [{key, label, num?, className?, render?(row) -> node|string, value?(row) -> sort/filter value}]
   */
  constructor(container, {columns, pageSize = 100, empty = 'Nothing to show.', sort = null}) {
    this.container = container;
    this.columns = columns;
    this.pageSize = pageSize;
    this.emptyText = empty;
    this.sort = sort;
    this.rows = [];
    this.filter = '';
    this.page = 0;
    this.wrap = h('div', {class: 'table-wrap'});
    this.pager = h('div', {class: 'pager'});
    replace(container, this.wrap, this.pager);
  }

  value(column, row) {
    return column.value ? column.value(row) : row[column.key];
  }

  setRows(rows) {
    this.rows = rows;
    this.render();
  }

  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    this.page = 0;
    this.render();
  }

  view() {
    let rows = this.rows;
    if (this.filter) {
      rows = rows.filter((row) => this.columns.some((c) => String(this.value(c, row) ?? '').toLowerCase().includes(this.filter)));
    }
    if (this.sort) {
      const column = this.columns.find((c) => c.key === this.sort.key);
      const dir = this.sort.dir === 'desc' ? -1 : 1;
      rows = [...rows].sort((a, b) => {
        const x = this.value(column, a);
        const y = this.value(column, b);
        if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
        return String(x ?? '').localeCompare(String(y ?? ''), 'en', {numeric: true}) * dir;
      });
    }
    return rows;
  }

  render() {
    const rows = this.view();
    const pages = Math.max(1, Math.ceil(rows.length / this.pageSize));
    this.page = Math.min(this.page, pages - 1);
    const pageRows = rows.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize);
    const head = h('tr', null, this.columns.map((c) => {
      const sortable = c.sortable !== false && c.key;
      const th = h('th', {class: [c.num ? 'num' : '', sortable ? 'sortable' : '', c.className === 'actions' ? 'actions' : ''].join(' ').trim() || null, scope: 'col'}, c.label);
      if (sortable) {
        th.tabIndex = 0;
        if (this.sort && this.sort.key === c.key) th.setAttribute('aria-sort', this.sort.dir === 'desc' ? 'descending' : 'ascending');
        const toggle = () => {
          this.sort = {key: c.key, dir: this.sort && this.sort.key === c.key && this.sort.dir === 'asc' ? 'desc' : 'asc'};
          this.render();
        };
        th.addEventListener('click', toggle);
        th.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            toggle();
          }
        });
      }
      return th;
    }));
    const body = pageRows.map((row) => h('tr', null, this.columns.map((c) => {
      const content = c.render ? c.render(row) : this.value(c, row);
      return h('td', {class: [c.num ? 'num' : '', c.className || ''].join(' ').trim() || null}, content ?? '');
    })));
    replace(this.wrap, h('table', {class: 'table'}, h('thead', null, head), h('tbody', null, body)),
        rows.length ? null : h('p', {class: 'empty'}, this.filter ? 'Nothing matches the filter.' : this.emptyText));
    this.pager.hidden = pages <= 1;
    if (pages > 1) {
      const first = this.page * this.pageSize;
      replace(this.pager, `${num(first + 1)}–${num(first + pageRows.length)} of ${num(rows.length)}`, h('span', {class: 'spacer'}),
          h('button', {class: 'btn btn-ghost btn-sm', type: 'button', disabled: this.page === 0, onclick: () => {
            this.page--;
            this.render();
          }}, 'Previous'),
          h('button', {class: 'btn btn-ghost btn-sm', type: 'button', disabled: this.page >= pages - 1, onclick: () => {
            this.page++;
            this.render();
          }}, 'Next'));
    }
  }
}

/** Re-runs `load` every `ms` while the panel is shown and the checkbox ticked. */
export function autoRefresh(checkbox, load, ms = 5000) {
  let timer = 0;
  let visible = false;
  const arm = () => {
    clearInterval(timer);
    if (visible && checkbox.checked) timer = setInterval(load, ms);
  };
  checkbox.addEventListener('change', arm);
  return {
    show() {
      visible = true;
      load();
      arm();
    },
    hide() {
      visible = false;
      arm();
    },
  };
}
