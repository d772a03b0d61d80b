// Keys and values travel as JSON strings when they are valid UTF-8 and as {"base64": "..."}
// otherwise (the admin API's one rule). Binary ones are shown and edited the way redis-cli prints
// them: printable ASCII as is, everything else as \xHH, and a backslash as \\.

export function isBinary(value) {
  return value !== null && typeof value === 'object' && typeof value.base64 === 'string';
}

function decodeBase64(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function encodeBase64(bytes) {
  let raw = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    raw += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(raw);
}

const SHORT = {0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x5c: '\\\\'};

export function escapeBytes(bytes) {
  let out = '';
  for (const b of bytes) {
    if (SHORT[b]) out += SHORT[b];
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\x' + b.toString(16).padStart(2, '0');
  }
  return out;
}

/** The inverse of escapeBytes; throws on a malformed escape so the editor can say so. */
export function unescapeBytes(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c) {
      if (c > 0x7f) throw new Error('binary values take ASCII and \\xHH escapes only');
      out.push(c);
      continue;
    }
    const next = text[++i];
    if (next === 'n') out.push(0x0a);
    else if (next === 'r') out.push(0x0d);
    else if (next === 't') out.push(0x09);
    else if (next === '\\') out.push(0x5c);
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else throw new Error(`bad escape at position ${i}`);
  }
  return new Uint8Array(out);
}

/** What to show for a key or value. */
export function display(value) {
  if (isBinary(value)) return escapeBytes(decodeBase64(value.base64));
  return value === null || value === undefined ? '' : String(value);
}

/** Text to put in an input, and whether it is in the escaped binary form. */
export function toEditable(value) {
  return isBinary(value) ? {text: display(value), binary: true} : {text: value ?? '', binary: false};
}

export function fromEditable(text, binary) {
  return binary ? {base64: encodeBase64(unescapeBytes(text))} : text;
}

/** A stable identity for a key or value, for maps and comparisons. */
export function identity(value) {
  return isBinary(value) ? 'b:' + value.base64 : 's:' + value;
}

export function byteLength(value) {
  if (isBinary(value)) return decodeBase64(value.base64).length;
  return new TextEncoder().encode(value ?? '').length;
}
