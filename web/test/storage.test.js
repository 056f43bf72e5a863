import { test } from "node:test";
import assert from "node:assert/strict";
import { FULL_MESSAGE, STORAGE_MESSAGE, createStore, isQuotaError } from "../src/storage.js";
import { DRAFT_KEY, OLD_DRAFT_KEY, PROFILE_KEY, checkDraft, migrateBlock, migrateDraft } from "../src/draft/format.js";
import { draftOf, forgetAll, profileOf, saveDraft, setProfileValue } from "../src/draft/state.js";
import { fakeStorage, paragraph } from "./helpers.js";

const V1_ITEM = { k: "a1", u: "templates/school/x/", p: "模板", h: "一、工作", at: 5, f: { 1: "三" }, d: [2], b: [
  { x: '<w:p><w:r><w:t>一、工作</w:t></w:r></w:p>', t: "一、工作", h: 1 },
  { x: "<w:p><w:r><w:t>【单位名称】开展【数字】次</w:t></w:r></w:p>", t: "【单位名称】开展【数字】次" },
  { x: "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>【A&amp;B】</w:t></w:r></w:p></w:tc></w:tr></w:tbl>", t: "【A&B】" },
  { x: "<w:p/>", t: "" },
] };

test("load reads JSON once and keeps one object", () => {
  const area = fakeStorage({ x: '{"a":1}' });
  const store = createStore(() => area);
  const value = store.load("x", null);
  assert.deepEqual(value, { a: 1 });
  area.setItem("x", '{"a":2}');
  assert.equal(store.load("x", null), value);
  store.invalidate("x");
  assert.deepEqual(store.load("x", null), { a: 2 });
});

test("save writes JSON; remove forgets memory and storage", () => {
  const area = fakeStorage();
  const store = createStore(() => area);
  assert.equal(store.save("x", { b: [1] }), true);
  assert.equal(area.getItem("x"), '{"b":[1]}');
  store.remove("x");
  assert.equal(area.getItem("x"), null);
  assert.equal(store.load("x", "none"), "none");
});

test("corrupt JSON: the fallback, and the status says storage does not work", () => {
  const store = createStore(() => fakeStorage({ x: "{not json" }));
  assert.deepEqual(store.load("x", { empty: true }), { empty: true });
  assert.equal(store.status.ok, false);
  assert.equal(store.status.error, STORAGE_MESSAGE);
});

test("a full storage: save fails with the quota message, the value stays in memory", () => {
  const area = fakeStorage();
  area.full = true;
  const store = createStore(() => area);
  assert.equal(store.save("x", 1), false);
  assert.deepEqual(store.status, { ok: false, error: FULL_MESSAGE });
  assert.equal(store.load("x", 0), 1);
});

test("no storage at all (private mode): memory only, with the message", () => {
  const store = createStore(() => { throw new Error("SecurityError"); });
  assert.equal(store.save("x", 1), false);
  assert.equal(store.load("x", 0), 1);
  assert.deepEqual(store.status, { ok: false, error: STORAGE_MESSAGE });
});

test("storage working again clears the message", () => {
  const area = fakeStorage();
  let broken = true;
  const store = createStore(() => (broken ? null : area));
  store.save("x", 1);
  assert.equal(store.status.ok, false);
  broken = false;
  store.save("x", 2);
  assert.equal(store.status.ok, true);
});

test("isQuotaError", () => {
  assert.ok(isQuotaError({ name: "QuotaExceededError", message: "" }));
  assert.ok(isQuotaError(new Error("exceeded the quota")));
  assert.ok(!isQuotaError(new Error("insecure")));
});

test("profile values: set and clear", () => {
  const area = fakeStorage();
  const store = createStore(() => area);
  setProfileValue(store, "单位名称", "甲校");
  setProfileValue(store, "年份", "2027");
  setProfileValue(store, "年份", "");
  assert.deepEqual(JSON.parse(area.getItem(PROFILE_KEY)), { "单位名称": "甲校" });
  assert.deepEqual(profileOf(createStore(() => fakeStorage({ [PROFILE_KEY]: "[1]" }))), {});
});

test("migrateBlock splits the XML at the placeholders into xml and slots", () => {
  const block = migrateBlock(V1_ITEM.b[1]);
  assert.equal(block.kind, "paragraph");
  assert.deepEqual(block.slots, ["【单位名称】", "【数字】"]);
  assert.equal(block.xml.length, 3);
  assert.equal(block.xml[0], '<w:p><w:r><w:t xml:space="preserve">');
  assert.deepEqual(migrateBlock(V1_ITEM.b[0]), { kind: "heading", level: 1, section: "", text: "一、工作",
    xml: ['<w:p><w:r><w:t xml:space="preserve">一、工作</w:t></w:r></w:p>'], slots: [] });
  assert.equal(migrateBlock(V1_ITEM.b[2]).kind, "table");
  assert.deepEqual(migrateBlock(V1_ITEM.b[2]).slots, ["【A&B】"]);
  assert.equal(migrateBlock(V1_ITEM.b[3]).kind, "blank");
  assert.equal(migrateBlock({ x: 1, t: "" }), null);
  assert.equal(migrateBlock({ x: "", t: "", h: 7 }), null);
});

test("a v1 draft is migrated on load, saved as v2, then v1 removed", () => {
  const area = fakeStorage({ [OLD_DRAFT_KEY]: JSON.stringify({ title: "【单位名称】总结", items: [V1_ITEM] }) });
  const draft = draftOf(createStore(() => area));
  assert.equal(area.getItem(OLD_DRAFT_KEY), null);
  const stored = JSON.parse(area.getItem(DRAFT_KEY));
  assert.deepEqual(stored, draft);
  assert.equal(stored.version, 2);
  assert.equal(stored.title, "【单位名称】总结");
  const [item] = stored.items;
  assert.deepEqual([item.key, item.url, item.page, item.heading, item.added, item.fills, item.dropped],
    ["a1", "templates/school/x/", "模板", "一、工作", 5, { 1: "三" }, [2]]);
  assert.deepEqual(item.blocks.map((block) => block.kind), ["heading", "paragraph", "table", "blank"]);
});

test("migration drops unreadable items one by one, never the whole draft", () => {
  const bad = [null, { k: 1, b: [] }, { k: "x", b: [{ x: "<w:p/>" }] }, { k: "y" }];
  const draft = migrateDraft({ title: 5, items: [V1_ITEM, ...bad] });
  assert.deepEqual(draft.items.map((item) => item.key), ["a1"]);
  assert.equal(draft.title, "");
  assert.deepEqual(migrateDraft("garbage"), { version: 2, title: "", items: [] });
});

test("a v1 draft stays when v2 cannot be saved (full storage)", () => {
  const area = fakeStorage({ [OLD_DRAFT_KEY]: JSON.stringify({ title: "", items: [V1_ITEM] }) });
  area.full = true;
  const draft = draftOf(createStore(() => area));
  assert.equal(draft.items.length, 1);
  assert.notEqual(area.getItem(OLD_DRAFT_KEY), null);
});

test("checkDraft keeps whole items only", () => {
  const good = { key: "g", blocks: [paragraph("【数字】")], fills: { 0: "1", 1: 2 }, dropped: [0, "x"] };
  const mismatched = { key: "m", blocks: [Object.assign(paragraph("【数字】"), { slots: [] })] };
  const badKind = { key: "b", blocks: [Object.assign(paragraph("甲"), { kind: "image" })] };
  const noLevel = { key: "h", blocks: [Object.assign(paragraph("甲"), { kind: "heading" })] };
  const draft = checkDraft({ version: 2, title: "t", items: [good, mismatched, badKind, noLevel, 3] });
  assert.deepEqual(draft.items.map((item) => item.key), ["g"]);
  assert.deepEqual(draft.items[0].fills, { 0: "1" });
  assert.deepEqual(draft.items[0].dropped, [0]);
  assert.deepEqual(checkDraft(null), { version: 2, title: "", items: [] });
});

test("draftOf: a corrupt stored draft becomes an empty one; saveDraft writes v2", () => {
  const area = fakeStorage({ [DRAFT_KEY]: "{{" });
  const store = createStore(() => area);
  const draft = draftOf(store);
  assert.deepEqual(draft.items, []);
  assert.equal(draftOf(store), draft, "one object per page");
  draft.title = "新";
  saveDraft(store);
  assert.equal(JSON.parse(area.getItem(DRAFT_KEY)).title, "新");
});

test("forgetAll removes profile and every draft version", () => {
  const area = fakeStorage({ [PROFILE_KEY]: "{}", [DRAFT_KEY]: "{}", [OLD_DRAFT_KEY]: "{}", other: "1" });
  forgetAll(createStore(() => area));
  assert.deepEqual([...area.items.keys()], ["other"]);
});
