import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanValue, dropInvisible, escapeXml, unescapeXml, xmlValue } from "../src/text.js";

test("escapeXml escapes markup", () => {
  assert.equal(escapeXml("<script>&]]>"), "&lt;script&gt;&amp;]]&gt;");
});

test("escapeXml drops control characters XML refuses, keeps tab and newline", () => {
  assert.equal(escapeXml("a\u0001b\u000bc\u001fd\ufffee\tf\ng"), "abcde\tf\ng");
});

test("escapeXml drops lone surrogates and keeps pairs", () => {
  assert.equal(escapeXml("a\ud800b\udc00c"), "abc");
  assert.equal(escapeXml("end\ud83d"), "end");
  assert.equal(escapeXml("𠮷\ud83d\ude00"), "𠮷\ud83d\ude00");
});

test("line separators and CRLF become newlines", () => {
  assert.equal(cleanValue("a\u2028b\u2029c\r\nd\re"), "a\nb\nc\nd\ne");
});

test("xmlValue writes a newline as a line break in the same run", () => {
  assert.equal(xmlValue("甲\n乙"), '甲</w:t><w:br/><w:t xml:space="preserve">乙');
  assert.equal(xmlValue("a\u2028b"), 'a</w:t><w:br/><w:t xml:space="preserve">b');
});

test("cleanValue of nothing is empty; numbers become text", () => {
  assert.equal(cleanValue(null), "");
  assert.equal(cleanValue(undefined), "");
  assert.equal(cleanValue(2027), "2027");
});

test("dropInvisible keeps the ideographic space", () => {
  assert.equal(dropInvisible("工作\u200b目标\u3000一"), "工作目标\u3000一");
});

test("unescapeXml reverses escaping and reads character references", () => {
  assert.equal(unescapeXml("&lt;a&gt; &amp;amp; &#x4E00;&#20108; &quot;&apos;"), "<a> &amp; 一二 \"'");
});
