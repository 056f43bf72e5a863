import { test } from "node:test";
import assert from "node:assert/strict";
import { coreXml, docxParts, documentXml, draftBody, headingXml, pageBody, safeFileName, titleXml } from "../src/docx/assemble.js";
import { zipFiles } from "../src/docx/zip.js";
import { BASE, heading, paragraph, wordText } from "./helpers.js";

const item = (blocks, extra = {}) => Object.assign({ key: "k", url: "", page: "", heading: "", added: 0, fills: {}, dropped: [], blocks }, extra);

test("titleXml: nothing without a title, the escaped title inside the base's paragraph", () => {
  assert.equal(titleXml(BASE, ""), "");
  assert.equal(titleXml(BASE, "甲<乙>"), BASE.title[0] + "甲&lt;乙&gt;" + BASE.title[1]);
});

test("headingXml uses the paragraph of the level", () => {
  assert.ok(headingXml(BASE, 3, "1.学习").includes('w:val="Heading3"'));
  assert.equal(wordText(headingXml(BASE, 2, "（一）A&B")), "（一）A&amp;B");
});

test("documentXml puts the body between head and tail", () => {
  assert.equal(documentXml(BASE, "<w:p/>"), "<w:document><w:body><w:p/><w:sectPr/></w:body></w:document>");
});

test("coreXml sets the escaped title and both times", () => {
  const xml = coreXml(BASE.parts["docProps/core.xml"], "A&B", "2027-05-01T08:00:00Z");
  assert.ok(xml.includes("<dc:title>A&amp;B</dc:title>"));
  assert.equal(xml.match(/2027-05-01T08:00:00Z/g).length, 2);
  assert.ok(!xml.includes("2020-01-01"));
  assert.ok(coreXml("<dc:title>old</dc:title>", "new", "t").includes("<dc:title>new</dc:title>"));
});

test("docxParts: the page's own parts replace the base's; core properties only with a title", () => {
  const parts = docxParts(BASE, "<w:p/>", { overrides: { "word/styles.xml": "<own/>" } });
  assert.equal(parts["word/styles.xml"], "<own/>");
  assert.equal(parts["docProps/core.xml"], BASE.parts["docProps/core.xml"]);
  assert.equal(parts["word/document.xml"], documentXml(BASE, "<w:p/>"));
  const titled = docxParts(BASE, "", { title: "标题", when: "2027-01-01T00:00:00Z" });
  assert.ok(titled["docProps/core.xml"].includes("<dc:title>标题</dc:title>"));
  assert.equal(BASE.parts["docProps/core.xml"].includes("标题"), false, "the base is not changed");
});

test("zipFiles: text as UTF-8, binary parts from base64", () => {
  const zip = { strToU8: (text) => new TextEncoder().encode(text), zipSync: () => new Uint8Array(0) };
  const files = zipFiles({ "a.xml": "工", "b.jpeg": { b64: "AAEC" } }, zip);
  assert.deepEqual(Array.from(files["a.xml"]), [0xe5, 0xb7, 0xa5]);
  assert.deepEqual(Array.from(files["b.jpeg"]), [0, 1, 2]);
});

test("pageBody numbers occurrences over the page's blocks", () => {
  const seen = [];
  pageBody([paragraph("【甲】【乙】"), paragraph("无"), paragraph("【丙】")], (name, n) => { seen.push(name + n); return ""; });
  assert.deepEqual(seen, ["甲0", "乙1", "丙2"]);
});

test("draftBody: title, renumbered headings, filled slots, dropped paragraphs left out", () => {
  const first = item([heading(2, "（三）组织建设"), paragraph("【单位名称】召开【数字】次会议"), paragraph("写什么：说明")],
    { fills: { 1: "5" }, dropped: [2] });
  const second = item([heading(1, "五、存在的问题"), paragraph("【数字】个问题")], { key: "k2", fills: { 0: "两" } });
  const xml = draftBody(BASE, { version: 2, title: "", items: [first, second] }, { "单位名称": "滨江小学" }, "总结");
  const text = wordText(xml);
  assert.ok(text.startsWith("总结一、组织建设滨江小学召开5次会议二、存在的问题两个问题"), text);
  assert.ok(!text.includes("写什么"));
  assert.ok(xml.includes('w:val="Heading1"') && !xml.includes('w:val="Heading2"'));
});

test("draftBody leaves unfilled placeholders as they are, escaped", () => {
  const xml = draftBody(BASE, { version: 2, title: "", items: [item([paragraph("【数字】人")])] }, {}, "");
  assert.equal(wordText(xml), "【数字】人");
});

test("safeFileName: no characters file systems refuse, a default name", () => {
  assert.equal(safeFileName("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j.docx");
  assert.equal(safeFileName("  ..标题..  "), "标题.docx");
  assert.equal(safeFileName("一行\n二行"), "一行 二行.docx");
  assert.equal(safeFileName(""), "我的草稿.docx");
  assert.equal(safeFileName("\u0001"), "我的草稿.docx");
});
