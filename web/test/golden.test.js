// The golden cases of the text rules (gonghui_core/data/text_rules_golden.json), one test per case,
// against the browser's functions; tests/test_text_rules.py runs the same cases against Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import golden from "../../gonghui_core/data/text_rules_golden.json" with { type: "json" };
import { chineseNumeral, levelOf, numberFor, renumber, stripNumber } from "../src/numbering.js";
import { pageKind } from "../src/pages.js";
import { placeholders, unfilled } from "../src/placeholders.js";
import { dropInvisible } from "../src/text.js";

/** Section of the golden file -> the JS function that must give the expected value (null: none). */
const FUNCTIONS = {
  chinese_numeral: (n) => chineseNumeral(n),
  number_for: ([level, n]) => numberFor(level, n),
  level_of: (text) => levelOf(text),
  strip_number: (text) => stripNumber(text),
  renumber: (levels) => renumber(levels).map((entry) => [entry.level, entry.number]),
  drop_invisible: (text) => dropInvisible(text),
  placeholders: (text) => placeholders(text),
  unfilled: (text) => unfilled(text),
  page_kind: (path) => pageKind(path),
};

const sections = Object.keys(golden).filter((key) => !key.startsWith("$"));

test("every golden section has a JS function", () => {
  assert.deepEqual(sections.filter((section) => !(section in FUNCTIONS)), []);
});

for (const section of sections) {
  const run = FUNCTIONS[section];
  golden[section].forEach(([input, expected], i) => {
    test(`golden ${section} #${i}: ${JSON.stringify(input)}`, () => {
      assert.ok(run, `no JS function for golden section ${section}`);
      assert.deepEqual(run(input), expected);
    });
  });
}
