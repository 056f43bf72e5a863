/* The copy buttons: 复制全文 in the toolbar, 复制本节 on every h2–h6. */
import { copyText } from "./clipboard.js";
import { documentText, sectionText } from "./extract.js";

const COPIED_MS = 2000;

/**
 * A copy button that shows "已复制" for a moment.
 * @param {string} label
 * @param {string} title
 * @param {() => string} getText
 */
export function copyButton(label, title, getText) {
  const control = document.createElement("button");
  control.type = "button";
  control.className = "takeaway-copy";
  control.textContent = label;
  control.title = title;
  control.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation();
    copyText(getText()).then(() => {
      control.textContent = "已复制";
      control.dataset.state = "done";
    }, () => {
      control.textContent = "复制失败，请手动选择";
      control.dataset.state = "failed";
    }).then(() => {
      setTimeout(() => {
        control.textContent = label;
        delete control.dataset.state;
      }, COPIED_MS);
    });
  });
  return control;
}

/** Add the buttons to the page just shown (once). */
export function addCopyButtons() {
  const article = document.querySelector("article.md-content__inner");
  const toolbar = article && article.querySelector(".takeaway-toolbar");
  if (!article || !toolbar || toolbar.querySelector(".takeaway-copy")) return;
  toolbar.appendChild(copyButton("复制全文", "复制整篇文字（纯文本，可直接粘贴到 WPS/Word）", () => documentText(article)));
  article.querySelectorAll(":scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6").forEach((heading) => {
    heading.appendChild(copyButton("复制本节", "复制本节文字（纯文本）", () => sectionText(heading)));
  });
}
