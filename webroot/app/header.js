// The header: version, uptime, role, persistence. INFO is asked once (version and role do not
// change while the server runs); everything else comes with each second's stats document.

import {get} from './api.js';
import {$, h, replace} from './dom.js';
import {ago, duration} from './format.js';
import {stats} from './stats.js';

export const server = {info: null, port: null, databases: 16};

export async function loadInfo() {
  try {
    const info = await get('api/info');
    server.info = info;
    server.port = info.server?.tcp_port ?? null;
    const version = info.server?.verdis_version;
    const redis = info.server?.redis_version;
    $('#fact-version').textContent = version ? `Verdis ${version}` : `Redis ${redis ?? '?'}`;
    if (version && redis) $('#fact-version').title = `Redis ${redis} compatible`;
    $('#fact-role').textContent = info.replication?.role ?? 'master';
    if (!stats.last) showUptime(info.server?.uptime_in_seconds);
  } catch {
    // The header stays at '–'; panels show their own errors.
  }
  return server.info;
}

function showUptime(seconds) {
  if (seconds !== undefined) $('#fact-uptime').textContent = duration(seconds);
}

function badge(text, kind, title) {
  return h('span', {class: `badge${kind ? ' badge-' + kind : ''}`, title}, text);
}

function showPersistence(p) {
  if (!p) return;
  const badges = [];
  if (p.loading) badges.push(badge('Loading', 'warn'));
  if (p.aofEnabled) {
    const ok = (p.aofLastWriteStatus ?? 'ok') === 'ok';
    badges.push(badge(ok ? 'AOF on' : 'AOF write failed', ok ? 'ok' : 'danger', `Last AOF write: ${p.aofLastWriteStatus ?? 'ok'}`));
  } else {
    badges.push(badge('AOF off', null));
  }
  badges.push(badge(`RDB saved ${ago(p.rdbLastSave)}`, null,
      `${p.rdbChangesSinceSave ?? 0} changes since the last save`));
  if (p.rewriting) badges.push(badge('Rewriting AOF', 'info'));
  if (p.saving) badges.push(badge('Saving RDB', 'info'));
  replace($('#fact-persistence'), badges);
}

export function startHeader() {
  let lastUptime = null;
  stats.on((s) => {
    showUptime(s.uptimeSec);
    showPersistence(s.persistence);
    // A restart (uptime going backwards) may come with another version or role.
    if (lastUptime !== null && s.uptimeSec < lastUptime) loadInfo();
    lastUptime = s.uptimeSec;
  });
  const status = $('#live-status');
  stats.onStatus((state) => {
    status.dataset.status = state;
    status.textContent = state === 'open' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  });
}
