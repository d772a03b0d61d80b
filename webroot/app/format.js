// How figures are written everywhere in the dashboard.

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en-US', {maximumFractionDigits: 2});

export function num(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Math.abs(value) >= 100 || Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** 1234 -> "1.23k", 5600000 -> "5.6M". */
export function compact(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (abs >= size) return trim(value / size) + suffix;
  }
  return trim(value);
}

function trim(value) {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toString();
}

export function bytes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = Math.abs(value);
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return (value < 0 ? '-' : '') + (unit === 0 ? size.toFixed(0) : trim(size)) + ' ' + units[unit];
}

/** Microseconds as the most readable unit: "85 µs", "1.2 ms", "2.5 s". */
export function micros(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value < 1000) return trim(value) + ' µs';
  if (value < 1e6) return trim(value / 1000) + ' ms';
  return trim(value / 1e6) + ' s';
}

/** Seconds as "3d 4h", "2h 5m", "4m 10s", "12s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  seconds = Math.max(0, Math.floor(seconds));
  const d = Math.floor(seconds / 86400);
  const hr = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) return `${d}d ${hr}h`;
  if (hr) return `${hr}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** A TTL in milliseconds as PTTL gives it: -1 none, -2 gone. */
export function ttl(ms) {
  if (ms === -1 || ms === null || ms === undefined) return 'no expiry';
  if (ms === -2 || ms <= 0) return 'expired';
  if (ms < 1000) return `${ms} ms`;
  return duration(ms / 1000);
}

const two = (n) => (n < 10 ? '0' : '') + n;

/** "14:05:09" in local time; by hand because toLocaleTimeString costs far more, per call. */
export function time(ms) {
  const date = new Date(ms);
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** "14:05:09.042": a message's arrival. */
export function clock(ms) {
  const millis = new Date(ms).getMilliseconds();
  return `${time(ms)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

export function dateTime(seconds) {
  if (!seconds) return 'never';
  return new Date(seconds * 1000).toLocaleString([], {hour12: false});
}

/** Unix seconds in the past as "5m ago". */
export function ago(seconds) {
  if (!seconds) return 'never';
  const delta = Date.now() / 1000 - seconds;
  if (delta < 5) return 'just now';
  return duration(delta) + ' ago';
}

export function percent(part, whole) {
  if (!whole) return '–';
  return trim((part / whole) * 100) + '%';
}
