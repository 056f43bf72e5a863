/* Material's search result: items grouped by page, page first; the first carries the count. */
import { FORMAT_VERSION } from "./constants.js";
import { mark, pageText, sectionResults, snippet } from "./display.js";
import { pageLocation } from "./loaders.js";
import { now } from "./plan.js";

/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {{location: string, title: string, text: string, tags?: string[], score: number, terms: Record<string, boolean>}} ResultItem */

/**
 * No results, and a warning once, for an index in another format than this script reads.
 * @param {Engine} engine
 */
function unreadable(engine) {
  if (!engine.warned) {
    engine.warned = true;
    console.warn(`search-zh: the search index is format ${engine.version}, this script reads format ${FORMAT_VERSION}; no results`);
  }
  return Promise.resolve({ items: [], total: 0 });
}

/**
 * One page's result items: the page, then its best sections.
 * @param {any} detail the page's detail file
 * @param {import("./scoring.js").Hit} hit
 * @param {import("./plan.js").Term[]} terms
 * @param {string[]} needles shown terms, longest first
 * @returns {ResultItem[]}
 */
function pageItems(detail, hit, terms, needles) {
  const found = new Set(terms.filter((_, j) => hit.mask & (1 << j)).map((term) => term.text));
  /** @type {Record<string, boolean>} */
  const termMap = {};
  needles.forEach((term) => { termMap[term] = found.has(term); });
  const own = needles.filter((term) => found.has(term));
  const page = pageText(detail);
  const location = pageLocation(detail.location);
  /** @type {ResultItem} */
  const first = {
    location, title: mark(detail.title, own),
    text: "<p>" + mark(snippet(detail.text, page.text, own, 0, detail.text.length), own) + "</p>",
    tags: detail.tags, score: hit.score, terms: termMap,
  };
  return [first].concat(sectionResults(page, own, hit.score, termMap, location));
}

/**
 * Search: {items, total}; engine.timing holds the durations of the steps.
 * @param {Engine} engine
 * @param {string} query
 */
export function search(engine, query) {
  if (!engine.readable()) return unreadable(engine);
  const t0 = now();
  engine.marks = {};
  return engine.rank(query).then((ranked) => {
    const t1 = now();
    const needles = ranked.plan.filter((term) => term.shown).map((term) => term.text)
      .sort((a, b) => b.length - a.length);
    return Promise.all(ranked.hits.map((hit) => engine.file("d/" + hit.doc, "json"))).then((details) => {
      /** @type {ResultItem[][]} */
      const items = [];
      ranked.hits.forEach((hit, k) => {
        if (!details[k]) return;
        const group = pageItems(details[k], hit, ranked.plan, needles);
        if (!items.length) {
          group[0].title += '<span hidden data-zh-total="' + ranked.total + '" data-zh-shown="' + ranked.hits.length + '"></span>';
        }
        items.push(group);
      });
      const marks = engine.marks;
      engine.timing = { dict: marks.dict - t0, plan: marks.plan - marks.dict, lists: marks.lists - marks.plan,
        score: t1 - marks.lists, details: now() - t1, total: now() - t0 };
      return { items, total: ranked.total };
    });
  });
}
