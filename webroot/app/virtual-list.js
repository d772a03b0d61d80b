// A list that draws only the rows in view (plus a few), whatever its length: the key tree stays
// smooth with a hundred thousand keys loaded. Rows have one fixed height.

export class VirtualList {
  constructor(viewport, {rowHeight, render}) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.render = render;
    this.items = [];
    this.spacer = document.createElement('div');
    this.spacer.className = 'tree-spacer';
    viewport.replaceChildren(this.spacer);
    this.pool = [];
    this.scheduled = false;
    viewport.addEventListener('scroll', () => this.schedule(), {passive: true});
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  setItems(items) {
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    this.draw();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.draw();
    });
  }

  /** Redraws the rows in view (after a change of selection, say). */
  draw() {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - 4);
    const last = Math.min(this.items.length, Math.ceil((top + height) / this.rowHeight) + 4);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const row = document.createElement('div');
      this.pool.push(row);
      this.spacer.append(row);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      if (i >= count) {
        if (!row.hidden) {
          row.hidden = true;
          row.removeAttribute('id');
          row.className = '';
        }
        continue;
      }
      const index = first + i;
      row.hidden = false;
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      this.render(row, this.items[index], index);
    }
  }

  scrollIntoView(index) {
    const top = index * this.rowHeight;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + this.rowHeight > view.scrollTop + view.clientHeight) view.scrollTop = top + this.rowHeight - view.clientHeight;
  }
}
