// One WebSocket to /ws speaking the JSON pub/sub protocol. It reconnects with back-off and
// subscribes again to everything it had, so a restarted server or a dropped network heals itself.

import {UNAUTHORIZED} from './api.js';

export class LiveSocket {
  /**
   * onMessage(frame) gets every server frame; onStatus('connecting' | 'open' | 'closed') the state.
   */
  constructor({onMessage, onStatus}) {
    this.onMessage = onMessage;
    this.onStatus = onStatus || (() => {});
    this.channels = new Set();
    this.patterns = new Set();
    this.queue = [];
    this.ws = null;
    this.retry = 500;
    this.stopped = false;
    this.status = 'closed';
  }

  connect() {
    this.stopped = false;
    if (this.ws) return;
    const url = new URL('ws', document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.setStatus('connecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.retry = 500;
      this.setStatus('open');
      if (this.channels.size) this.raw({op: 'subscribe', channels: [...this.channels]});
      if (this.patterns.size) this.raw({op: 'psubscribe', patterns: [...this.patterns]});
      for (const frame of this.queue.splice(0)) this.raw(frame);
    });
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'error' && /^NOAUTH/.test(frame.message || '')) {
        window.dispatchEvent(new CustomEvent(UNAUTHORIZED));
      }
      this.onMessage(frame);
    });
    ws.addEventListener('close', () => {
      this.ws = null;
      this.setStatus('closed');
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 5000);
    });
  }

  close() {
    this.stopped = true;
    this.queue = [];
    if (this.ws) this.ws.close();
  }

  setStatus(status) {
    this.status = status;
    this.onStatus(status);
  }

  raw(frame) {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends now when connected, else once connected (subscriptions are replayed anyway). */
  send(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.raw(frame);
    else if (!frame.op.endsWith('subscribe')) this.queue.push(frame);
  }

  subscribe(channels) {
    channels.forEach((c) => this.channels.add(c));
    this.send({op: 'subscribe', channels});
  }

  psubscribe(patterns) {
    patterns.forEach((p) => this.patterns.add(p));
    this.send({op: 'psubscribe', patterns});
  }

  unsubscribe(channels) {
    channels.forEach((c) => this.channels.delete(c));
    this.send({op: 'unsubscribe', channels});
  }

  punsubscribe(patterns) {
    patterns.forEach((p) => this.patterns.delete(p));
    this.send({op: 'punsubscribe', patterns});
  }

  publish(channel, message) {
    this.send({op: 'publish', channel, message});
  }
}
