/*
 * Take-away: copy one section, or the whole document, as plain text ready to
 * paste into WPS or Word. Only on template and example pages (those with the
 * .takeaway-toolbar the build puts under the title).
 *
 * Plain text means: one line per heading, paragraph and list item (ordered
 * items keep their "1." numbers), table rows as tab-separated cells, no
 * Markdown, no permalink "¶", no zero-width characters; 【…】 kept as is, or
 * the reader's value where draft.js has filled one in from 本单位信息 (it
 * changes the placeholder's text on the page, so the copy carries it).
 */
(function () {
  "use strict";

  var ZERO_WIDTH = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
  var CJK_GAP = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;
  var SKIP = ".headerlink, .takeaway-toolbar, .takeaway-copy, button, script, style, svg, " +
    ".md-source-file, .md-tags, .md-content__button, .md-feedback, .draft-panel";
  var HEADING = /^H([1-6])$/;
  var CONTAINER = /^(DIV|SECTION|BLOCKQUOTE|DETAILS|FIGURE|DL|MAIN)$/;
  var LINE = /^(P|SUMMARY|DT|DD|FIGCAPTION|ADDRESS)$/;
  var BREAK = "\u2028";  /* stands for <br> and block ends while whitespace is collapsed */
  var COPIED_MS = 2000;

  /* Text of an inline run: whitespace (source line breaks too) collapsed, no spaces between
     Chinese characters; BREAK marks the line breaks that are kept. */
  function clean(text) {
    return text.replace(ZERO_WIDTH, "").split(BREAK).map(function (line) {
      return line.replace(/\s+/g, " ").trim().replace(CJK_GAP, "$1");
    }).filter(Boolean).join("\n");
  }

  /* Text of an element without buttons, permalinks and nested lists; <br> kept as a line break. */
  function inlineText(el, dropLists) {
    var clone = el.cloneNode(true);
    clone.querySelectorAll(SKIP + (dropLists ? ", ul, ol" : "")).forEach(function (n) { n.remove(); });
    clone.querySelectorAll("br").forEach(function (br) { br.replaceWith(BREAK); });
    clone.querySelectorAll("p, li, div").forEach(function (b) { b.append(BREAK); });
    return clean(clone.textContent);
  }

  /* Append the lines of a list; ordered items numbered 1. then （1）. */
  function listLines(list, lines, depth) {
    var n = parseInt(list.getAttribute("start") || "1", 10);
    Array.prototype.forEach.call(list.children, function (li) {
      if (li.tagName !== "LI") return;
      var prefix = list.tagName === "OL" ? (depth ? "（" + n + "）" : n + ".") : "";
      var text = inlineText(li, true);
      if (text || prefix) lines.push(prefix + text);
      Array.prototype.forEach.call(li.children, function (child) {
        if (child.tagName === "UL" || child.tagName === "OL") listLines(child, lines, depth + 1);
      });
      n += 1;
    });
  }

  /* Append the plain-text lines of one block element. */
  function blockLines(el, lines) {
    if (el.nodeType === Node.TEXT_NODE) {
      var t = clean(el.textContent.replace(/\u2028/g, " "));
      if (t) lines.push(t);
      return;
    }
    if (el.nodeType !== Node.ELEMENT_NODE || el.matches(SKIP)) return;
    var tag = el.tagName;
    if (HEADING.test(tag) || LINE.test(tag)) {
      var text = inlineText(el, false);
      if (text) lines.push(text);
    } else if (tag === "UL" || tag === "OL") {
      listLines(el, lines, 0);
    } else if (tag === "TABLE") {
      el.querySelectorAll("tr").forEach(function (tr) {
        var cells = Array.prototype.map.call(tr.children, function (c) {
          return inlineText(c, false).replace(/\n/g, " ");
        });
        lines.push(cells.join("\t"));
      });
    } else if (tag === "PRE") {
      el.textContent.replace(ZERO_WIDTH, "").split("\n").forEach(function (l) { if (l.trim()) lines.push(l); });
    } else if (CONTAINER.test(tag) || tag === "ARTICLE") {
      el.childNodes.forEach(function (child) { blockLines(child, lines); });
    } else if (tag !== "HR" && tag !== "IMG") {
      var inline = inlineText(el, false);
      if (inline) lines.push(inline);
    }
  }

  /* The section a heading opens: up to the next heading of the same or a higher level. */
  function sectionText(heading) {
    var level = +HEADING.exec(heading.tagName)[1];
    var lines = [];
    blockLines(heading, lines);
    for (var el = heading.nextElementSibling; el; el = el.nextElementSibling) {
      var m = HEADING.exec(el.tagName);
      if (m && +m[1] <= level) break;
      blockLines(el, lines);
    }
    return lines.join("\n");
  }

  /* The whole document: title and every block of the article. */
  function documentText(article) {
    var lines = [];
    Array.prototype.forEach.call(article.children, function (el) { blockLines(el, lines); });
    return lines.join("\n");
  }

  /* Put text on the clipboard; falls back to execCommand where the API is missing. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return new Promise(function (resolve) { resolve(fallbackCopy(text)); });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  /* A copy button that shows "已复制" for a moment. */
  function makeButton(label, title, getText) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "takeaway-copy";
    button.textContent = label;
    button.title = title;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      copyText(getText()).then(function () {
        button.textContent = "已复制";
        button.dataset.state = "done";
      }, function () {
        button.textContent = "复制失败，请手动选择";
        button.dataset.state = "failed";
      }).then(function () {
        setTimeout(function () { button.textContent = label; delete button.dataset.state; }, COPIED_MS);
      });
    });
    return button;
  }

  /* Add the buttons to the page just shown. */
  function init() {
    var article = document.querySelector("article.md-content__inner");
    var toolbar = article && article.querySelector(".takeaway-toolbar");
    if (!toolbar || toolbar.querySelector(".takeaway-copy")) return;
    toolbar.appendChild(makeButton("复制全文", "复制整篇文字（纯文本，可直接粘贴到 WPS/Word）",
      function () { return documentText(article); }));
    article.querySelectorAll(":scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6")
      .forEach(function (heading) {
        heading.appendChild(makeButton("复制本节", "复制本节文字（纯文本）",
          function () { return sectionText(heading); }));
      });
  }

  window.takeaway = { sectionText: sectionText, documentText: documentText, copyText: copyText };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
