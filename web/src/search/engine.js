/*
 * The search engine over one index: fragment files fetched once, the
 * vocabulary of the characters typed, posting lists; planning, ranking and
 * results are in plan.js, rank.js and results.js.
 */
import { EMPTY, FORMAT_VERSION, HAN } from "./constants.js";
import { fnv1a, intersect, parseFragment, readList } from "./fragments.js";
import { defaultLoader } from "./loaders.js";
import { factors, fieldScore } from "./scoring.js";
import { fuzzy, pieces, plan } from "./plan.js";
import { rank } from "./rank.js";
import { search } from "./results.js";

/** @typedef {import("./constants.js").Postings} Postings */
/** @typedef {import("./loaders.js").Loader} Loader */
/** @typedef {{d: number, f: number, s: boolean}} CharEntry pages with the character, its posting fragment, whether s/<char> exists */

export class Engine {
  /**
   * @param {any} index Material's SETUP data ({config: {zh: manifest}}) or {zh: manifest}
   * @param {Loader} [loader]
   */
  constructor(index, loader) {
    const zh = (index && index.config && index.config.zh) || (index && index.zh) || {};
    /** format version of the index (the manifest's v) */
    this.version = zh.v;
    /** whether the reader was told the index cannot be read */
    this.warned = false;
    this.n = zh.n || 0;
    this.buckets = zh.H || 1;
    this.boost = factors(this.n, zh.b);
    this.bodyBoost = factors(this.n, zh.bb);
    /** @type {Record<string, string>} */
    this.t2s = {};
    const pairs = zh.t2s || "";
    for (let i = 0; i + 1 < pairs.length; i += 2) this.t2s[pairs[i]] = pairs[i + 1];
    this.load = loader || defaultLoader(zh);
    /** @type {Map<string, Promise<any>>} key -> data */
    this.files = new Map();
    /** @type {Map<string, CharEntry | null>} null: occurs nowhere */
    this.chars = new Map();
    /** @type {Map<string, {df: number, f: number}>} */
    this.words = new Map();
    /** @type {Map<string, string[]>} char -> words starting with it */
    this.byFirst = new Map();
    /** @type {Map<string, string[]>} char -> words of 3-6 characters with it second */
    this.bySecond = new Map();
    /** @type {Map<string, Promise<Postings>>} */
    this.lists = new Map();
    /** @type {Record<string, number>} times of the last query's steps (timing: durations) */
    this.marks = {};
    /** @type {Record<string, number>} */
    this.timing = {};
  }

  /** Whether the index is in the format this script reads. */
  readable() {
    return this.version === FORMAT_VERSION;
  }

  /**
   * A fragment file, fetched once (binary ones parsed).
   * @param {string} key
   * @param {string} kind "json" | "bin"
   */
  file(key, kind) {
    let got = this.files.get(key);
    if (!got) {
      got = this.load(key, kind).catch(() => null);
      if (kind === "bin") got = got.then((bytes) => (bytes ? parseFragment(bytes) : null));
      this.files.set(key, got);
    }
    return got;
  }

  /**
   * The dictionary files of these characters (words starting with each).
   * @param {string[]} chars
   */
  loadChars(chars) {
    return Promise.all(chars.filter((c) => !this.chars.has(c)).map((c) =>
      this.file("c/" + c.charCodeAt(0).toString(16), "json").then((entry) => {
        if (this.chars.has(c)) return;
        this.chars.set(c, entry ? { d: entry.d, f: entry.f, s: !!entry.s } : null);
        /** @type {string[]} */
        const list = [];
        ((entry && entry.w) || []).forEach((/** @type {[string, number, number]} */ w) => {
          this.words.set(c + w[0], { df: w[1], f: w[2] });
          list.push(c + w[0]);
        });
        this.byFirst.set(c, list);
      })));
  }

  /**
   * Words with these second characters (typo correction only).
   * @param {string[]} chars
   */
  loadSecond(chars) {
    return Promise.all(chars.filter((c) => !this.bySecond.has(c)).map((c) => {
      const entry = this.chars.get(c);
      if (!entry || !entry.s) {
        this.bySecond.set(c, []);
        return null;
      }
      return this.file("s/" + c.charCodeAt(0).toString(16), "json").then((list) => {
        this.bySecond.set(c, list || []);
      });
    }));
  }

  /** @param {string} word */
  has(word) {
    return this.words.has(word);
  }

  /**
   * A term's posting list.
   * @param {string} term
   * @returns {Promise<Postings>}
   */
  list(term) {
    let got = this.lists.get(term);
    if (got) return got;
    const word = this.words.get(term);
    if (term.length === 1 && HAN.test(term)) {
      got = this.loadChars([term]).then(() => {
        const entry = this.chars.get(term);
        return entry && entry.f >= 0 ? this.file("p/" + entry.f, "bin").then((f) => readList(f, term)) : EMPTY;
      });
    } else if (word) {
      got = this.file("p/" + word.f, "bin").then((f) => readList(f, term));
    } else if (term.length > 2 && HAN.test(term)) {
      /** @type {Promise<Postings>[]} */
      const pairs = [];
      for (let i = 0; i + 2 <= term.length; i++) pairs.push(this.list(term.slice(i, i + 2)));
      got = Promise.all(pairs).then(intersect);
    } else {
      got = this.file("h/" + (fnv1a(term) % this.buckets), "bin").then((f) => readList(f, term));
    }
    this.lists.set(term, got);
    return got;
  }

  /**
   * Number of pages containing a term (known without its list for words and characters).
   * @param {string} term
   * @returns {Promise<number>}
   */
  df(term) {
    const word = this.words.get(term);
    if (word) return Promise.resolve(word.df);
    if (term.length === 1 && this.chars.has(term)) {
      const entry = this.chars.get(term);
      return Promise.resolve(entry ? entry.d : 0);
    }
    return this.list(term).then((list) => list.df);
  }

  /** @param {string} query */
  pieces(query) { return pieces(this, query); }

  /** @param {string} run */
  fuzzy(run) { return fuzzy(this, run); }

  /** @param {string} query */
  plan(query) { return plan(this, query); }

  /**
   * Score of one posting code on one page.
   * @param {number} code
   * @param {number} doc
   */
  fieldScore(code, doc) { return fieldScore(code, this.bodyBoost[doc]); }

  /** @param {string} query */
  rank(query) { return rank(this, query); }

  /** @param {string} query */
  search(query) { return search(this, query); }
}
