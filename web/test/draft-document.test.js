import { test } from "node:test";
import assert from "node:assert/strict";
import { draftEntries, draftPlainText, draftTitle, entryText, itemFill, profileNamesUsed } from "../src/draft/document.js";
import { PROFILE_NAMES } from "../src/rules.js";
import { heading, paragraph } from "./helpers.js";

const item = (key, blocks, extra = {}) => Object.assign({ key, url: "", page: "", heading: "", added: 0, fills: {}, dropped: [], blocks }, extra);

test("draftEntries: occurrences run over each item's slots, dropped blocks included", () => {
  const draft = { version: 2, title: "", items: [
    item("a", [heading(1, "一、【单位名称】工作"), paragraph("【数字】"), paragraph("【数字】【数字】")], { dropped: [1] }),
    item("b", [paragraph("【数字】")]),
  ] };
  const entries = draftEntries(draft);
  assert.deepEqual(entries.map((entry) => [entry.item.key, entry.index, entry.start]), [["a", 0, 0], ["a", 2, 2], ["b", 0, 0]]);
});

test("draftEntries never drops a heading", () => {
  const draft = { version: 2, title: "", items: [item("a", [heading(2, "（一）甲")], { dropped: [0] })] };
  assert.deepEqual(draftEntries(draft).map((entry) => [entry.level, entry.number]), [[1, "一、"]]);
});

test("itemFill: profile names from the profile, others from the item's fills", () => {
  const fill = itemFill(item("a", [], { fills: { 3: "五" } }), { "单位名称": "甲校" });
  assert.deepEqual([fill("单位名称", 0), fill("数字", 3), fill("数字", 4)], ["甲校", "五", ""]);
});

test("entryText of a heading: new number, own number gone", () => {
  const [entry] = draftEntries({ version: 2, title: "", items: [item("a", [heading(3, "2、【单位名称】活动")])] });
  assert.equal(entryText(entry, () => "甲校"), "一、甲校活动");
});

test("draftPlainText: title, then one line per block, empty paragraphs skipped", () => {
  const draft = { version: 2, title: " 【单位名称】总结 ", items: [
    item("a", [heading(1, "三、问题"), paragraph(""), paragraph("【数字】条")], { fills: { 0: "两" } }),
  ] };
  assert.equal(draftPlainText(draft, { "单位名称": "甲校" }), "甲校总结\n一、问题\n两条");
  assert.equal(draftTitle({ version: 2, title: "【年份】", items: [] }, {}), "【年份】");
});

test("profileNamesUsed: in the profile's order, from blocks and title", () => {
  const draft = { version: 2, title: "【年份】总结", items: [item("a", [paragraph("【姓名】【单位名称】【数字】")])] };
  assert.deepEqual(profileNamesUsed(draft, PROFILE_NAMES), ["单位名称", "年份", "姓名"]);
});

test("draftEntries: a block kept whole (no slots) still numbers its text's placeholders", () => {
  const whole = Object.assign(paragraph("【数字】"), { xml: ["<w:p/>"], slots: [] });
  const draft = { version: 2, title: "", items: [item("a", [whole, paragraph("【数字】")])] };
  assert.deepEqual(draftEntries(draft).map((entry) => entry.start), [0, 1]);
});
