// Overview: figure tiles and the live charts. Charts redraw only while the panel is visible;
// coming back to it draws the history gathered meanwhile in one go.

import {$, $$, h, replace} from './dom.js';
import {bytes, compact, micros, num, percent} from './format.js';
import {stats} from './stats.js';
import {LiveChart} from './charts.js';

const series = (label, values) => ({label, values});
/** Redis's instantaneous_*_kbps unit (KiB per second), in MiB/s once that reads better. */
const kbps = (v) => (v >= 1024 ? compact(v / 1024) + ' MiB/s' : compact(v) + ' KiB/s');

const CHARTS = {
  ops: {format: compact, series: () => [series('ops/s', stats.series.ops)]},
  latency: {
    format: micros,
    series: () => [series('p50', stats.series.p50), series('p99', stats.series.p99), series('p99.9', stats.series.p999)],
  },
  memory: {format: bytes, binary: true, series: () => [series('used', stats.series.memUsed), series('rss', stats.series.memRss)]},
  clients: {
    format: compact,
    series: () => [series('connected', stats.series.clients), series('blocked', stats.series.blocked), series('pub/sub', stats.series.pubsubClients)],
  },
  hits: {format: compact, series: () => [series('hits/s', stats.series.hits), series('misses/s', stats.series.misses)]},
  net: {format: kbps, series: () => [series('in', stats.series.netIn), series('out', stats.series.netOut)]},
  shardOps: {format: compact, series: () => stats.shardOps.map((values, i) => series(`shard ${i}`, values))},
  shardKeys: {format: compact, series: () => stats.shardKeys.map((values, i) => series(`shard ${i}`, values))},
};

const TILES = [
  ['ops', 'Ops / sec', (s) => compact(s.opsPerSec), (s) => `${num(s.commands)} commands`],
  ['latency', 'Latency p99', (s) => micros(s.latencyUs?.p99), (s) => `p50 ${micros(s.latencyUs?.p50)} · max ${micros(s.latencyUs?.max)}`],
  ['memory', 'Memory', (s) => bytes(s.memory?.used), (s) => `rss ${bytes(s.memory?.rss)} · ${s.memory?.max ? 'data ' + bytes(s.memory.dataset) + ' of max ' + bytes(s.memory.max) : 'no limit'}`],
  ['clients', 'Clients', (s) => num(s.clients?.connected), (s) => `${num(s.clients?.blocked)} blocked · ${num(s.clients?.pubsub)} pub/sub`],
  ['keys', 'Keys', (s) => compact(s.keyspace?.keys), (s) => `${num(s.keyspace?.expires)} with TTL`],
  ['hitrate', 'Hit rate', (s) => percent(s.keyspace?.hits, (s.keyspace?.hits ?? 0) + (s.keyspace?.misses ?? 0)),
    (s) => `${compact(s.keyspace?.hitsPerSec)} hits/s · ${compact(s.keyspace?.missesPerSec)} misses/s`],
  ['net', 'Network', (s) => kbps((s.net?.inputKbps ?? 0) + (s.net?.outputKbps ?? 0)), (s) => `in ${kbps(s.net?.inputKbps)} · out ${kbps(s.net?.outputKbps)}`],
  ['pubsub', 'Pub/Sub', (s) => num(s.pubsub?.channels), (s) => `channels · ${num(s.pubsub?.patterns)} patterns`],
];

/** The replication card: this node's primary if it is a replica, and a row per attached replica with how far behind it is. */
function replicasCard(panel) {
  const card = $('#replicas', panel);
  const primaryLine = $('.replica-of', card);
  return (s) => {
    const replicas = s.replication?.replicas ?? [];
    const primary = s.replication?.primary;
    card.hidden = replicas.length === 0 && !primary;
    primaryLine.hidden = !primary;
    if (primary) {
      primaryLine.textContent = `Replica of ${primary.address}: link ${primary.up ? 'up' : primary.link}, `
          + `offset ${num(primary.appliedOffset)}` + (primary.up ? `, last heard ${num(primary.lastIoSec)} s ago` : '');
    }
    $('table', card).hidden = replicas.length === 0;
    replace($('tbody', card), replicas.map((r) => h('tr', null,
        h('td', null, r.address), h('td', null, r.state), h('td', {class: 'num'}, num(r.offset)),
        h('td', {class: 'num'}, bytes(r.lagBytes)), h('td', {class: 'num'}, `${num(r.ackAgeSec)} s ago`))));
  };
}

export function createOverview(panel) {
  const updateReplicas = replicasCard(panel);
  const tiles = TILES.map(([id, label, value, sub]) => {
    const valueEl = h('div', {class: 'tile-value'}, '–');
    const subEl = h('div', {class: 'tile-sub'}, '');
    const card = h('article', {class: 'card tile', dataset: {tile: id}}, h('div', {class: 'tile-label'}, label), valueEl, subEl);
    return {card, update: (s) => {
      valueEl.textContent = value(s);
      subEl.textContent = sub(s);
    }};
  });
  replace($('#tiles', panel), tiles.map((t) => t.card));

  const charts = $$('[data-chart]', panel).map((el) => {
    const spec = CHARTS[el.dataset.chart];
    return new LiveChart(el, {time: () => stats.time, series: spec.series, format: spec.format, binary: spec.binary});
  });

  let visible = false;
  let dirty = true;
  let measured = false;
  const draw = () => {
    const s = stats.last;
    // Before the first figures there is nothing to chart: the page paints without charts meanwhile.
    if (!s) return;
    dirty = false;
    tiles.forEach((t) => t.update(s));
    updateReplicas(s);
    if (!measured) {
      measured = true;
      charts.forEach((c) => c.measure());
    }
    charts.forEach((c) => c.update());
  };
  stats.on(() => {
    if (visible) draw();
    else dirty = true;
  });
  return {
    show() {
      visible = true;
      if (dirty) requestAnimationFrame(draw);
    },
    hide() {
      visible = false;
    },
  };
}
