/* Scores: a posting code's field score; the best pages of a query, best first. */
import { CODE_KEYWORD, CODE_TITLE, FIELD, HEADING_FLAG, MAX_SHOWN, MIN_SHARE, TF_SATURATION } from "./constants.js";

/** Body score by posting code (before the page's body factor); title and tags apart. */
export const BODY = new Float64Array(256);
for (let code = 1; code < CODE_KEYWORD; code++) {
  const tf = code > HEADING_FLAG ? code - HEADING_FLAG : code;
  BODY[code] = FIELD.body * tf * (1 + TF_SATURATION) / (tf + TF_SATURATION);
}

/**
 * Score of one posting code on a page whose body counts bodyFactor times.
 * @param {number} code
 * @param {number} bodyFactor
 */
export function fieldScore(code, bodyFactor) {
  if (code === CODE_TITLE) return FIELD.title;
  if (code === CODE_KEYWORD) return FIELD.keyword;
  const body = bodyFactor * BODY[code];
  return code > HEADING_FLAG ? body + FIELD.heading : body;
}

/**
 * Per-page score factors: 1 but for the pages listed ({id: factor}).
 * @param {number} n
 * @param {Record<string, number> | undefined} listed
 */
export function factors(n, listed) {
  const out = new Float64Array(n).fill(1);
  Object.keys(listed || {}).forEach((key) => {
    if (Number(key) < n) out[Number(key)] = /** @type {Record<string, number>} */ (listed)[key];
  });
  return out;
}

/** @typedef {{doc: number, score: number, mask: number}} Hit */

/**
 * Keep the best MAX_SHOWN hits in top, best first; ties to the earlier page (offered in page order).
 * @param {Hit[]} top
 * @param {Hit} hit
 */
export function offerHit(top, hit) {
  if (top.length === MAX_SHOWN && hit.score <= top[top.length - 1].score) return;
  let at = top.length;
  while (at > 0 && top[at - 1].score < hit.score) at--;
  top.splice(at, 0, hit);
  if (top.length > MAX_SHOWN) top.pop();
}

/**
 * Final score of a page: its field scores times the share of the query it covers, squared,
 * times its boost; null when it covers too little to be counted.
 * @param {number} score
 * @param {number} share
 * @param {number} boost
 * @returns {number | null}
 */
export function pageScore(score, share, boost) {
  return score > 0 && share >= MIN_SHARE ? score * share * share * boost : null;
}
