/* What a result shows: escaped text with the matched terms marked, snippets, the best sections. */
import { MAX_SECTIONS, SNIPPET } from "./constants.js";

/** @type {Record<string, string>} */
const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** @param {string} text */
export function escapeHTML(text) {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * Escape text and wrap occurrences of the matched terms in <mark>.
 * @param {string} text
 * @param {string[]} needles
 */
export function mark(text, needles) {
  if (!needles.length) return escapeHTML(text);
  const re = new RegExp(needles.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  let out = "", last = 0;
  for (let found = re.exec(text); found; found = re.exec(text)) {
    out += escapeHTML(text.slice(last, found.index)) + "<mark>" + escapeHTML(found[0]) + "</mark>";
    last = found.index + found[0].length;
  }
  return out + escapeHTML(text.slice(last));
}

/**
 * A short piece of text[from, to) around the first occurrence of the best term.
 * @param {string} text
 * @param {string} lower text in lower case
 * @param {string[]} needles
 * @param {number} from
 * @param {number} to
 */
export function snippet(text, lower, needles, from, to) {
  let at = -1;
  for (let i = 0; i < needles.length && at === -1; i++) {
    const k = lower.indexOf(needles[i], from);
    if (k !== -1 && k < to) at = k;
  }
  const start = at === -1 ? from : Math.max(from, at - SNIPPET / 3);
  const end = Math.min(to, start + SNIPPET * 2);
  const piece = text.slice(start, end).replace(/\s+/g, " ");
  return (start > from ? "…" : "") + piece + (end < to ? "…" : "");
}

/** @typedef {{start: number, end: number, id: string, title: string}} Head */
/** @typedef {{doc: any, text: string, heads: Head[]}} PageText */

/**
 * A page's detail file, prepared for snippets and sections.
 * @param {{text?: string, h?: [number, string, number][]}} detail
 * @returns {PageText}
 */
export function pageText(detail) {
  const text = detail.text || "";
  const heads = (detail.h || []).map((head, k, all) => {
    const end = k + 1 < all.length ? all[k + 1][0] : text.length;
    return { start: head[0], end, id: head[1], title: text.slice(head[0], end).split("\n")[0] };
  });
  return { doc: detail, text: text.toLowerCase(), heads };
}

/**
 * The page's sections that contain the most matched terms, as results.
 * @param {PageText} page
 * @param {string[]} own the terms the page matched
 * @param {number} score
 * @param {Record<string, boolean>} termMap
 * @param {string} location the page's location as results link to it
 */
export function sectionResults(page, own, score, termMap, location) {
  if (!own.length) return [];
  return page.heads.map((head) => {
    const part = page.text.slice(head.start, head.end);
    const n = own.reduce((sum, term) => sum + (part.indexOf(term) !== -1 ? term.length : 0), 0);
    return { head, n };
  }).filter((found) => found.n > 0 && found.head.start > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, MAX_SECTIONS)
    .map(({ head }, i) => ({
      location: location + "#" + head.id, title: mark(head.title, own),
      text: "<p>" + mark(snippet(page.doc.text, page.text, own, head.start + head.title.length, head.end), own) + "</p>",
      score: score * 0.5 / (i + 1), terms: termMap,
    }));
}
