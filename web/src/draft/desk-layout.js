/* The draft page's fixed parts: title, actions, count line, message, panel slot, the list. */
import { button, el } from "./dom.js";

/**
 * @typedef {object} DeskView
 * @property {HTMLElement} app
 * @property {HTMLInputElement} titleInput
 * @property {HTMLElement} message
 * @property {HTMLElement} count
 * @property {HTMLButtonElement} downloadButton
 * @property {HTMLButtonElement} copyButton
 * @property {HTMLButtonElement} clearButton
 * @property {HTMLElement} panelSlot
 * @property {HTMLElement} list
 */

/**
 * Build the page's fixed parts into app (emptied first).
 * @param {HTMLElement} app
 * @returns {DeskView}
 */
export function deskLayout(app) {
  app.textContent = "";
  const titleInput = /** @type {HTMLInputElement} */ (el("input", { type: "text", id: "draft-title",
    className: "draft-title-input", placeholder: "如：【单位名称】工会【年份】年工作总结" }));
  const message = el("p", { className: "draft-message", role: "status", "aria-live": "polite" });
  const count = el("p", { className: "draft-count-line" });
  const downloadButton = button("md-button md-button--primary draft-download", "下载 Word 文档");
  const copyButton = button("draft-button draft-copy-all", "复制全文");
  const clearButton = button("draft-button draft-clear-draft", "清空草稿");
  const top = el("div", { className: "draft-top" }, [
    el("label", { className: "draft-title-label", for: "draft-title", text: "文档标题" }),
    titleInput,
    el("div", { className: "draft-actions" }, [downloadButton, copyButton, clearButton]),
    count,
    message,
  ]);
  const panelSlot = el("div", { className: "draft-panel-slot" });
  const list = el("ol", { className: "draft-items" });
  app.appendChild(top);
  app.appendChild(panelSlot);
  app.appendChild(list);
  return { app, titleInput, message, count, downloadButton, copyButton, clearButton, panelSlot, list };
}
