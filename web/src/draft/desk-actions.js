/* The draft page's actions: title, 下载 Word 文档, 复制全文, 清空草稿. */
import { docxParts, draftBody, safeFileName } from "../docx/assemble.js";
import { docxBlob } from "../docx/zip.js";
import { store } from "./context.js";
import { loadBase, loadZip } from "./data.js";
import { confirmTwice, offerDownload } from "./dom.js";
import { draftPlainText, draftTitle } from "./document.js";
import { draftOf, profileOf } from "./state.js";

/** @typedef {import("./desk.js").Desk} Desk */

/**
 * The draft as a .docx: {blob, name}.
 * @param {import("./format.js").Draft} draft
 */
export function draftDocx(draft) {
  return Promise.all([loadBase(), loadZip()]).then(([base, zip]) => {
    const profile = profileOf(store);
    const title = draftTitle(draft, profile);
    const parts = docxParts(base, draftBody(base, draft, profile, title), { title });
    return { blob: docxBlob(parts, zip), name: safeFileName(title) };
  });
}

/** @param {Desk} desk */
function onDownload(desk) {
  const draft = draftOf(store);
  desk.message.textContent = "";
  if (!draft.items.length) {
    desk.message.textContent = "草稿是空的，没有可下载的内容。请先在模板或范文页面上点“加入草稿”。";
    return;
  }
  desk.downloadButton.disabled = true;
  const started = performance.now();
  draftDocx(draft).then((made) => {
    offerDownload(made.blob, made.name);
    const open = Number(desk.count.dataset.open);
    desk.message.textContent = "已生成“" + made.name + "”" + (open ? "（还有 " + open + " 处【】未填写）" : "") + "。";
    desk.app.dataset.lastDownloadMs = String(Math.round(performance.now() - started));
  }, (error) => {
    desk.message.textContent = "生成 Word 文档失败：" + ((error && error.message) || error) + "。可以先用“复制全文”。";
  }).then(() => { desk.downloadButton.disabled = false; });
}

/** @param {Desk} desk */
function onCopy(desk) {
  const draft = draftOf(store);
  if (!draft.items.length) {
    desk.message.textContent = "草稿是空的，没有可复制的内容。";
    return;
  }
  const takeaway = /** @type {any} */ (window).takeaway;
  const text = draftPlainText(draft, profileOf(store));
  const copied = takeaway && takeaway.copyText ? takeaway.copyText(text) : navigator.clipboard.writeText(text);
  copied.then(() => { desk.message.textContent = "已复制全文（纯文本，可直接粘贴到 WPS/Word）。"; },
    () => { desk.message.textContent = "复制失败，请手动选择文字复制。"; });
}

/**
 * Connect the fixed controls.
 * @param {Desk} desk
 */
export function wireActions(desk) {
  desk.titleInput.addEventListener("input", () => {
    draftOf(store).title = desk.titleInput.value;
    desk.persist();
  });
  desk.titleInput.addEventListener("change", () => desk.renderPanel());
  desk.downloadButton.addEventListener("click", () => onDownload(desk));
  desk.copyButton.addEventListener("click", () => onCopy(desk));
  confirmTwice(desk.clearButton, "清空草稿", "再点一次，确认清空", () => {
    draftOf(store).items = [];
    desk.changed();
  }, () => draftOf(store).items.length > 0);
}
