/* Search constants: the ones the index writer shares come from the rules file (search). */
import { HAN_CLASS, SEARCH } from "../rules.js";

export const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
export const FORMAT_VERSION = SEARCH.format_version;
export const CODE_TITLE = SEARCH.code_title;
export const CODE_KEYWORD = SEARCH.code_keyword;
export const HEADING_FLAG = SEARCH.heading_flag;
export const MAX_HEADING = SEARCH.max_heading;
export const FUZZY_MIN = SEARCH.fuzzy_min;
export const FUZZY_MAX = SEARCH.fuzzy_max;

export const MAX_WORD = 8, MAX_SHOWN = 10, MAX_SECTIONS = 3, SNIPPET = 60, MAX_TERMS = 30;
export const FIELD = { title: 3, keyword: 2.5, heading: 0.4, body: 1 };
export const TF_SATURATION = 1.2, SINGLE_CHAR_WEIGHT = 0.15, PAIR_WEIGHT = 0.6, MIN_SHARE = 0.2;

/** One Han character (test only: not global). */
export const HAN = new RegExp(`[${HAN_CLASS}]`);
/** A run of Han characters, or of Latin letters and digits. */
export function runsOf(/** @type {string} */ text) {
  return text.match(new RegExp(`[${HAN_CLASS}]+|[a-z0-9]+`, "g")) || [];
}

/** @typedef {{df: number, docs: Int32Array, codes: Uint8Array}} Postings */
/** @type {Postings} */
export const EMPTY = { df: 0, docs: new Int32Array(0), codes: new Uint8Array(0) };
