import { test } from "node:test";
import assert from "node:assert/strict";
import { BREAK, cleanInline, listNumber, preformattedLines, tableRow } from "../src/takeaway/clean.js";

test("cleanInline collapses whitespace and source line breaks", () => {
  assert.equal(cleanInline("  a \n\t b  "), "a b");
});

test("cleanInline drops spaces between Chinese characters, keeps them next to Latin", () => {
  assert.equal(cleanInline("工会 工作 Word 文档"), "工会工作 Word 文档");
  assert.equal(cleanInline("一、 加强"), "一、加强");
});

test("cleanInline drops invisible characters", () => {
  assert.equal(cleanInline("职\u200b工\u00ad书\ufeff屋\u180e"), "职工书屋");
});

test("cleanInline keeps the marked line breaks, drops empty lines", () => {
  assert.equal(cleanInline("甲" + BREAK + BREAK + " 乙 " + BREAK), "甲\n乙");
});

test("preformattedLines keep their spaces, lose blank lines and invisible characters", () => {
  assert.deepEqual(preformattedLines("  a  b\n\n \n\u200bc"), ["  a  b", "c"]);
});

test("listNumber: 1. at the top, （1） below", () => {
  assert.deepEqual([listNumber(3, 0), listNumber(2, 1), listNumber(1, 2)], ["3.", "（2）", "（1）"]);
});

test("tableRow: tab-separated cells, each on one line", () => {
  assert.equal(tableRow(["项目", "一行\n二行", ""]), "项目\t一行 二行\t");
});
