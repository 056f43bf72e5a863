/* Placeholders (【单位名称】 …): finding, naming, filling in text and in a block's slots. */
import { PROFILE_NAMES, placeholderRe, unfilledRe } from "./rules.js";
import { cleanValue, escapeXml, xmlValue } from "./text.js";

/** A value for a placeholder: (name, occurrence) -> value, or "" to leave it as it is. @typedef {(name: string, occurrence: number) => string} Fill */

/**
 * The placeholders of a text, in order.
 * @param {string} text
 * @returns {string[]}
 */
export function placeholders(text) {
  return text.match(placeholderRe()) || [];
}

/**
 * What was never filled in: placeholders and anonymisation markers, in order.
 * @param {string} text
 * @returns {string[]}
 */
export function unfilled(text) {
  return text.match(unfilledRe()) || [];
}

/** 【单位名称】 -> 单位名称. @param {string} placeholder */
export function nameOf(placeholder) {
  return placeholder.slice(1, -1);
}

/** Whether a placeholder name describes the reader's unit or person (filled once, everywhere). @param {string} name */
export function isProfileName(name) {
  return PROFILE_NAMES.includes(name);
}

/**
 * The text with its placeholders filled; fill gets the name and occurrence number (from start on).
 * @param {string} text
 * @param {Fill} fill
 * @param {number} [start]
 */
export function fillText(text, fill, start = 0) {
  let occurrence = start;
  return text.replace(placeholderRe(), (found) => {
    const value = fill(nameOf(found), occurrence++);
    return value ? cleanValue(value) : found;
  });
}

/** @typedef {{xml: string[], slots: string[]}} Slotted */

/**
 * A block's WordprocessingML: xml[0] + v0 + xml[1] + … with each slot's value escaped,
 * or the escaped placeholder itself when not filled.
 * @param {Slotted} block
 * @param {Fill} fill
 * @param {number} [start] occurrence number of the block's first slot
 */
export function fillSlots(block, fill, start = 0) {
  let out = block.xml[0];
  block.slots.forEach((slot, i) => {
    const value = fill(nameOf(slot), start + i);
    out += (value ? xmlValue(value) : escapeXml(slot)) + block.xml[i + 1];
  });
  return out;
}

/**
 * A fill of the profile's names only.
 * @param {Record<string, string>} profile
 * @returns {Fill}
 */
export function profileFill(profile) {
  return (name) => (isProfileName(name) && profile[name]) || "";
}
