// The key browser's model: keys found by SCAN pages, arranged in a tree by ':'-separated prefix.
// Nothing is scanned up front: the root and each folder keep their own SCAN cursor and load a page
// more when asked, so a keyspace of millions costs what the user looks at.

import {display, identity} from './binary.js';

const collator = new Intl.Collator('en', {numeric: true});
const NATURAL_SORT_LIMIT = 20000;

export class Folder {
  constructor(parent, name, path) {
    this.parent = parent;
    this.name = name;
    this.path = path;
    this.depth = parent ? parent.depth + 1 : -1;
    this.folders = new Map();
    this.keys = new Map();
    this.count = 0;
    this.expanded = !parent;
    this.scan = {cursor: '0', requests: 0, done: false, loading: false};
    this.sorted = null;
  }

  /** Whether every key below is known: this folder's scan or an ancestor's has finished. */
  complete() {
    for (let f = this; f; f = f.parent) if (f.scan.done) return true;
    return false;
  }
}

function compareNames(a, b, natural) {
  if (natural) return collator.compare(a.name, b.name);
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class KeyTree {
  constructor() {
    this.reset();
  }

  reset() {
    this.root = new Folder(null, '', '');
    this.byId = new Map();
  }

  get size() {
    return this.byId.size;
  }

  /** Adds or refreshes a key from a SCAN page ({key, type, ttl}); true if it was new. */
  add({key, type, ttl}) {
    const id = identity(key);
    const known = this.byId.get(id);
    if (known) {
      known.type = type ?? known.type;
      known.ttl = ttl ?? known.ttl;
      known.seen = Date.now();
      return false;
    }
    const text = display(key);
    const parts = text.split(':');
    let folder = this.root;
    let path = '';
    for (let i = 0; i < parts.length - 1; i++) {
      path += parts[i] + ':';
      let next = folder.folders.get(parts[i]);
      if (!next) {
        next = new Folder(folder, parts[i], path);
        folder.folders.set(parts[i], next);
        folder.sorted = null;
      }
      folder = next;
    }
    const node = {id, key, text, name: parts[parts.length - 1], type, ttl, seen: Date.now(), folder};
    folder.keys.set(id, node);
    this.byId.set(id, node);
    for (let f = folder; f; f = f.parent) {
      f.count++;
      if (f === folder) f.sorted = null;
    }
    return true;
  }

  get(key) {
    return this.byId.get(identity(key));
  }

  remove(key) {
    const node = this.byId.get(identity(key));
    if (!node) return;
    this.byId.delete(node.id);
    node.folder.keys.delete(node.id);
    node.folder.sorted = null;
    for (let f = node.folder; f; f = f.parent) f.count--;
    // Folders left empty disappear.
    for (let f = node.folder; f.parent && f.count === 0; f = f.parent) {
      f.parent.folders.delete(f.name);
      f.parent.sorted = null;
    }
  }

  children(folder) {
    if (!folder.sorted) {
      const natural = folder.folders.size + folder.keys.size <= NATURAL_SORT_LIMIT;
      folder.sorted = {
        folders: [...folder.folders.values()].sort((a, b) => compareNames(a, b, natural)),
        keys: [...folder.keys.values()].sort((a, b) => compareNames(a, b, natural)),
      };
    }
    return folder.sorted;
  }

  /** The visible rows, top to bottom: folders, keys, and a "load more" row per open folder still scanning. */
  rows() {
    const out = [];
    const walk = (folder) => {
      const {folders, keys} = this.children(folder);
      for (const f of folders) {
        out.push({kind: 'folder', node: f, depth: f.depth});
        if (f.expanded) walk(f);
      }
      for (const k of keys) out.push({kind: 'key', node: k, depth: folder.depth + 1});
      // A folder opened only to reveal a key (not by the user) offers no "load more" until opened again.
      if (!folder.complete() && (!folder.parent || folder.scan.requests > 0 || folder.scan.loading)) {
        out.push({kind: 'more', node: folder, depth: folder.depth + 1});
      }
    };
    walk(this.root);
    return out;
  }
}
