/* The plain text of a section or of the whole article, from the page's DOM. */
import { NON_DOCUMENT_SELECTOR } from "../rules.js";
import { BREAK, cleanInline, listNumber, preformattedLines, tableRow } from "./clean.js";

/** Not the document's text (non_document rules: buttons, permalinks, toolbars, the profile panel). */
export const SKIP = NON_DOCUMENT_SELECTOR;
const HEADING = /^H([1-6])$/;
const CONTAINER = /^(DIV|SECTION|BLOCKQUOTE|DETAILS|FIGURE|DL|MAIN|ARTICLE)$/;
const LINE = /^(P|SUMMARY|DT|DD|FIGCAPTION|ADDRESS)$/;

/**
 * Text of an element without what is skipped (and nested lists if asked); <br> kept as a line break.
 * @param {Element} element
 * @param {boolean} dropLists
 */
function inlineText(element, dropLists) {
  const clone = /** @type {Element} */ (element.cloneNode(true));
  clone.querySelectorAll(SKIP + (dropLists ? ", ul, ol" : "")).forEach((node) => node.remove());
  clone.querySelectorAll("br").forEach((br) => br.replaceWith(BREAK));
  clone.querySelectorAll("p, li, div").forEach((block) => block.append(BREAK));
  return cleanInline(clone.textContent || "");
}

/**
 * Append the lines of a list; ordered items numbered 1. then （1）.
 * @param {Element} list
 * @param {string[]} lines
 * @param {number} depth
 */
function listLines(list, lines, depth) {
  let n = parseInt(list.getAttribute("start") || "1", 10);
  Array.from(list.children).forEach((item) => {
    if (item.tagName !== "LI") return;
    const prefix = list.tagName === "OL" ? listNumber(n, depth) : "";
    const text = inlineText(item, true);
    if (text || prefix) lines.push(prefix + text);
    Array.from(item.children).forEach((child) => {
      if (child.tagName === "UL" || child.tagName === "OL") listLines(child, lines, depth + 1);
    });
    n += 1;
  });
}

/**
 * Append the plain-text lines of one element of the element's kind.
 * @param {Element} element
 * @param {string[]} lines
 */
function elementLines(element, lines) {
  const tag = element.tagName;
  if (HEADING.test(tag) || LINE.test(tag)) {
    const text = inlineText(element, false);
    if (text) lines.push(text);
  } else if (tag === "UL" || tag === "OL") {
    listLines(element, lines, 0);
  } else if (tag === "TABLE") {
    element.querySelectorAll("tr").forEach((row) => {
      lines.push(tableRow(Array.from(row.children).map((cell) => inlineText(cell, false))));
    });
  } else if (tag === "PRE") {
    preformattedLines(element.textContent || "").forEach((line) => lines.push(line));
  } else if (CONTAINER.test(tag)) {
    element.childNodes.forEach((child) => blockLines(child, lines));
  } else if (tag !== "HR" && tag !== "IMG") {
    const inline = inlineText(element, false);
    if (inline) lines.push(inline);
  }
}

/**
 * Append the plain-text lines of one node.
 * @param {Node} node
 * @param {string[]} lines
 */
function blockLines(node, lines) {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = cleanInline((node.textContent || "").replace(/\u2028/g, " "));
    if (text) lines.push(text);
    return;
  }
  if (node instanceof Element && !node.matches(SKIP)) elementLines(node, lines);
}

/**
 * The section a heading opens: up to the next heading of the same or a higher level.
 * @param {Element} heading
 */
export function sectionText(heading) {
  const level = Number((HEADING.exec(heading.tagName) || [])[1]);
  /** @type {string[]} */
  const lines = [];
  blockLines(heading, lines);
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    const found = HEADING.exec(node.tagName);
    if (found && Number(found[1]) <= level) break;
    blockLines(node, lines);
  }
  return lines.join("\n");
}

/**
 * The whole document: title and every block of the article.
 * @param {Element} article
 */
export function documentText(article) {
  /** @type {string[]} */
  const lines = [];
  Array.from(article.children).forEach((child) => blockLines(child, lines));
  return lines.join("\n");
}
