// Line charts on uPlot: canvas drawing, tiny, fast enough to redraw a dozen charts every second.
// Colours come from the CSS custom properties, so a chart follows the light or dark scheme; when
// the scheme changes the charts are built again from the same data.

import uPlot from '../vendor/uplot-1.6.32/uPlot.esm.js';
import {time} from './format.js';

const PALETTE = ['--c1', '--c2', '--c3', '--c4', '--c5', '--c6', '--c7', '--c8'];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function paletteColor(i) {
  return cssVar(PALETTE[i % PALETTE.length]);
}

function withAlpha(hex, alpha) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const WINDOW_SECONDS = 300;
const POWERS_OF_TWO = Array.from({length: 60}, (_, i) => 2 ** i);

const charts = new Set();
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
darkScheme.addEventListener('change', () => charts.forEach((c) => c.rebuild()));

/**
 * A chart in `container` drawing `series()` (a list of {label, values}) against `time()`; `format`
 * writes a y value for the axis and the legend.
 */
export class LiveChart {
  constructor(container, {time, series, format, height = 190, fill = true, binary = false}) {
    this.binary = binary;
    this.container = container;
    this.time = time;
    this.series = series;
    this.format = format;
    this.height = height;
    this.fill = fill;
    this.plot = null;
    this.width = null;
    this.labels = '';
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
    charts.add(this);
  }

  options(list) {
    const axis = cssVar('--axis');
    const grid = cssVar('--grid');
    const fmt = this.format;
    return {
      width: this.width ?? this.measure(),
      height: this.height,
      legend: {live: true},
      cursor: {drag: {x: false, y: false}, points: {size: 6}},
      // Always the last five minutes, filling from the right as the history grows.
      scales: {
        x: {time: true, range: (u, min, max) => [(max ?? Date.now() / 1000) - WINDOW_SECONDS, max ?? Date.now() / 1000]},
        y: {range: (u, min, max) => [Math.min(0, min ?? 0), max > 0 ? max * 1.1 : 1]},
      },
      axes: [
        {
          stroke: axis, grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1}, font: '11px system-ui', space: 70,
          values: (u, splits) => splits.map((t) => time(t * 1000)),
        },
        {
          stroke: axis, grid: {stroke: grid, width: 1}, ticks: {show: false}, font: '11px system-ui', size: 62,
          values: (u, splits) => splits.map((v) => fmt(v)),
          // Byte figures step in powers of two (4 MiB, 8 MiB …) rather than 4.77 MiB.
          incrs: this.binary ? POWERS_OF_TWO : undefined,
        },
      ],
      series: [
        {value: (u, t) => (t == null ? '–' : time(t * 1000))},
        ...list.map((s, i) => {
          const color = s.color || paletteColor(i);
          return {
            label: s.label,
            stroke: color,
            width: 1.6,
            fill: this.fill && list.length <= 2 && i === 0 ? withAlpha(color, 0.12) : undefined,
            points: {show: false},
            spanGaps: false,
            value: (u, v) => (v == null ? '–' : fmt(v)),
          };
        }),
      ],
    };
  }

  data(list) {
    return [this.time(), ...list.map((s) => s.values)];
  }

  /** Draws the latest data; builds the chart first if its series changed (e.g. a new shard). */
  update() {
    const list = this.series();
    const labels = list.map((s) => s.label).join('\u0000');
    if (!this.plot || labels !== this.labels) {
      this.labels = labels;
      this.build(list);
      return;
    }
    this.plot.setData(this.data(list));
    this.showLatest();
    this.mark(list);
  }

  /** Unless the pointer is over the chart, the legend shows the newest values. */
  showLatest() {
    const plot = this.plot;
    if (plot.cursor.left >= 0) return;
    const n = plot.data[0].length;
    if (n) plot.setLegend({idx: n - 1});
  }

  /** How many points and the newest value, as data attributes: what the browser tests watch. */
  mark(list) {
    const time = this.time();
    this.container.dataset.points = String(time.length);
    const first = list[0] ? list[0].values : [];
    this.container.dataset.last = String(first.length ? first[first.length - 1] : '');
    this.container.dataset.lastTime = String(time.length ? time[time.length - 1] : '');
  }

  build(list) {
    if (this.plot) this.plot.destroy();
    this.container.replaceChildren();
    this.plot = new uPlot(this.options(list), this.data(list), this.container);
    this.showLatest();
    this.mark(list);
  }

  rebuild() {
    if (!this.plot) return;
    this.labels = '';
    this.update();
  }

  /**
   * Reads the container's width for the next build. Building charts one after the other, each
   * reading its width after the previous one changed the page, costs a layout per chart: a page
   * of charts measures them all first.
   */
  measure() {
    this.width = Math.max(200, this.container.clientWidth);
    return this.width;
  }

  resize() {
    if (!this.plot) return;
    const width = this.measure();
    if (width !== this.plot.width) this.plot.setSize({width, height: this.height});
  }

  /** The drawn data, for tests and for the tiles: series index -> values. */
  values(i) {
    return this.plot ? this.plot.data[i + 1] : [];
  }
}
