/* Heading numbers of an official document: 一、 （一） 1. （1）. */
import { DIGITS, LEVELS, LEVEL_PATTERNS, MAX_NUMERAL, NUMBER_RE } from "./rules.js";

/**
 * 1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五, 200 -> 二百 (1 to MAX_NUMERAL).
 * @param {number} n
 * @returns {string}
 */
export function chineseNumeral(n) {
  if (!Number.isInteger(n) || n < 1 || n > MAX_NUMERAL) {
    throw new RangeError(`heading number ${n} out of range 1-${MAX_NUMERAL}`);
  }
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = hundreds ? DIGITS[hundreds] + "百" : "";
  if (tens) out += (tens === 1 && !hundreds ? "" : DIGITS[tens]) + "十";
  else if (hundreds && ones) out += DIGITS[0];
  return out + (ones ? DIGITS[ones] : "");
}

/**
 * The number of the n-th heading of an official level (1-4).
 * @param {number} level
 * @param {number} n
 */
export function numberFor(level, n) {
  const format = LEVELS[level - 1].format;
  return format.replace("{zh}", () => chineseNumeral(n)).replace("{n}", String(n));
}

/**
 * Official level (1-4) of a heading from its number as written or misspelt; null without one.
 * @param {string} text
 * @returns {number | null}
 */
export function levelOf(text) {
  const found = LEVEL_PATTERNS.find((entry) => entry.pattern.test(text));
  return found ? found.level : null;
}

/**
 * A heading without its own number; all of it if nothing would be left.
 * @param {string} text
 */
export function stripNumber(text) {
  const rest = text.replace(NUMBER_RE, "");
  return rest || text;
}

/** @typedef {{level: number, number: string}} Numbered */

/**
 * Levels as they stand (1-4, any order, gaps allowed) -> official level and number.
 * A heading is one level below the nearest earlier heading of a higher original
 * level (skipped levels close up; a leading （一） becomes 一、); counters
 * restart under each heading of a higher level.
 * @param {number[]} levels
 * @returns {Numbered[]}
 */
export function renumber(levels) {
  /** @type {{original: number, level: number}[]} */
  const stack = [];
  const deepest = LEVELS.length;
  const counters = new Array(deepest + 1).fill(0);
  return levels.map((original) => {
    while (stack.length && stack[stack.length - 1].original >= original) stack.pop();
    const level = Math.min(deepest, stack.length ? stack[stack.length - 1].level + 1 : 1);
    stack.push({ original, level });
    counters[level] += 1;
    for (let deeper = level + 1; deeper <= deepest; deeper++) counters[deeper] = 0;
    return { level, number: numberFor(level, counters[level]) };
  });
}
