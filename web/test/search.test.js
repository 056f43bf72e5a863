import { test } from "node:test";
import assert from "node:assert/strict";
import { CODE_KEYWORD, CODE_TITLE, EMPTY, FORMAT_VERSION, HEADING_FLAG, MAX_SHOWN, QUERY, READY, RESULT, SETUP } from "../src/search/constants.js";
import { escapeHTML, mark, pageText, snippet } from "../src/search/display.js";
import { Engine } from "../src/search/engine.js";
import { fnv1a, intersect, parseFragment, readList } from "../src/search/fragments.js";
import { pageLocation } from "../src/search/loaders.js";
import { normalize, segment, terms } from "../src/search/normalize.js";
import { oneAway } from "../src/search/plan.js";
import { factors, fieldScore, offerHit, pageScore } from "../src/search/scoring.js";
import { TOY_INDEX, handle } from "../src/search/worker.js";

const TOY = TOY_INDEX;
const toyLoader = (asked = []) => (key) => { asked.push(key); return Promise.resolve(TOY[key] || null); };
const toyEngine = (manifest = {}, asked = []) => new Engine({ config: { zh: Object.assign({ v: FORMAT_VERSION, n: 1, H: 1 }, manifest) } }, toyLoader(asked));
const list = (docs, codes) => ({ df: docs.length, docs: Int32Array.from(docs), codes: Uint8Array.from(codes) });

test("normalize: NFKC, lower case, Traditional to Simplified, no invisible characters", () => {
  assert.equal(normalize("鐵路局工會ＡＢＣ１\u200b", { "鐵": "铁", "會": "会" }), "铁路局工会abc1");
  assert.equal(normalize(null, {}), "");
});

test("segment: longest vocabulary words, leftovers joined", () => {
  const words = new Set(["铁路局", "铁路", "工会", "年终总结"]);
  assert.deepEqual(segment("铁路局工会年终总结", words).map((p) => p.text), ["铁路局", "工会", "年终总结"]);
  assert.deepEqual(segment("甲乙工会丙", words), [{ text: "甲乙", word: false }, { text: "工会", word: true }, { text: "丙", word: false }]);
  assert.deepEqual(segment("", words), []);
});

test("terms: Han runs segmented, Latin and numbers as tokens, each once", () => {
  const got = terms("工会 Word 2027 工会", new Set(["工会"]), {}).map((p) => p.text);
  assert.deepEqual(got, ["工会", "word", "2027"]);
});

test("fnv1a matches the index writer's (searchindex.fnv1a)", () => {
  assert.deepEqual([fnv1a("工会"), fnv1a("abc"), fnv1a("")], [38192910, 440920331, 2166136261]);
});

test("parseFragment and readList read the posting lists", () => {
  const fragment = parseFragment(TOY["p/0"]);
  assert.deepEqual([...fragment.map.keys()], ["工", "工会", "会"]);
  const got = readList(fragment, "会");
  assert.deepEqual([got.df, Array.from(got.docs), Array.from(got.codes)], [1, [0], [52]]);
  assert.equal(readList(fragment, "无"), EMPTY);
  assert.equal(readList(null, "会"), EMPTY);
});

test("intersect: pages in every list; the lowest field; a heading only if all are", () => {
  const got = intersect([list([1, 2, 5], [CODE_TITLE, 3, HEADING_FLAG + 4]), list([2, 5, 9], [HEADING_FLAG + 2, HEADING_FLAG + 1, 1])]);
  assert.deepEqual(Array.from(got.docs), [2, 5]);
  assert.deepEqual(Array.from(got.codes), [2, HEADING_FLAG + 1]);
  assert.deepEqual(Array.from(intersect([list([1], [CODE_TITLE]), list([1], [CODE_KEYWORD])]).codes), [CODE_KEYWORD]);
  assert.equal(intersect([list([1], [1]), EMPTY]), EMPTY);
  assert.equal(intersect([]), EMPTY);
});

test("fieldScore: title over keywords over body; a heading adds a little", () => {
  const title = fieldScore(CODE_TITLE, 1), keyword = fieldScore(CODE_KEYWORD, 1);
  const body = fieldScore(2, 1), head = fieldScore(HEADING_FLAG + 2, 1);
  assert.ok(title > keyword && keyword > body && head > body);
  assert.ok(fieldScore(40, 1) < 2.2, "term frequency saturates");
  assert.equal(fieldScore(2, 0.5), body / 2);
});

test("factors: 1 but for the pages listed", () => {
  assert.deepEqual(Array.from(factors(3, { 1: 2, 7: 9 })), [1, 2, 1]);
});

test("offerHit keeps the best MAX_SHOWN, best first, ties to the earlier page", () => {
  const top = [];
  for (let doc = 0; doc < MAX_SHOWN + 5; doc++) offerHit(top, { doc, score: doc % 3, mask: 1 });
  assert.equal(top.length, MAX_SHOWN);
  assert.deepEqual(top.slice(0, 3).map((hit) => hit.doc), [2, 5, 8]);
  assert.ok(top.every((hit, i) => i === 0 || top[i - 1].score >= hit.score));
});

test("pageScore: share squared and boost; too small a share is not counted", () => {
  assert.equal(pageScore(2, 0.5, 3), 1.5);
  assert.equal(pageScore(2, 0.1, 1), null);
  assert.equal(pageScore(0, 1, 1), null);
});

test("oneAway: a word of the same length with one character different", () => {
  assert.equal(oneAway("院物公开", ["院务公开", "院务", "校务公开"]), "院务公开");
  assert.equal(oneAway("职工书屋", ["职工书屋"]), null);
  assert.equal(oneAway("甲乙丙", ["丁戊己"]), null);
});

test("mark escapes HTML and marks terms, case-insensitive, regex characters literal", () => {
  assert.equal(mark("<b>Word a.b", ["word", "a.b"]), "&lt;b&gt;<mark>Word</mark> <mark>a.b</mark>");
  assert.equal(mark("a&b", []), "a&amp;b");
  assert.equal(escapeHTML("\"'"), "&quot;&#39;");
});

test("snippet: around the first term, with ellipses where cut", () => {
  const text = "甲".repeat(100) + "工会" + "乙".repeat(200);
  const got = snippet(text, text, ["工会"], 0, text.length);
  assert.ok(got.startsWith("…") && got.endsWith("…") && got.includes("工会"));
  assert.equal(snippet("短文", "短文", ["无"], 0, 2), "短文");
});

test("pageText: sections from the heading offsets", () => {
  const page = pageText(TOY["d/0"]);
  assert.deepEqual(page.heads.map((h) => [h.id, h.start, h.end, h.title]), [["a", 0, 3, "工会"], ["b", 3, 7, "工会工作"]]);
});

test("Engine.search on the toy index: one page, the count on the first result", async () => {
  const asked = [];
  const result = await toyEngine({}, asked).search("工会工");
  assert.equal(result.total, 1);
  assert.equal(result.items.length, 1);
  const [first, ...sections] = result.items[0];
  assert.equal(first.location, "");
  assert.ok(first.title.startsWith("<mark>工会</mark>") && first.title.includes('data-zh-total="1"'));
  assert.ok(sections.every((s) => s.location.startsWith("#")));
  assert.ok(asked.includes("c/5de5") && asked.includes("d/0"));
});

test("Engine.search: an index in another format answers no results and warns", async (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const asked = [];
  const engine = toyEngine({ v: FORMAT_VERSION + 1 }, asked);
  assert.deepEqual(await engine.search("工会"), { items: [], total: 0 });
  assert.deepEqual(await engine.search("工会"), { items: [], total: 0 });
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /format/);
  assert.deepEqual(asked, [], "nothing of the index is read");
  assert.deepEqual(await toyEngine({ v: undefined }).search("工会"), { items: [], total: 0 });
});

test("handle: SETUP answers READY; a query overtaken by a newer one answers null", async () => {
  assert.deepEqual(handle({ type: SETUP, data: { config: { zh: { v: FORMAT_VERSION, n: 1, H: 1 } } } }, toyLoader()), { type: READY });
  const stale = handle({ type: QUERY, data: "工会" });
  const last = handle({ type: QUERY, data: "工会工" });
  assert.equal(await stale, null);
  const reply = await last;
  assert.equal(reply.type, RESULT);
  assert.equal(reply.data.items.length, 1);
  assert.equal(handle({ type: 99 }), null);
});

test("pageLocation: from file:// a folder links to its index.html", () => {
  assert.equal(pageLocation("a/b/", true), "a/b/index.html");
  assert.equal(pageLocation("a/b/#x", true), "a/b/index.html#x");
  assert.equal(pageLocation("", true), "index.html");
  assert.equal(pageLocation("a/b.html?q", true), "a/b.html?q");
  assert.equal(pageLocation("a/b/", false), "a/b/");
});
