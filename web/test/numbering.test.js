import { test } from "node:test";
import assert from "node:assert/strict";
import { chineseNumeral, levelOf, numberFor, renumber, stripNumber } from "../src/numbering.js";

const numbers = (levels) => renumber(levels).map((entry) => entry.number);

test("chineseNumeral: tens without a leading 一, zero inside hundreds", () => {
  assert.deepEqual([10, 15, 30, 101, 110, 115, 305].map(chineseNumeral),
    ["十", "十五", "三十", "一百零一", "一百一十", "一百一十五", "三百零五"]);
});

test("chineseNumeral refuses numbers out of range", () => {
  for (const bad of [0, -1, 1000, 1.5, NaN]) assert.throws(() => chineseNumeral(bad), RangeError);
});

test("numberFor: the four official levels", () => {
  assert.deepEqual([numberFor(1, 3), numberFor(2, 11), numberFor(3, 4), numberFor(4, 10)], ["三、", "（十一）", "4.", "（10）"]);
});

test("levelOf reads misspelt numbers but not sentences that start with a numeral", () => {
  assert.equal(levelOf("一．组织建设"), 1);
  assert.equal(levelOf("(三)评比"), 2);
  assert.equal(levelOf("(3)评比"), 4);
  assert.equal(levelOf("一是加强学习"), null);
  assert.equal(levelOf("3.5倍的增长"), null);
});

test("stripNumber leaves text without a number alone", () => {
  for (const text of ["2016年工作回顾", "十分重视职工健康", "第一次工代会", "【年份】年主要工作", "二〇二七年工作要点"]) {
    assert.equal(stripNumber(text), text);
  }
});

test("stripNumber takes the number and the spaces after it", () => {
  assert.equal(stripNumber("（二）　开展主题活动"), "开展主题活动");
  assert.equal(stripNumber("第二，加强学习"), "加强学习");
  assert.equal(stripNumber("(12)网络平台"), "网络平台");
});

test("renumber: second level restarts under each first level", () => {
  assert.deepEqual(numbers([1, 2, 2, 2, 1, 2]), ["一、", "（一）", "（二）", "（三）", "二、", "（一）"]);
});

test("renumber: sections of several pages read as one outline", () => {
  assert.deepEqual(numbers([1, 2, 2, 1, 3, 3, 2]), ["一、", "（一）", "（二）", "二、", "（一）", "（二）", "（三）"]);
});

test("renumber: skipped levels close up", () => {
  assert.deepEqual(renumber([1, 3, 4]).map((entry) => entry.level), [1, 2, 3]);
});

test("renumber: large outlines", () => {
  const got = numbers(new Array(23).fill(1));
  assert.deepEqual([got[9], got[10], got[19], got[22]], ["十、", "十一、", "二十、", "二十三、"]);
  assert.equal(numbers([1, 2, 3].concat(new Array(10).fill(4))).pop(), "（10）");
});
