import { test } from "node:test";
import assert from "node:assert/strict";
import { fillSlots, fillText, isProfileName, nameOf, placeholders, profileFill } from "../src/placeholders.js";
import { paragraph, wordText } from "./helpers.js";

test("nameOf and isProfileName", () => {
  assert.equal(nameOf("【单位名称】"), "单位名称");
  assert.ok(isProfileName("单位名称") && isProfileName("下一年份"));
  assert.ok(!isProfileName("数字") && !isProfileName("【单位名称】"));
});

test("placeholders: a fresh regex each call (no lastIndex left over)", () => {
  assert.deepEqual(placeholders("【甲】【乙】"), ["【甲】", "【乙】"]);
  assert.deepEqual(placeholders("【甲】【乙】"), ["【甲】", "【乙】"]);
});

test("fillText numbers occurrences from start and leaves unfilled ones", () => {
  const seen = [];
  const out = fillText("【数字】人，【数字】次", (name, n) => { seen.push([name, n]); return n === 5 ? "十" : ""; }, 4);
  assert.equal(out, "【数字】人，十次");
  assert.deepEqual(seen, [["数字", 4], ["数字", 5]]);
});

test("fillText cleans the value", () => {
  assert.equal(fillText("【单位名称】", () => "甲\u200b乙\r\n丙"), "甲乙\n丙");
});

test("fillSlots: each slot gets its value, escaped; unfilled slots keep the placeholder", () => {
  const block = paragraph("【年份】年，【单位名称】工会");
  const xml = fillSlots(block, (name) => (name === "单位名称" ? "<甲&乙>" : ""));
  assert.ok(xml.includes("&lt;甲&amp;乙&gt;"));
  assert.equal(wordText(xml), "【年份】年，&lt;甲&amp;乙&gt;工会");
});

test("fillSlots: a value's newline is a line break inside the slot's run", () => {
  const xml = fillSlots(paragraph("【单位名称】工会"), () => "一行\n二行");
  assert.ok(xml.includes('一行</w:t><w:br/><w:t xml:space="preserve">二行'));
  assert.equal(wordText(xml), "一行\n二行工会");
});

test("fillSlots: occurrences start at the block's first slot number", () => {
  const seen = [];
  fillSlots(paragraph("【数字】和【数字】"), (name, n) => { seen.push(n); return ""; }, 7);
  assert.deepEqual(seen, [7, 8]);
});

test("fillSlots of a block without slots is its XML", () => {
  const block = paragraph("没有空白");
  assert.equal(fillSlots(block, () => "x"), block.xml[0]);
});

test("profileFill fills profile names only", () => {
  const fill = profileFill({ "单位名称": "滨江小学", "数字": "3" });
  assert.equal(fill("单位名称", 0), "滨江小学");
  assert.equal(fill("数字", 1), "");
  assert.equal(fill("年份", 2), "");
});
