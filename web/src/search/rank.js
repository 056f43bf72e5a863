/* Matching pages of a query: scored from the terms' posting lists, the best few kept. */
import { EMPTY } from "./constants.js";
import { now } from "./plan.js";
import { offerHit, pageScore } from "./scoring.js";

/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("./plan.js").Term} Term */
/** @typedef {import("./scoring.js").Hit} Hit */
/** @typedef {{plan: Term[], total: number, hits: Hit[]}} Ranked */

/**
 * Field scores, covered query weight and matched-term mask per page.
 * @param {Engine} engine
 * @param {Term[]} terms
 * @param {import("./constants.js").Postings[]} lists
 */
export function accumulate(engine, terms, lists) {
  const n = engine.n;
  const score = new Float64Array(n), covered = new Float64Array(n), mask = new Int32Array(n);
  const seen = new Uint8Array(n);
  /** @type {number[]} */
  const touched = [];
  terms.forEach((term, k) => {
    const list = lists[k], weight = term.weight * term.idf, bit = 1 << k;
    for (let i = 0; i < list.df; i++) {
      const doc = list.docs[i], field = engine.fieldScore(list.codes[i], doc);
      if (!field || doc >= n) continue;
      if (!seen[doc]) {
        seen[doc] = 1;
        touched.push(doc);
      }
      score[doc] += weight * field;
      covered[doc] += weight;
      mask[doc] |= bit;
    }
  });
  touched.sort((a, b) => a - b);
  return { score, covered, mask, touched };
}

/**
 * Matching pages: the plan, how many pages match, the best MAX_SHOWN best first.
 * @param {Engine} engine
 * @param {string} query
 * @returns {Promise<Ranked>}
 */
export function rank(engine, query) {
  return engine.plan(query).then((terms) => {
    const total = terms.reduce((sum, term) => sum + term.weight * term.idf, 0);
    if (!terms.length || !total) return { plan: terms, total: 0, hits: [] };
    engine.marks.plan = now();
    return Promise.all(terms.map((term) => (term.df ? engine.list(term.text) : EMPTY))).then((lists) => {
      engine.marks.lists = now();
      const pages = accumulate(engine, terms, lists);
      /** @type {Hit[]} */
      const top = [];
      let count = 0;
      pages.touched.forEach((doc) => {
        const value = pageScore(pages.score[doc], pages.covered[doc] / total, engine.boost[doc]);
        if (value === null) return;
        count++;
        offerHit(top, { doc, score: value, mask: pages.mask[doc] });
      });
      return { plan: terms, total: count, hits: top };
    });
  });
}
