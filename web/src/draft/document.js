/* The draft as one document: blocks in order, headings renumbered, placeholders filled. */
import { renumber, stripNumber } from "../numbering.js";
import { fillText, isProfileName, placeholders } from "../placeholders.js";

/** @typedef {import("./format.js").Draft} Draft */
/** @typedef {import("./format.js").Item} Item */
/** @typedef {import("./format.js").Block} Block */
/** @typedef {import("../placeholders.js").Fill} Fill */
/**
 * @typedef {object} Entry a block of the draft as it stands in the document
 * @property {Item} item
 * @property {Block} block
 * @property {number} index the block's index in its item
 * @property {number} start occurrence number of the block's first placeholder
 * @property {number} level official level (headings)
 * @property {string} number heading number (headings)
 */

/**
 * Every block of the draft in order, but the paragraphs the reader took out;
 * occurrence numbers run over each item's slots as added (dropped ones too).
 * @param {Draft} draft
 * @returns {Entry[]}
 */
export function draftEntries(draft) {
  /** @type {Entry[]} */
  const out = [];
  draft.items.forEach((item) => {
    let start = 0;
    item.blocks.forEach((block, index) => {
      if (block.kind === "heading" || !item.dropped.includes(index)) {
        out.push({ item, block, index, start, level: 0, number: "" });
      }
      // a block the writer kept whole (no slots) still numbers its text's placeholders, so later fields stay apart
      start += Math.max(block.slots.length, placeholders(block.text).length);
    });
  });
  const headings = out.filter((entry) => entry.block.kind === "heading");
  renumber(headings.map((entry) => entry.block.level || 1)).forEach((numbered, i) => {
    headings[i].level = numbered.level;
    headings[i].number = numbered.number;
  });
  return out;
}

/**
 * The fill of one item: profile names from the profile, the others from the item's own values.
 * @param {Item} item
 * @param {Record<string, string>} profile
 * @returns {Fill}
 */
export function itemFill(item, profile) {
  return (name, occurrence) => (isProfileName(name) ? profile[name] : item.fills[occurrence]) || "";
}

/**
 * An entry's text filled in; a heading's with its new number.
 * @param {Entry} entry
 * @param {Fill} fill
 */
export function entryText(entry, fill) {
  const text = fillText(entry.block.text, fill, entry.start);
  return entry.block.kind === "heading" ? entry.number + stripNumber(text) : text;
}

/**
 * The draft's title with the profile's values.
 * @param {Draft} draft
 * @param {Record<string, string>} profile
 */
export function draftTitle(draft, profile) {
  return fillText(draft.title || "", (name) => (isProfileName(name) && profile[name]) || "").trim();
}

/**
 * The draft as plain text: the title, then one line per block.
 * @param {Draft} draft
 * @param {Record<string, string>} profile
 */
export function draftPlainText(draft, profile) {
  const title = draftTitle(draft, profile);
  const lines = title ? [title] : [];
  draftEntries(draft).forEach((entry) => {
    const text = entryText(entry, itemFill(entry.item, profile));
    if (text) lines.push(text);
  });
  return lines.join("\n");
}

/**
 * The profile names a draft uses (its blocks and its title), in the profile's order.
 * @param {Draft} draft
 * @param {readonly string[]} order
 */
export function profileNamesUsed(draft, order) {
  const texts = [draft.title || ""];
  draft.items.forEach((item) => item.blocks.forEach((block) => texts.push(block.text)));
  const used = new Set();
  texts.forEach((text) => placeholders(text).forEach((found) => {
    const name = found.slice(1, -1);
    if (isProfileName(name)) used.add(name);
  }));
  return order.filter((name) => used.has(name));
}
