/*
 * Word documents put together from the WordprocessingML the build wrote:
 * the base (styled empty document, title and heading paragraphs) and a
 * page's blocks. Pure: document XML and the zip's parts; no DOM, no zip.
 */
import { fillSlots } from "../placeholders.js";
import { cleanValue, escapeXml, xmlValue } from "../text.js";
import { draftEntries, entryText, itemFill } from "../draft/document.js";

/** @typedef {string | {b64: string}} Part */
/**
 * @typedef {object} Base
 * @property {Record<string, Part>} parts every part but word/document.xml
 * @property {string} head word/document.xml up to the body's content
 * @property {string} tail word/document.xml after it
 * @property {[string, string]} title XML before and after the title's text
 * @property {Record<string, [string, string]>} headings XML before and after a heading's text, by level "1"-"4"
 */

const UNSAFE_NAME_RE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
export const DEFAULT_NAME = "我的草稿";

/**
 * The title paragraph; "" without a title.
 * @param {Base} base
 * @param {string} title
 */
export function titleXml(base, title) {
  return title ? base.title[0] + xmlValue(title) + base.title[1] : "";
}

/**
 * A heading paragraph of an official level with its (numbered) text.
 * @param {Base} base
 * @param {number} level
 * @param {string} text
 */
export function headingXml(base, level, text) {
  const around = base.headings[String(level)];
  return around[0] + xmlValue(text) + around[1];
}

/**
 * The whole word/document.xml around a body.
 * @param {Base} base
 * @param {string} body
 */
export function documentXml(base, body) {
  return base.head + body + base.tail;
}

/**
 * docProps/core.xml with the document's title and the times it was made.
 * @param {string} xml
 * @param {string} title
 * @param {string} when ISO time, e.g. 2027-01-01T08:00:00Z
 */
export function coreXml(xml, title, when) {
  return xml.replace(/<dc:title\/>|<dc:title>[\s\S]*?<\/dc:title>/, () => "<dc:title>" + escapeXml(title) + "</dc:title>")
    .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, (_, open) => open + when);
}

/**
 * An ISO time without milliseconds.
 * @param {Date} date
 */
export function isoTime(date) {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}

/**
 * The parts of the .docx: the base's (the page's own where they differ), core properties
 * with the title when one is given, and word/document.xml around the body.
 * @param {Base} base
 * @param {string} body
 * @param {{title?: string | null, overrides?: Record<string, Part>, when?: string}} [options]
 * @returns {Record<string, Part>}
 */
export function docxParts(base, body, options = {}) {
  /** @type {Record<string, Part>} */
  const parts = Object.assign({}, base.parts, options.overrides || {});
  const core = parts["docProps/core.xml"];
  if (options.title != null && typeof core === "string") {
    parts["docProps/core.xml"] = coreXml(core, options.title, options.when || isoTime(new Date()));
  }
  parts["word/document.xml"] = documentXml(base, body);
  return parts;
}

/**
 * A page's body with the profile's values in its slots.
 * @param {import("../draft/format.js").Block[]} blocks
 * @param {import("../placeholders.js").Fill} fill
 */
export function pageBody(blocks, fill) {
  let occurrence = 0;
  return blocks.map((block) => {
    const xml = fillSlots(block, fill, occurrence);
    occurrence += block.slots.length;
    return xml;
  }).join("");
}

/**
 * The draft's body: title, then every block; headings renumbered, placeholders filled.
 * @param {Base} base
 * @param {import("../draft/format.js").Draft} draft
 * @param {Record<string, string>} profile
 * @param {string} title
 */
export function draftBody(base, draft, profile, title) {
  const body = [titleXml(base, title)];
  draftEntries(draft).forEach((entry) => {
    const fill = itemFill(entry.item, profile);
    body.push(entry.block.kind === "heading" ? headingXml(base, entry.level, entryText(entry, fill)) :
      fillSlots(entry.block, fill, entry.start));
  });
  return body.join("");
}

/**
 * A file name for the document: no characters file systems refuse, no leading/trailing dots or spaces.
 * @param {string} title
 */
export function safeFileName(title) {
  const name = cleanValue(title).replace(/\n/g, " ").replace(UNSAFE_NAME_RE, "_").replace(/^[ .]+|[ .]+$/g, "");
  return (name || DEFAULT_NAME) + ".docx";
}
