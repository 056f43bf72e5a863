/*
 * The text rules of an official document, read from the one shared copy
 * (gonghui_core/data/text_rules.json, also read by gonghui_core/rules.py).
 * Patterns are composed here exactly as the Python reader composes them.
 */
import textRules from "../../gonghui_core/data/text_rules.json" with { type: "json" };

/** @typedef {{level: number, format: string, number: string}} LevelSpec */

/** The rules file as data. */
export const RULES = textRules;

const GAP = "[ \\t\u3000]*";

/** @type {readonly LevelSpec[]} */
export const LEVELS = textRules.numbering.levels;

/** Each official level with the pattern its number matches at a heading's start. */
export const LEVEL_PATTERNS = LEVELS.map((spec) => ({ level: spec.level, pattern: new RegExp(`^(?:${spec.number})`) }));

const ALL_NUMBERS = LEVELS.map((spec) => spec.number).concat(textRules.numbering.other).join("|");

/** A heading's own number with the spaces around it. */
export const NUMBER_RE = new RegExp(`^${GAP}(?:${ALL_NUMBERS})${GAP}`);

export const DIGITS = textRules.numerals.digits;
export const MAX_NUMERAL = textRules.numerals.max;

export const PLACEHOLDER = textRules.placeholder.pattern;
/** @type {readonly string[]} */
export const PROFILE_NAMES = Object.freeze(textRules.placeholder.profile.slice());

/** A new global regex for placeholders (a global regex keeps state: one per use). */
export function placeholderRe() {
  return new RegExp(PLACEHOLDER, "g");
}

/** A new global regex for what was never filled in: placeholders and anonymisation markers. */
export function unfilledRe() {
  return new RegExp(`${PLACEHOLDER}|${textRules.markers.unfilled}`, "g");
}

export const INVISIBLE_CLASS = textRules.invisible.class;
export const INVISIBLE_RE = new RegExp(`[${INVISIBLE_CLASS}]`, "g");

/** CSS selector of what is not the document's text (tags and classes of non_document). */
export const NON_DOCUMENT_SELECTOR = textRules.non_document.tags
  .concat(textRules.non_document.classes.map((name) => "." + name))
  .join(", ");

export const PAGE_TYPE_RE = new RegExp(textRules.page_types.pattern);
/** @type {Readonly<Record<string, string>>} */
export const PAGE_KINDS = textRules.page_types.kinds;

export const SEARCH = textRules.search;
export const HAN_CLASS = SEARCH.han_class;
