/* Template and example pages: the profile panel, placeholders filled on the page, 加入草稿, the filled .docx. */
import { docxParts, pageBody } from "../docx/assemble.js";
import { docxBlob } from "../docx/zip.js";
import { isProfileName, nameOf, profileFill } from "../placeholders.js";
import { PROFILE_NAMES } from "../rules.js";
import { cleanValue } from "../text.js";
import { profilePanel } from "../profile.js";
import { listen, notify, store } from "./context.js";
import { loadBase, loadPage, loadZip } from "./data.js";
import { button, offerDownload } from "./dom.js";
import { updateHeader } from "./header.js";
import { draftOf, profileOf, saveDraft } from "./state.js";

const NOTE_USED = "填一次，本站所有页面、复制的文字、下载的 Word 文档和“我的草稿”都会用上；只保存在本浏览器中，不会发送到任何地方。";
const NOTE_UNUSED = "本页没有需要填写的本单位信息（范文中的 ×× 保持原样）。在模板页面或“我的草稿”中填写的信息只保存在本浏览器中。";

/**
 * The page's placeholder spans, each remembering its placeholder.
 * @param {Element} article
 * @returns {HTMLElement[]}
 */
function placeholderSpans(article) {
  const spans = /** @type {HTMLElement[]} */ (Array.from(article.querySelectorAll(".placeholder")));
  spans.forEach((span) => {
    if (!span.dataset.placeholder) span.dataset.placeholder = span.textContent || "";
  });
  return spans;
}

/**
 * Show the profile's values in the page text (so copies carry them).
 * @param {HTMLElement[]} spans
 */
function applyProfile(spans) {
  const profile = profileOf(store);
  spans.forEach((span) => {
    const placeholder = span.dataset.placeholder || "";
    const name = nameOf(placeholder);
    const value = isProfileName(name) ? profile[name] : "";
    span.textContent = value ? cleanValue(value) : placeholder;
    span.classList.toggle("is-filled", !!value);
    span.title = value ? "本单位信息：" + name : "请替换为实际内容";
  });
}

/**
 * A template or example page: panel, filled placeholders, 加入草稿 and the filled download.
 * @param {Element} article
 * @param {Element} toolbar
 */
export function initPage(article, toolbar) {
  const spans = placeholderSpans(article);
  const used = PROFILE_NAMES.filter((name) => spans.some((span) => span.dataset.placeholder === "【" + name + "】"));
  const panel = profilePanel(used, used.length ? NOTE_USED : NOTE_UNUSED);
  toolbar.after(panel);
  applyProfile(spans);
  listen(() => applyProfile(spans), article);

  const download = toolbar.querySelector("a.takeaway-download");
  if (!(download instanceof HTMLAnchorElement)) return;
  const pageData = loadPage(download.href.replace(/\.docx(?=$|[?#])/, ".draft.js"));
  const status = /** @type {HTMLElement} */ (panel.querySelector(".draft-status"));
  pageData.then((data) => addDraftButtons(article, toolbar, data, status),
    () => { /* no draft data (an old build): the page still works, downloads are the built files */ });
  download.addEventListener("click", (event) => {
    const profile = profileOf(store);
    if (!used.some((name) => profile[name])) return;  // nothing to fill: the built file
    event.preventDefault();
    pageData.then(pageDocx).then((blob) => offerDownload(blob, download.getAttribute("download") || "文档.docx"),
      () => { window.location.href = download.href; });
  });
}

/**
 * The page's .docx with the profile's values.
 * @param {any} data
 */
function pageDocx(data) {
  return Promise.all([loadBase(), loadZip()]).then(([base, zip]) => {
    const body = pageBody(data.blocks, profileFill(profileOf(store)));
    return docxBlob(docxParts(base, body, { overrides: data.parts }), zip);
  });
}

/**
 * A new draft item: blocks start to end of the page.
 * @param {any} data
 * @param {number[]} range
 * @param {string} heading
 * @returns {import("./format.js").Item}
 */
export function newItem(data, range, heading) {
  return {
    key: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
    url: data.url, page: data.title, heading, added: Date.now(), fills: {}, dropped: [],
    blocks: data.blocks.slice(range[0], range[1]).map((/** @type {any} */ block) => Object.assign({}, block)),
  };
}

/**
 * A 加入草稿 button.
 * @param {string} label
 * @param {string} title
 * @param {() => import("./format.js").Item} make
 */
function addButton(label, title, make) {
  const control = button("draft-add", label, { title });
  control.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation();
    const draft = draftOf(store);
    draft.items.push(make());
    const ok = saveDraft(store);
    control.textContent = ok ? "已加入草稿（共 " + draft.items.length + " 节）" : "已加入（未能保存到本机）";
    control.dataset.state = ok ? "done" : "failed";
    notify("");
    updateHeader();
    setTimeout(() => {
      control.textContent = label;
      delete control.dataset.state;
    }, 2500);
  });
  return control;
}

/**
 * 加入草稿 for the opening (or the whole page) and every section the Word export keeps.
 * @param {Element} article
 * @param {Element} toolbar
 * @param {any} data
 * @param {HTMLElement} status
 */
function addDraftButtons(article, toolbar, data, status) {
  if (data.lead && data.lead[1] > data.lead[0]) {
    const whole = !Object.keys(data.sections).length;  // a page without headings: its whole text
    toolbar.appendChild(addButton(whole ? "全文加入草稿" : "开头加入草稿",
      whole ? "把本页全文加入“我的草稿”" : "把本页标题下、第一个小标题前的开头段落加入“我的草稿”",
      () => newItem(data, data.lead, whole ? "（全文）" : "（开头）")));
  }
  article.querySelectorAll(":scope > h2, :scope > h3, :scope > h4").forEach((heading) => {
    const range = data.sections[heading.id];
    if (!range) return;  // left out of the Word document (使用说明, 附：…)
    const head = data.blocks[range[0]].text;
    const control = addButton("加入草稿", "把本节（含下级小标题）加入“我的草稿”", () => newItem(data, range, head));
    const copy = heading.querySelector(".takeaway-copy");
    if (copy && copy.nextSibling) heading.insertBefore(control, copy.nextSibling); else heading.appendChild(control);
  });
  if (status) status.hidden = store.status.ok;
}
