/* The index's binary posting fragments: header, one term's list, intersections; the bucket hash. */
export { base64Bytes as fromBase64 } from "../bytes.js";
import { CODE_KEYWORD, CODE_TITLE, EMPTY, HEADING_FLAG } from "./constants.js";

/** @typedef {import("./constants.js").Postings} Postings */
/** @typedef {{bytes: Uint8Array, map: Map<string, {df: number, start: number, end: number}>}} Fragment */

/**
 * 32-bit FNV-1a over UTF-16 code units (searchindex/builder.py: fnv1a).
 * @param {string} text
 */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A reader of unsigned LEB128 varints over bytes.
 * @param {Uint8Array} bytes
 * @param {number} pos
 */
function varintReader(bytes, pos) {
  return {
    get pos() { return pos; },
    next() {
      let n = 0, shift = 0, byte;
      do {
        byte = bytes[pos++];
        n += (byte & 127) * Math.pow(2, shift);
        shift += 7;
      } while (byte >= 128);
      return n;
    },
    byte() { return bytes[pos++]; },
    skip(/** @type {number} */ count) { pos += count; },
  };
}

/**
 * Header of a binary posting fragment: term -> {df, start, end}.
 * @param {Uint8Array} bytes
 * @returns {Fragment}
 */
export function parseFragment(bytes) {
  const decoder = new TextDecoder();
  const reader = varintReader(bytes, 0);
  /** @type {[string, number, number][]} */
  const heads = [];
  const count = reader.next();
  for (let i = 0; i < count; i++) {
    const length = reader.next();
    const term = decoder.decode(bytes.subarray(reader.pos, reader.pos + length));
    reader.skip(length);
    const df = reader.next();
    heads.push([term, df, reader.next()]);
  }
  const map = new Map();
  let pos = reader.pos;
  heads.forEach(([term, df, size]) => {
    map.set(term, { df, start: pos, end: pos + size });
    pos += size;
  });
  return { bytes, map };
}

/**
 * One term's posting list from a parsed fragment.
 * @param {Fragment | null} fragment
 * @param {string} term
 * @returns {Postings}
 */
export function readList(fragment, term) {
  const at = fragment && fragment.map.get(term);
  if (!fragment || !at) return EMPTY;
  const docs = new Int32Array(at.df), codes = new Uint8Array(at.df);
  const reader = varintReader(fragment.bytes, at.start);
  let doc = -1;
  for (let k = 0; reader.pos < at.end && k < at.df; k++) {
    doc += reader.next() + 1;
    docs[k] = doc;
    codes[k] = reader.byte();
  }
  return { df: at.df, docs, codes };
}

/** Rank of a code: 2 title, 1 keyword, 0 body. @param {number} code */
function rankOf(code) {
  return code === CODE_TITLE ? 2 : code === CODE_KEYWORD ? 1 : 0;
}

/**
 * The code of a page for all the lists at once: the lowest field; in the body the lowest
 * frequency, a heading only when every list has it in a heading.
 * @param {number[]} found
 */
function combinedCode(found) {
  let rank = 2, tf = Infinity, heading = true;
  found.forEach((code) => {
    const r = rankOf(code);
    if (r < rank) rank = r;
    if (!r) {
      tf = Math.min(tf, code > HEADING_FLAG ? code - HEADING_FLAG : code);
      heading = heading && code > HEADING_FLAG;
    }
  });
  return rank === 2 ? CODE_TITLE : rank === 1 ? CODE_KEYWORD : tf + (heading ? HEADING_FLAG : 0);
}

/**
 * Intersection of pair lists (a run of 3+ characters that is no vocabulary word).
 * @param {Postings[]} lists
 * @returns {Postings}
 */
export function intersect(lists) {
  if (!lists.length || lists.some((list) => !list.df)) return EMPTY;
  const at = lists.map(() => 0);
  /** @type {number[]} */
  const docs = [], codes = [];
  const base = lists[0];
  for (let i = 0; i < base.df; i++) {
    const doc = base.docs[i];
    /** @type {number[]} */
    const found = [];
    const inAll = lists.every((list, k) => {
      while (at[k] < list.df && list.docs[at[k]] < doc) at[k]++;
      if (at[k] >= list.df || list.docs[at[k]] !== doc) return false;
      found.push(list.codes[at[k]]);
      return true;
    });
    if (!inAll) continue;
    docs.push(doc);
    codes.push(combinedCode(found));
  }
  return { df: docs.length, docs: Int32Array.from(docs), codes: Uint8Array.from(codes) };
}
