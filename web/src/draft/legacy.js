/*
 * Draft data in the build's first format (blocks {x, t, h}, base with text
 * markers), read as the current one, so a site built before the change works.
 */
import { migrateBlock } from "./format.js";

/**
 * Page data as the current format: {url, title, blocks, lead, sections, parts}.
 * @param {any} data
 */
export function currentPageData(data) {
  if (!data || !Array.isArray(data.blocks) || !data.blocks.some((/** @type {any} */ block) => "x" in block)) return data;
  return Object.assign({}, data, { url: data.url || data.u, blocks: data.blocks.map(migrateBlock) });
}

/**
 * Base data as the current format: title and headings as [before, after].
 * @param {any} base
 */
export function currentBase(base) {
  if (!base || !base.titleMark) return base;
  /** @type {Record<string, string[]>} */
  const headings = {};
  Object.keys(base.headings).forEach((level) => {
    headings[level] = aroundMark(base.headings[level], base.headingMark);
  });
  return Object.assign({}, base, { title: aroundMark(base.title.join(""), base.titleMark), headings });
}

/**
 * XML before and after a marker; the text is escaped XML of one run, so the marker splits it in two.
 * @param {string} xml
 * @param {string} mark
 */
function aroundMark(xml, mark) {
  const at = xml.indexOf(mark);
  return at < 0 ? [xml, ""] : [xml.slice(0, at), xml.slice(at + mark.length)];
}
