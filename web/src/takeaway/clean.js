/* Plain text of the page as pasted into WPS or Word: one line per block, no invisible characters. */
import { INVISIBLE_CLASS } from "../rules.js";

/** Stands for <br> and block ends while whitespace is collapsed. */
export const BREAK = "\u2028";
const INVISIBLE_RE = new RegExp(`[${INVISIBLE_CLASS}]`, "g");
const CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef";
const CJK_GAP_RE = new RegExp(`([${CJK}]) (?=[${CJK}])`, "g");

/**
 * Text of an inline run: whitespace (source line breaks too) collapsed, no spaces between
 * Chinese characters, no invisible characters; BREAK marks the line breaks that are kept.
 * @param {string} text
 */
export function cleanInline(text) {
  return text.replace(INVISIBLE_RE, "").split(BREAK)
    .map((line) => line.replace(/\s+/g, " ").trim().replace(CJK_GAP_RE, "$1"))
    .filter(Boolean).join("\n");
}

/**
 * Lines of preformatted text: kept as they are but invisible characters; blank lines dropped.
 * @param {string} text
 */
export function preformattedLines(text) {
  return text.replace(INVISIBLE_RE, "").split("\n").filter((line) => line.trim());
}

/**
 * The number before an ordered list item: 1. at the top, （1） below.
 * @param {number} n
 * @param {number} depth
 */
export function listNumber(n, depth) {
  return depth ? "（" + n + "）" : n + ".";
}

/**
 * A table row: its cells, each on one line, tab-separated.
 * @param {string[]} cells
 */
export function tableRow(cells) {
  return cells.map((cell) => cell.replace(/\n/g, " ")).join("\t");
}
