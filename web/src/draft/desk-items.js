/* One section of the draft on the draft page: where it is from, its buttons, its blocks. */
import { stripNumber } from "../numbering.js";
import { placeholders } from "../placeholders.js";
import { button, el, pageLink } from "./dom.js";
import { textWithFields } from "./desk-fields.js";

/** @typedef {import("./format.js").Item} Item */
/** @typedef {import("./document.js").Entry} Entry */
/**
 * @typedef {import("./desk-fields.js").FieldHost & {
 *   move(index: number, by: number): void, remove(index: number): void, changed(): void
 * }} ItemHost
 */

/**
 * The head of a section: source link, 恢复/上移/下移/删除.
 * @param {Item} item
 * @param {number} index
 * @param {number} count number of sections in the draft
 * @param {ItemHost} host
 */
function itemHead(item, index, count, host) {
  const up = button("draft-button draft-up", "上移", { "aria-label": "上移：" + item.heading });
  const down = button("draft-button draft-down", "下移", { "aria-label": "下移：" + item.heading });
  const remove = button("draft-button draft-remove", "删除", { "aria-label": "删除：" + item.heading });
  up.disabled = index === 0;
  down.disabled = index === count - 1;
  up.addEventListener("click", () => host.move(index, -1));
  down.addEventListener("click", () => host.move(index, 1));
  remove.addEventListener("click", () => host.remove(index));
  let restore = null;
  if (item.dropped.length) {
    restore = button("draft-button draft-restore", "恢复删去的 " + item.dropped.length + " 段",
      { "aria-label": "恢复删去的段落：" + item.heading });
    restore.addEventListener("click", () => {
      item.dropped = [];
      host.changed();
    });
  }
  return el("div", { className: "draft-item__head" }, [
    el("span", { className: "draft-item__from", text: "来自：" }),
    el("a", { href: pageLink(item.url), text: item.page || item.url, className: "draft-source" }),
    el("span", { className: "draft-item__buttons" }, [restore, up, down, remove]),
  ]);
}

/**
 * "删去": take a paragraph (e.g. a template's 写什么 note) out of its section.
 * @param {Item} item
 * @param {number} index
 * @param {string} text
 * @param {ItemHost} host
 */
function dropButton(item, index, text, host) {
  const control = button("draft-drop", "删去", { title: "从草稿中删去这一段（可在本节上方恢复）",
    "aria-label": "删去本段：" + text.slice(0, 20) });
  control.addEventListener("click", () => {
    item.dropped = item.dropped.concat([index]);
    host.changed();
  });
  return control;
}

/**
 * A heading with its new number.
 * @param {Entry} entry
 * @param {ItemHost} host
 */
function headingNode(entry, host) {
  const node = el("p", { className: "draft-h draft-h" + entry.level, role: "heading", "aria-level": String(entry.level + 1) });
  node.appendChild(document.createTextNode(entry.number));
  const text = entry.block.text;
  const rest = stripNumber(text);
  // placeholders the heading's own number takes away from the front (none in practice)
  const before = placeholders(text.slice(0, text.length - rest.length)).length;
  textWithFields(node, rest, entry.item, entry.start + before, host);
  return node;
}

/**
 * A table, a field for each placeholder of its cells.
 * @param {Entry} entry
 * @param {ItemHost} host
 */
function tableNode(entry, host) {
  const table = el("table", { className: "draft-table" });
  let occurrence = entry.start;
  entry.block.text.split("\n").forEach((row) => {
    const line = el("tr");
    row.split("\t").forEach((cell) => {
      const node = el("td");
      textWithFields(node, cell, entry.item, occurrence, host);
      occurrence += placeholders(cell).length;
      line.appendChild(node);
    });
    table.appendChild(line);
  });
  return table;
}

/**
 * The nodes of one block on the page (none for an empty paragraph).
 * @param {Entry} entry
 * @param {ItemHost} host
 * @returns {Node[]}
 */
function blockNodes(entry, host) {
  const block = entry.block;
  if (block.kind === "heading") return [headingNode(entry, host)];
  if (block.kind === "table") return [dropButton(entry.item, entry.index, "表格", host), tableNode(entry, host)];
  if (!block.text) return [];
  const paragraph = el("p");
  textWithFields(paragraph, block.text, entry.item, entry.start, host);
  paragraph.appendChild(dropButton(entry.item, entry.index, block.text, host));
  return [paragraph];
}

/**
 * One section of the draft as a list item.
 * @param {Item} item
 * @param {number} index
 * @param {number} count
 * @param {Entry[]} entries the item's blocks as they stand in the document
 * @param {ItemHost} host
 */
export function itemNode(item, index, count, entries, host) {
  const body = el("div", { className: "draft-item__body" });
  entries.forEach((entry) => blockNodes(entry, host).forEach((node) => body.appendChild(node)));
  return el("li", { className: "draft-item", "data-key": item.key }, [itemHead(item, index, count, host), body]);
}
