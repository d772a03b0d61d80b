// The live figures: one JSON document a second from the __verdis__:stats channel over /ws (the
// first one from GET /api/stats so the page is not empty for a second). Five minutes of history
// are kept in column arrays, the shape uPlot draws from, so a new point costs a push and a shift.

import {get} from './api.js';
import {LiveSocket} from './socket.js';

export const STATS_CHANNEL = '__verdis__:stats';
const HISTORY = 300;

/** Each series: a name and how to read it from a stats document. */
const SERIES = {
  ops: (s) => s.opsPerSec,
  p50: (s) => s.latencyUs?.p50,
  p99: (s) => s.latencyUs?.p99,
  p999: (s) => s.latencyUs?.p999,
  memUsed: (s) => s.memory?.used,
  memRss: (s) => s.memory?.rss,
  clients: (s) => s.clients?.connected,
  blocked: (s) => s.clients?.blocked,
  pubsubClients: (s) => s.clients?.pubsub,
  hits: (s) => s.keyspace?.hitsPerSec,
  misses: (s) => s.keyspace?.missesPerSec,
  keys: (s) => s.keyspace?.keys,
  netIn: (s) => s.net?.inputKbps,
  netOut: (s) => s.net?.outputKbps,
};

class StatsStore {
  constructor() {
    this.time = [];
    this.series = Object.fromEntries(Object.keys(SERIES).map((name) => [name, []]));
    this.shardOps = [];
    this.shardKeys = [];
    this.last = null;
    this.listeners = new Set();
    this.statusListeners = new Set();
    this.socket = null;
  }

  on(listener) {
    this.listeners.add(listener);
    if (this.last) listener(this.last);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener) {
    this.statusListeners.add(listener);
    listener(this.socket ? this.socket.status : 'closed');
  }

  start() {
    if (this.socket) return;
    this.socket = new LiveSocket({
      onMessage: (frame) => {
        if (frame.type === 'message' && frame.channel === STATS_CHANNEL) {
          try {
            this.ingest(JSON.parse(frame.data));
          } catch (e) {
            console.warn('bad stats document', e);
          }
        }
      },
      onStatus: (status) => this.statusListeners.forEach((l) => l(status)),
    });
    this.socket.subscribe([STATS_CHANNEL]);
    this.socket.connect();
    get('api/stats').then((s) => this.ingest(s)).catch(() => {});
  }

  stop() {
    if (this.socket) this.socket.close();
    this.socket = null;
  }

  ingest(s) {
    if (!s || typeof s.time !== 'number') return;
    const previous = this.last;
    if (previous && s.time <= previous.time) return;
    // A hole (reconnect, server restart) stays a hole in the charts instead of a straight line.
    if (previous && s.time - previous.time > 3500) this.push(previous.time / 1000 + 1, null);
    this.push(s.time / 1000, s);
    this.last = s;
    this.listeners.forEach((l) => l(s));
  }

  push(t, s) {
    const trimTo = (array) => {
      if (array.length > HISTORY) array.splice(0, array.length - HISTORY);
    };
    this.time.push(t);
    trimTo(this.time);
    for (const [name, read] of Object.entries(SERIES)) {
      const array = this.series[name];
      array.push(s ? read(s) ?? null : null);
      trimTo(array);
    }
    const shards = s && Array.isArray(s.shards) ? s.shards : [];
    const count = Math.max(shards.length, this.shardOps.length);
    for (let i = 0; i < count; i++) {
      for (const [arrays, field] of [[this.shardOps, 'opsPerSec'], [this.shardKeys, 'keys']]) {
        if (!arrays[i]) arrays[i] = new Array(this.time.length - 1).fill(null);
        arrays[i].push(shards[i] ? shards[i][field] ?? null : null);
        trimTo(arrays[i]);
      }
    }
  }
}

export const stats = new StatsStore();
