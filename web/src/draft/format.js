/*
 * The stored draft (gonghui.draft.v2) and its blocks: checking what was read,
 * item by item, and migrating a version-1 draft (gonghui.draft.v1).
 */
import { PLACEHOLDER } from "../rules.js";
import { unescapeXml } from "../text.js";

export const PROFILE_KEY = "gonghui.profile.v1";
export const DRAFT_KEY = "gonghui.draft.v2";
export const OLD_DRAFT_KEY = "gonghui.draft.v1";
export const BLOCK_KINDS = ["title", "heading", "paragraph", "table", "blank"];
/* Version 1's name of the time an item was added (a variable: the name is also Array.prototype.at's). */
const V1_ADDED = "at";

/**
 * @typedef {object} Block
 * @property {string} kind "title" | "heading" | "paragraph" | "table" | "blank"
 * @property {number} [level] 1-4, headings only
 * @property {string} section id of the page heading the block belongs to ("" before the first)
 * @property {string} text plain text (table: rows joined by \n, cells by \t)
 * @property {string[]} xml WordprocessingML around the slots (one more than slots)
 * @property {string[]} slots the placeholder of each slot, as written
 */
/**
 * @typedef {object} Item
 * @property {string} key
 * @property {string} url
 * @property {string} page
 * @property {string} heading
 * @property {number} added
 * @property {Record<string, string>} fills values of the item's placeholders by occurrence
 * @property {number[]} dropped indexes of the paragraphs taken out
 * @property {Block[]} blocks
 */
/** @typedef {{version: 2, title: string, items: Item[]}} Draft */

/** @returns {Draft} */
export function emptyDraft() {
  return { version: 2, title: "", items: [] };
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** @param {unknown} value */
function isStringList(value) {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

/**
 * A block as stored or as the build wrote it, checked; null when it is not one.
 * @param {unknown} value
 * @returns {Block | null}
 */
export function checkBlock(value) {
  if (!isObject(value) || !BLOCK_KINDS.includes(value.kind) || typeof value.text !== "string") return null;
  if (!isStringList(value.xml) || !isStringList(value.slots) || value.xml.length !== value.slots.length + 1) return null;
  if (value.kind === "heading" && ![1, 2, 3, 4].includes(value.level)) return null;
  /** @type {Block} */
  const block = { kind: value.kind, section: typeof value.section === "string" ? value.section : "",
    text: value.text, xml: value.xml, slots: value.slots };
  if (value.kind === "heading") block.level = value.level;
  return block;
}

/**
 * A stored item, checked; null when it is not whole (one bad block drops the item, never the draft).
 * @param {unknown} value
 * @returns {Item | null}
 */
export function checkItem(value) {
  if (!isObject(value) || typeof value.key !== "string" || !Array.isArray(value.blocks)) return null;
  const blocks = value.blocks.map(checkBlock);
  if (blocks.some((block) => !block)) return null;
  /** @type {Record<string, string>} */
  const fills = {};
  if (isObject(value.fills)) {
    Object.keys(value.fills).forEach((occurrence) => {
      if (typeof value.fills[occurrence] === "string") fills[occurrence] = value.fills[occurrence];
    });
  }
  const dropped = Array.isArray(value.dropped) ?
    value.dropped.filter((/** @type {unknown} */ index) => Number.isInteger(index)) : [];
  return {
    key: value.key, url: typeof value.url === "string" ? value.url : "",
    page: typeof value.page === "string" ? value.page : "",
    heading: typeof value.heading === "string" ? value.heading : "",
    added: typeof value.added === "number" ? value.added : 0,
    fills, dropped, blocks: /** @type {Block[]} */ (blocks),
  };
}

/**
 * A stored version-2 draft, checked item by item.
 * @param {unknown} value
 * @returns {Draft}
 */
export function checkDraft(value) {
  if (!isObject(value) || !Array.isArray(value.items)) return emptyDraft();
  const items = /** @type {Item[]} */ (value.items.map(checkItem).filter(Boolean));
  return { version: 2, title: typeof value.title === "string" ? value.title : "", items };
}

/**
 * A version-1 block {x, t, h} (XML with its placeholders inline) as a block with slots.
 * @param {unknown} value
 * @returns {Block | null}
 */
export function migrateBlock(value) {
  if (!isObject(value) || typeof value.x !== "string" || typeof value.t !== "string") return null;
  if (value.h && ![1, 2, 3, 4].includes(value.h)) return null;
  const pieces = value.x.split(new RegExp(`(${PLACEHOLDER})`));
  const xml = pieces.filter((_, i) => i % 2 === 0).map((piece) => piece.replace(/<w:t>/g, '<w:t xml:space="preserve">'));
  const slots = pieces.filter((_, i) => i % 2 === 1).map(unescapeXml);
  const kind = value.h ? "heading" : value.title ? "title" : /^<w:tbl[ >]/.test(value.x) ? "table" :
    value.t ? "paragraph" : "blank";
  /** @type {Block} */
  const block = { kind, section: "", text: value.t, xml, slots };
  if (value.h) block.level = value.h;
  return block;
}

/**
 * A version-1 item {k, u, p, h, at, f, d, b}; null when it is not whole.
 * @param {unknown} value
 * @returns {Item | null}
 */
export function migrateItem(value) {
  if (!isObject(value) || typeof value.k !== "string" || !Array.isArray(value.b)) return null;
  const blocks = value.b.map(migrateBlock);
  if (blocks.some((block) => !block)) return null;
  return checkItem({ key: value.k, url: value.u, page: value.p, heading: value.h, added: value[V1_ADDED],
    fills: value.f, dropped: value.d, blocks });
}

/**
 * A version-1 draft {title, items} as version 2; unreadable items are dropped one by one.
 * @param {unknown} value
 * @returns {Draft}
 */
export function migrateDraft(value) {
  if (!isObject(value) || !Array.isArray(value.items)) return emptyDraft();
  const items = /** @type {Item[]} */ (value.items.map(migrateItem).filter(Boolean));
  return { version: 2, title: typeof value.title === "string" ? value.title : "", items };
}
