/* Query text: normalised, split into vocabulary words and leftover runs. */
import { HAN, MAX_WORD, runsOf } from "./constants.js";
import { INVISIBLE_CLASS } from "../rules.js";

const INVISIBLE_RE = new RegExp(`[${INVISIBLE_CLASS}]`, "g");

/** @typedef {{text: string, word: boolean}} Piece */

/**
 * Lower-case, full-width to half-width (NFKC), no invisible characters, Traditional to Simplified.
 * @param {unknown} query
 * @param {Record<string, string>} t2s
 */
export function normalize(query, t2s) {
  const text = String(query || "").normalize("NFKC").toLowerCase().replace(INVISIBLE_RE, "");
  let out = "";
  for (let i = 0; i < text.length; i++) out += t2s[text[i]] || text[i];
  return out;
}

/**
 * Best split of a run: the sum of squared word lengths is largest (longest words win).
 * back[i] is where the piece ending at i starts.
 * @param {string} run
 * @param {{has(word: string): boolean}} words
 */
function bestSplit(run, words) {
  const best = [0];
  const back = [0];
  for (let i = 1; i <= run.length; i++) {
    best[i] = best[i - 1];
    back[i] = i - 1;  // one leftover character
    for (let j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
      const gain = best[j] + (i - j) * (i - j);
      if (words.has(run.slice(j, i)) && gain > best[i]) {
        best[i] = gain;
        back[i] = j;
      }
    }
  }
  return back;
}

/**
 * Split a run of Han characters into vocabulary words (words.has) and leftover runs.
 * @param {string} run
 * @param {{has(word: string): boolean}} words
 * @returns {Piece[]}
 */
export function segment(run, words) {
  const back = bestSplit(run, words);
  /** @type {string[]} */
  const pieces = [];
  for (let end = run.length; end > 0; end = back[end]) pieces.unshift(run.slice(back[end], end));
  /** @type {Piece[]} */
  const out = [];
  let rest = "";
  pieces.forEach((piece) => {
    if (piece.length === 1) {
      rest += piece;
      return;
    }
    if (rest) out.push({ text: rest, word: false });
    rest = "";
    out.push({ text: piece, word: true });
  });
  if (rest) out.push({ text: rest, word: false });
  return out;
}

/**
 * Query terms: words, leftover runs, Latin/number tokens (each once).
 * @param {string} query
 * @param {{has(word: string): boolean}} words
 * @param {Record<string, string>} t2s
 * @returns {Piece[]}
 */
export function terms(query, words, t2s) {
  const seen = new Set();
  /** @type {Piece[]} */
  const list = [];
  runsOf(normalize(query, t2s)).forEach((run) => {
    const parts = HAN.test(run) ? segment(run, words) : [{ text: run, word: true }];
    parts.forEach((part) => {
      if (!seen.has(part.text)) {
        seen.add(part.text);
        list.push(part);
      }
    });
  });
  return list;
}
