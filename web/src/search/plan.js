/* A query's plan: its pieces (typos corrected), then weighted terms with document frequencies. */
import { FUZZY_MAX, FUZZY_MIN, HAN, MAX_TERMS, PAIR_WEIGHT, SINGLE_CHAR_WEIGHT, runsOf } from "./constants.js";
import { normalize, segment } from "./normalize.js";

/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./normalize.js").Piece} Piece */
/** @typedef {{text: string, weight: number, shown: boolean, df: number, idf: number}} Term */

/**
 * Query pieces; a run with a piece found nowhere gets its closest vocabulary word.
 * @param {Engine} engine
 * @param {string} query normalised
 * @returns {Promise<Piece[]>}
 */
export function pieces(engine, query) {
  const runs = runsOf(query);
  /** @type {string[]} */
  const chars = [];
  runs.forEach((run) => { if (HAN.test(run)) chars.push(...run.split("")); });
  return engine.loadChars(chars).then(() => {
    engine.marks.dict = now();
    return Promise.all(runs.map((run) => runPieces(engine, run)));
  }).then((groups) => /** @type {Piece[]} */ ([]).concat(...groups));
}

/**
 * The pieces of one run.
 * @param {Engine} engine
 * @param {string} run
 * @returns {Promise<Piece[]>}
 */
function runPieces(engine, run) {
  if (!HAN.test(run)) return Promise.resolve([{ text: run, word: true }]);
  const parts = segment(run, engine);
  return Promise.all(parts.map((part) => engine.df(part.text))).then((dfs) => {
    if (dfs.every((df) => df > 0)) return parts;
    return engine.fuzzy(run).then((fix) => {
      if (!fix) return parts;
      return segment(run.slice(0, fix.start), engine).concat([{ text: fix.word, word: true }],
        segment(run.slice(fix.end), engine));
    });
  });
}

/**
 * The first vocabulary word of the candidates one character away from window (same length).
 * @param {string} window
 * @param {string[]} candidates
 */
export function oneAway(window, candidates) {
  const bucket = Array.from(new Set(candidates.filter((c) => c.length === window.length))).sort();
  return bucket.find((candidate) => {
    let diff = 0;
    for (let j = 0; j < window.length && diff < 2; j++) if (candidate[j] !== window[j]) diff++;
    return diff === 1;
  }) || null;
}

/**
 * The longest window of run that is one character away from a vocabulary word.
 * @param {Engine} engine
 * @param {string} run
 * @returns {Promise<{start: number, end: number, word: string} | null>}
 */
export function fuzzy(engine, run) {
  if (run.length < FUZZY_MIN) return Promise.resolve(null);
  return engine.loadSecond(run.slice(1).split("")).then(() => {
    for (let length = Math.min(FUZZY_MAX, run.length); length >= FUZZY_MIN; length--) {
      for (let i = 0; i + length <= run.length; i++) {
        const window = run.slice(i, i + length);
        if (engine.words.has(window)) continue;
        const word = oneAway(window, (engine.byFirst.get(window[0]) || []).concat(engine.bySecond.get(window[1]) || []));
        if (word) return { start: i, end: i + length, word };
      }
    }
    return null;
  });
}

/**
 * Weighted terms for a query, with document frequencies and idf.
 * @param {Engine} engine
 * @param {string} query
 * @returns {Promise<Term[]>}
 */
export function plan(engine, query) {
  /** @type {Term[]} */
  let out = [];
  const seen = new Set();
  /** @type {(text: string, weight: number, shown: boolean) => Promise<void>} */
  const add = (text, weight, shown) => {
    if (seen.has(text)) return Promise.resolve();
    seen.add(text);
    /** @type {Term} */
    const term = { text, weight, shown, df: 0, idf: 0 };
    out.push(term);
    return engine.df(text).then((df) => { term.df = df; });
  };
  return engine.pieces(normalize(query, engine.t2s)).then((found) => {
    /** @type {Promise<unknown>} */
    let chain = Promise.resolve();
    found.forEach((piece) => {
      chain = chain.then(() => engine.df(piece.text)).then((df) => pieceTerms(engine, piece.text, df, add));
    });
    return chain;
  }).then(() => {
    out = out.slice(0, MAX_TERMS);
    out.forEach((term) => { term.idf = Math.log(1 + (engine.n - term.df + 0.5) / (term.df + 0.5)); });
    if (out.length && out.every((term) => !term.shown)) out.forEach((term) => { term.weight = 1; term.shown = true; });
    return out;
  });
}

/**
 * The terms of one piece: itself; a typo (found nowhere) as its character pairs; a lone pair as characters.
 * @param {Engine} engine
 * @param {string} text
 * @param {number} df
 * @param {(text: string, weight: number, shown: boolean) => Promise<void>} add
 * @returns {Promise<unknown>}
 */
function pieceTerms(engine, text, df, add) {
  if (df === 0 && text.length > 2 && HAN.test(text)) {
    /** @type {string[]} */
    const pairs = [];
    for (let i = 0; i + 2 <= text.length; i++) pairs.push(text.slice(i, i + 2));
    return Promise.all(pairs.map((pair) => engine.df(pair))).then((dfs) =>
      Promise.all(pairs.map((pair, k) => (dfs[k] ? add(pair, PAIR_WEIGHT, true) : null))));
  }
  if (df === 0 && text.length === 2 && HAN.test(text)) {
    return Promise.all([add(text[0], SINGLE_CHAR_WEIGHT, false), add(text[1], SINGLE_CHAR_WEIGHT, false)]);
  }
  const single = text.length === 1;
  return add(text, single ? SINGLE_CHAR_WEIGHT : 1, !single);
}

/** A time in ms (performance where there is one). */
export function now() {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}
