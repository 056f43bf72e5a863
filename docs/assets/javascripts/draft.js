/*
 * 我的草稿: fill in the unit's details once, put sections of several pages
 * together, download one official Word document. Everything stays in this
 * browser (localStorage); nothing is sent anywhere; works from file://.
 *
 * - Template and example pages: a panel "填写本单位信息" with a field for each
 *   profile placeholder the page uses (【单位名称】 …); values show in the page
 *   text (so "复制本节"/"复制全文" carry them) and in "下载 Word 文档"; a
 *   "加入草稿" button on every h2–h4 section the Word export keeps.
 * - The draft page (#draft-app): the chosen sections in order, move up/down,
 *   remove, title, every remaining placeholder fillable in place, download one
 *   .docx with headings renumbered 一、（一）1.（1）, copy as plain text.
 *
 * The Word documents are put together from WordprocessingML the build wrote
 * (export/fragments.py): draft-base.js (the styled empty document, title and
 * heading paragraphs) and <page>.draft.js (the page's document cut into
 * blocks), zipped with the vendored fflate. Data files are plain scripts, so
 * no fetch() of local files is needed.
 */
(function () {
  "use strict";

  var PROFILE_KEY = "gonghui.profile.v1";
  var DRAFT_KEY = "gonghui.draft.v1";
  /* Placeholders that describe the writer's unit or person: filled once, everywhere. */
  var PROFILE = ["单位名称", "上级工会", "年份", "下一年份", "姓名", "职务", "岗位"];
  var PROFILE_HINTS = {
    "单位名称": "单位全称，如“××市××小学”", "上级工会": "如“区教育工会”", "年份": "如 2027",
    "下一年份": "如 2028", "姓名": "本人姓名", "职务": "如“工会小组长”", "岗位": "所在部门和岗位"
  };
  var PLACEHOLDER_RE = /【[^【】<>\n]{1,40}】/g;
  var XML_BAD_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
  var UNSAFE_NAME_RE = /[\\/:*?"<>|\u0000-\u001f]/g;
  var SCRIPT = document.currentScript;
  var ASSETS = SCRIPT ? SCRIPT.src.replace(/[^/]*$/, "") : "";
  var STORAGE_MESSAGE = "本浏览器现在不能在本机保存信息（可能处于无痕/隐私模式，或存储空间已满）。" +
    "页面照常可读、可复制；这里填写的内容只在本页有效，关闭或刷新后不会保留。";

  /* ------------------------------------------------------------------------
   * Storage: localStorage when it works; otherwise memory and a clear message.
   * ---------------------------------------------------------------------- */

  var memory = {};
  var storage = { ok: true, error: "" };

  function storageArea() {
    try {
      var area = window.localStorage;
      if (!area) throw new Error("no localStorage");
      return area;
    } catch (e) {
      storage.ok = false;
      storage.error = STORAGE_MESSAGE;
      return null;
    }
  }

  function load(key, fallback) {
    if (key in memory) return memory[key];
    var area = storageArea(), value = fallback;
    try {
      var raw = area && area.getItem(key);
      if (raw) value = JSON.parse(raw);
    } catch (e) {
      storage.ok = false;
      storage.error = STORAGE_MESSAGE;
    }
    memory[key] = value;
    return value;
  }

  function save(key, value) {
    memory[key] = value;
    var area = storageArea();
    if (!area) return false;
    try {
      area.setItem(key, JSON.stringify(value));
      if (!storage.ok && storage.error === STORAGE_MESSAGE) storage.ok = true;
      return true;
    } catch (e) {
      storage.ok = false;
      storage.error = /quota/i.test(e && (e.name + e.message)) ?
        "本机浏览器的存储空间已满，刚才的改动没有保存。请删去草稿中不用的小节，或先下载 Word 文档。" :
        STORAGE_MESSAGE;
      return false;
    }
  }

  function forget() {
    memory = {};
    var area = storageArea();
    try {
      if (area) { area.removeItem(PROFILE_KEY); area.removeItem(DRAFT_KEY); }
    } catch (e) { /* nothing stored to clear */ }
  }

  function profile() { return load(PROFILE_KEY, {}); }
  function draft() {
    var d = load(DRAFT_KEY, null);
    if (!d || typeof d !== "object" || !Array.isArray(d.items)) { d = { title: "", items: [] }; memory[DRAFT_KEY] = d; }
    if (!d.checked) {  // stored by another version or edited by hand: keep only whole sections
      d.items = d.items.filter(validItem);
      if (typeof d.title !== "string") d.title = "";
      Object.defineProperty(d, "checked", { value: true, enumerable: false });
    }
    return d;
  }

  function validItem(item) {
    return item && typeof item === "object" && typeof item.k === "string" && Array.isArray(item.b) &&
      item.b.every(function (b) {
        return b && typeof b.x === "string" && typeof b.t === "string" && (!b.h || [1, 2, 3, 4].indexOf(b.h) >= 0);
      });
  }

  /* ------------------------------------------------------------------------
   * Text helpers
   * ---------------------------------------------------------------------- */

  function nameOf(placeholder) { return placeholder.slice(1, -1); }

  function isProfile(name) { return PROFILE.indexOf(name) >= 0; }

  function clean(value) {
    return String(value == null ? "" : value).replace(/\r\n?/g, "\n").replace(XML_BAD_RE, "");
  }

  function escapeXml(text) {
    return clean(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* A value inside <w:t>: escaped; a newline becomes a line break in the same run. */
  function xmlValue(value) {
    return escapeXml(value).split("\n").join('</w:t><w:br/><w:t xml:space="preserve">');
  }

  /* Fill the placeholders of a text: fill(name, occurrence index) gives a value or "" (left as is). */
  function fillText(text, fill, start) {
    var n = start || 0;
    return text.replace(PLACEHOLDER_RE, function (m) {
      var v = fill(nameOf(m), n++);
      return v ? clean(v) : m;
    });
  }

  /* ------------------------------------------------------------------------
   * Renumbering: 一、 → （一） → 1. → （1）, in the order headings now stand.
   * ---------------------------------------------------------------------- */

  var DIGITS = "零一二三四五六七八九";
  var NUMBER_RE = new RegExp("^[\\s\u3000]*(?:" + [
    "[一二三四五六七八九十百零〇]+[\\s\u3000]*[、．.，,：:]",
    "[（(][\\s\u3000]*[一二三四五六七八九十百零〇]+[\\s\u3000]*[）)][、．.，,]?",
    "\\d{1,3}[\\s\u3000]*[、．.，,](?!\\d)",
    "[（(][\\s\u3000]*\\d{1,3}[\\s\u3000]*[）)][、．.，,]?",
    "[\u2460-\u2473]",
    "第[一二三四五六七八九十百零〇\\d]+(?:部分|章|节)[、，,：:\\s\u3000]?",
    "第[一二三四五六七八九十百零〇\\d]+[、，,：:]"
  ].join("|") + ")[\\s\u3000]*");

  /* 1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五, 200 -> 二百 (up to 999). */
  function chineseNumber(n) {
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 100) return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 1000) {
      var rest = n % 100, tens = Math.floor(rest / 10);
      return DIGITS[Math.floor(n / 100)] + "百" + (rest === 0 ? "" :
        rest < 10 ? "零" + DIGITS[rest] : DIGITS[tens] + "十" + (rest % 10 ? DIGITS[rest % 10] : ""));
    }
    return String(n);
  }

  function numberFor(level, n) {
    if (level === 1) return chineseNumber(n) + "、";
    if (level === 2) return "（" + chineseNumber(n) + "）";
    if (level === 3) return n + ".";
    return "（" + n + "）";
  }

  /* Heading text without its own numbering ("一、" "（二）" "3." "1、" "(4)" "第一部分" …). */
  function stripNumber(text) {
    var rest = text.replace(NUMBER_RE, "");
    return rest || text;
  }

  /* Levels as they stand (1–4, any order, gaps allowed) -> [{level, number}].
     A heading is one level below the nearest earlier heading of a higher
     original level (so skipped levels close up and a leading （一） becomes 一、);
     counters restart under each heading of a higher level. */
  function renumber(levels) {
    var stack = [], counters = [0, 0, 0, 0, 0];
    return levels.map(function (original) {
      while (stack.length && stack[stack.length - 1].original >= original) stack.pop();
      var level = Math.min(4, stack.length ? stack[stack.length - 1].level + 1 : 1);
      stack.push({ original: original, level: level });
      counters[level] += 1;
      for (var d = level + 1; d <= 4; d++) counters[d] = 0;
      return { level: level, number: numberFor(level, counters[level]) };
    });
  }

  /* ------------------------------------------------------------------------
   * Data files (draft-base.js, <page>.draft.js) and the zip library
   * ---------------------------------------------------------------------- */

  var scripts = {};

  function loadScript(url) {
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        var before = (window.draftData || []).length;
        var el = document.createElement("script");
        el.src = url;
        el.async = true;
        el.onload = function () { resolve((window.draftData || []).slice(before)); };
        el.onerror = function () { delete scripts[url]; reject(new Error("cannot load " + url)); };
        document.head.appendChild(el);
      });
    }
    return scripts[url];
  }

  function loadData(url, kind) {
    return loadScript(url).then(function (entries) {
      var found = entries.filter(function (e) { return e[0] === kind; })[0];
      if (!found) throw new Error("no " + kind + " data in " + url);
      return found[1];
    });
  }

  function loadBase() { return loadData(ASSETS + "draft-base.js", "base"); }

  function loadZip() {
    if (window.fflate) return Promise.resolve(window.fflate);
    return loadScript(ASSETS + "vendor/fflate.min.js").then(function () {
      if (!window.fflate) throw new Error("fflate missing");
      return window.fflate;
    });
  }

  /* ------------------------------------------------------------------------
   * Word document
   * ---------------------------------------------------------------------- */

  /* Substitute a block's placeholders in its XML; fill(name, i) as in fillText.
     Occurrences are matched with the block text's in order; if the XML splits
     a placeholder the counts differ and only profile values are used. */
  function fillXml(block, fill, start) {
    var inText = (block.t.match(PLACEHOLDER_RE) || []).length;
    var inXml = (block.x.match(PLACEHOLDER_RE) || []).length;
    var n = start, changed = false;
    var xml = block.x.replace(PLACEHOLDER_RE, function (m) {
      var v = inText === inXml ? fill(nameOf(m), n++) : (isProfile(nameOf(m)) ? fill(nameOf(m), -1) : "");
      if (!v) return m;
      changed = true;
      return xmlValue(v);
    });
    return changed ? xml.replace(/<w:t>/g, '<w:t xml:space="preserve">') : xml;
  }

  function base64Bytes(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function isoNow() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }

  /* Zip the base parts (with the page's own where they differ) around a body. */
  function buildDocx(base, zip, body, title, overrides) {
    var files = {}, parts = Object.assign({}, base.parts, overrides || {});
    Object.keys(parts).forEach(function (name) {
      var value = parts[name];
      if (name === "docProps/core.xml" && typeof value === "string" && title != null) {
        value = value.replace(/<dc:title\/>|<dc:title>[\s\S]*?<\/dc:title>/, "<dc:title>" + escapeXml(title) + "</dc:title>")
          .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, "$1" + isoNow());
      }
      files[name] = typeof value === "string" ? zip.strToU8(value) : base64Bytes(value.b64);
    });
    files["word/document.xml"] = zip.strToU8(base.head + body + base.tail);
    return new Blob([zip.zipSync(files, { level: 6 })],
      { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  }

  function headingXml(base, level, text) {
    return base.headings[level].split(base.headingMark).join(xmlValue(text));
  }

  function titleXml(base, title) {
    if (!title) return "";
    return base.title.map(function (x) { return x.split(base.titleMark).join(xmlValue(title)); }).join("");
  }

  function safeName(title) {
    var name = clean(title).replace(/\n/g, " ").replace(UNSAFE_NAME_RE, "_").replace(/^[ .]+|[ .]+$/g, "");
    return (name || "我的草稿") + ".docx";
  }

  function offerDownload(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
  }

  /* ------------------------------------------------------------------------
   * The draft as one document: headings renumbered, placeholders filled
   * ---------------------------------------------------------------------- */

  /* Every block of the draft in order with its item, index and first placeholder number. */
  function draftBlocks(d) {
    var out = [];
    d.items.forEach(function (item) {
      var n = 0;
      item.b.forEach(function (block, i) {
        // a paragraph the reader took out is left out; numbering of the fills stays as it was
        if (!(item.d && item.d.indexOf(i) >= 0 && !block.h)) out.push({ item: item, block: block, index: i, start: n });
        n += (block.t.match(PLACEHOLDER_RE) || []).length;
      });
    });
    var numbers = renumber(out.filter(function (e) { return e.block.h; }).map(function (e) { return e.block.h; }));
    var k = 0;
    out.forEach(function (e) {
      if (!e.block.h) return;
      e.level = numbers[k].level;
      e.number = numbers[k].number;
      k += 1;
    });
    return out;
  }

  function itemFill(item) {
    var p = profile();
    return function (name, n) {
      if (isProfile(name)) return p[name] || "";
      return (item.f && item.f[n]) || "";
    };
  }

  function profileFill(name) { return isProfile(name) ? profile()[name] || "" : ""; }

  function entryText(e, fill) {
    var text = fillText(e.block.t, fill, e.start);
    return e.block.h ? e.number + stripNumber(text) : text;
  }

  function draftTitle(d) { return fillText(d.title || "", profileFill).trim(); }

  function draftPlainText(d) {
    var lines = [], title = draftTitle(d);
    if (title) lines.push(title);
    draftBlocks(d).forEach(function (e) {
      var text = entryText(e, itemFill(e.item));
      if (text) lines.push(text);
    });
    return lines.join("\n");
  }

  function draftDocx(d) {
    return Promise.all([loadBase(), loadZip()]).then(function (got) {
      var base = got[0], zip = got[1], title = draftTitle(d), body = [titleXml(base, title)];
      draftBlocks(d).forEach(function (e) {
        var fill = itemFill(e.item);
        body.push(e.block.h ? headingXml(base, e.level, entryText(e, fill)) : fillXml(e.block, fill, e.start));
      });
      return { blob: buildDocx(base, zip, body.join(""), title), name: safeName(title || "我的草稿") };
    });
  }

  /* ------------------------------------------------------------------------
   * Header link "我的草稿 (n)"
   * ---------------------------------------------------------------------- */

  function updateHeader() {
    var link = document.querySelector(".draft-header-link");
    if (!link) return;
    var inner = document.querySelector(".md-header__inner");
    if (inner && link.parentNode !== inner) {
      var search = inner.querySelector("label[for='__search']");
      inner.insertBefore(link, search || null);
    }
    link.hidden = false;
    link.querySelector(".draft-count").textContent = "(" + draft().items.length + ")";
  }

  /* ------------------------------------------------------------------------
   * The panel "填写本单位信息"
   * ---------------------------------------------------------------------- */

  var listeners = [];

  /* Call fn on every profile change while node is on the page; dropped once it is gone. */
  function listen(fn, node) {
    var wrapped = function (changed) {
      if (node && !node.isConnected) {
        listeners = listeners.filter(function (other) { return other !== wrapped; });
        return;
      }
      fn(changed);
    };
    listeners.push(wrapped);
  }

  function notify(changed) {
    listeners.slice().forEach(function (fn) { fn(changed); });
  }

  function setProfile(name, value) {
    var p = Object.assign({}, profile());
    if (value) p[name] = value; else delete p[name];
    save(PROFILE_KEY, p);
    notify(name);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function statusLine() {
    var line = el("p", { className: "draft-status", role: "status", "aria-live": "polite" });
    function refresh() {
      line.textContent = storage.ok ? "" : storage.error;
      line.hidden = storage.ok;
    }
    refresh();
    listen(refresh, line);
    return { node: line, refresh: refresh };
  }

  function profilePanel(names, note) {
    var panel = el("div", { className: "draft-panel", role: "region", "aria-label": "填写本单位信息",
      "data-search-exclude": "" });
    panel.appendChild(el("p", { className: "draft-panel__title", text: "填写本单位信息" }));
    panel.appendChild(el("p", { className: "draft-panel__note", text: note }));
    var fields = el("div", { className: "draft-panel__fields" });
    names.forEach(function (name) {
      var input = el("input", { type: "text", name: name, autocomplete: "off",
        placeholder: PROFILE_HINTS[name] || "", "data-profile": name });
      input.value = profile()[name] || "";
      input.addEventListener("input", function () { setProfile(name, input.value); });
      listen(function (changed) {
        if (changed === name && document.activeElement !== input) input.value = profile()[name] || "";
        if (changed === "*") input.value = profile()[name] || "";
      }, input);
      fields.appendChild(el("label", { className: "draft-field" }, [el("span", { text: name }), input]));
    });
    panel.appendChild(fields);
    var clear = el("button", { type: "button", className: "draft-button draft-clear",
      text: "清除本机保存的信息", title: "删除本浏览器保存的本单位信息和草稿" });
    var armed = false;
    clear.addEventListener("click", function () {
      if (!armed) {
        armed = true;
        clear.textContent = "再点一次，确认清除单位信息和草稿";
        setTimeout(function () { armed = false; clear.textContent = "清除本机保存的信息"; }, 5000);
        return;
      }
      armed = false;
      forget();
      clear.textContent = "已清除本机保存的信息";
      notify("*");
      updateHeader();
    });
    panel.appendChild(el("div", { className: "draft-panel__actions" }, [clear]));
    var status = statusLine();
    panel.appendChild(status.node);
    return panel;
  }

  /* ------------------------------------------------------------------------
   * Template and example pages
   * ---------------------------------------------------------------------- */

  function markPlaceholders(article) {
    var spans = Array.prototype.slice.call(article.querySelectorAll(".placeholder"));
    spans.forEach(function (span) {
      if (!span.dataset.placeholder) span.dataset.placeholder = span.textContent;
    });
    return spans;
  }

  function applyProfile(spans) {
    var p = profile();
    spans.forEach(function (span) {
      var name = nameOf(span.dataset.placeholder);
      var value = isProfile(name) ? p[name] : "";
      span.textContent = value ? clean(value) : span.dataset.placeholder;
      span.classList.toggle("is-filled", !!value);
      span.title = value ? "本单位信息：" + name : "请替换为实际内容";
    });
  }

  function initPage(article, toolbar) {
    var spans = markPlaceholders(article);
    var used = PROFILE.filter(function (name) {
      return spans.some(function (s) { return s.dataset.placeholder === "【" + name + "】"; });
    });
    var note = used.length ?
      "填一次，本站所有页面、复制的文字、下载的 Word 文档和“我的草稿”都会用上；只保存在本浏览器中，不会发送到任何地方。" :
      "本页没有需要填写的本单位信息（范文中的 ×× 保持原样）。在模板页面或“我的草稿”中填写的信息只保存在本浏览器中。";
    var panel = profilePanel(used, note);
    toolbar.parentNode.insertBefore(panel, toolbar.nextSibling);
    applyProfile(spans);
    listen(function () { applyProfile(spans); }, article);

    var download = toolbar.querySelector("a.takeaway-download");
    if (!download) return;
    var dataUrl = download.href.replace(/\.docx(?=$|[?#])/, ".draft.js");
    var status = panel.querySelector(".draft-status");
    var pageData = loadData(dataUrl, "page");
    pageData.then(function (data) {
      addDraftButtons(article, toolbar, data, status);
    }, function () { /* no draft data (an old build): the page still works, downloads are the built files */ });
    download.addEventListener("click", function (event) {
      var p = profile();
      if (!used.some(function (name) { return p[name]; })) return;  // nothing to fill: the built file
      event.preventDefault();
      pageData.then(pageDocx).then(function (blob) {
        offerDownload(blob, download.getAttribute("download") || "文档.docx");
      }, function () { window.location.href = download.href; });
    });
  }

  function pageDocx(data) {
    return Promise.all([loadBase(), loadZip()]).then(function (got) {
      var base = got[0], zip = got[1];
      var body = data.blocks.map(function (b) { return fillXml(b, profileFill, 0); }).join("");
      return buildDocx(base, zip, body, null, data.parts);
    });
  }

  function addDraftButtons(article, toolbar, data, status) {
    function button(label, title, make) {
      var b = el("button", { type: "button", className: "draft-add", text: label, title: title });
      b.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        var d = draft();
        d.items.push(make());
        var ok = save(DRAFT_KEY, d);
        b.textContent = ok ? "已加入草稿（共 " + d.items.length + " 节）" : "已加入（未能保存到本机）";
        b.dataset.state = ok ? "done" : "failed";
        notify("");
        updateHeader();
        setTimeout(function () { b.textContent = label; delete b.dataset.state; }, 2500);
      });
      return b;
    }
    function item(range, head) {
      return {
        k: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
        u: data.u, p: data.title, h: head, at: Date.now(), f: {},
        b: data.blocks.slice(range[0], range[1]).map(function (b) {
          var copy = { x: b.x, t: b.t };
          if (b.h) copy.h = b.h;
          return copy;
        })
      };
    }
    if (data.lead && data.lead[1] > data.lead[0]) {
      var whole = !Object.keys(data.sections).length;  // a page without headings: its whole text
      toolbar.appendChild(button(whole ? "全文加入草稿" : "开头加入草稿",
        whole ? "把本页全文加入“我的草稿”" : "把本页标题下、第一个小标题前的开头段落加入“我的草稿”",
        function () { return item(data.lead, whole ? "（全文）" : "（开头）"); }));
    }
    article.querySelectorAll(":scope > h2, :scope > h3, :scope > h4").forEach(function (heading) {
      var range = data.sections[heading.id];
      if (!range) return;  // left out of the Word document (使用说明, 附：…)
      var head = data.blocks[range[0]].t;
      var after = heading.querySelector(".takeaway-copy");
      var b = button("加入草稿", "把本节（含下级小标题）加入“我的草稿”", function () { return item(range, head); });
      if (after && after.nextSibling) heading.insertBefore(b, after.nextSibling); else heading.appendChild(b);
    });
    if (status) status.hidden = storage.ok;
  }

  /* ------------------------------------------------------------------------
   * The draft page
   * ---------------------------------------------------------------------- */

  function siteRoot() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL((config.base || ".") + "/", window.location.href).href;
    } catch (e) {
      return new URL("../", window.location.href).href;
    }
  }

  function pageLink(url) {
    if (typeof url !== "string" || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) return "#";  // site pages only
    var href = new URL(url, siteRoot()).href;
    if (window.location.protocol === "file:" && /\/$/.test(href)) href += "index.html";
    return href;
  }

  function initDraftPage(app) {
    app.textContent = "";
    var top = el("div", { className: "draft-top" });
    var titleInput = el("input", { type: "text", id: "draft-title", className: "draft-title-input",
      placeholder: "如：【单位名称】工会【年份】年工作总结" });
    var message = el("p", { className: "draft-message", role: "status", "aria-live": "polite" });
    var count = el("p", { className: "draft-count-line" });
    var downloadButton = el("button", { type: "button", className: "md-button md-button--primary draft-download",
      text: "下载 Word 文档" });
    var copyButton = el("button", { type: "button", className: "draft-button draft-copy-all", text: "复制全文" });
    var clearButton = el("button", { type: "button", className: "draft-button draft-clear-draft", text: "清空草稿" });
    top.appendChild(el("label", { className: "draft-title-label", "for": "draft-title", text: "文档标题" }));
    top.appendChild(titleInput);
    top.appendChild(el("div", { className: "draft-actions" }, [downloadButton, copyButton, clearButton]));
    top.appendChild(count);
    top.appendChild(message);
    var panelSlot = el("div", { className: "draft-panel-slot" });
    var list = el("ol", { className: "draft-items" });
    app.appendChild(top);
    app.appendChild(panelSlot);
    app.appendChild(list);

    var saveTimer = null;
    function persist(now) {
      clearTimeout(saveTimer);
      if (now) { save(DRAFT_KEY, draft()); status(); return; }
      saveTimer = setTimeout(function () { save(DRAFT_KEY, draft()); status(); }, 300);
    }
    window.addEventListener("pagehide", function () { if (saveTimer) persist(true); });

    function status() {
      if (!storage.ok) message.textContent = storage.error;
    }

    function countUnfilled() {
      var open = list.querySelectorAll("input.draft-fill").length ?
        Array.prototype.filter.call(list.querySelectorAll("input.draft-fill"), function (i) { return !i.value.trim(); }).length : 0;
      var d = draft();
      count.textContent = d.items.length ?
        "共 " + d.items.length + " 节；" + (open ? "还有 " + open + " 处【】待填写。" : "所有【】都已填写。") :
        "草稿是空的。";
      count.dataset.open = String(open);
    }

    function renderPanel() {
      var d = draft(), names = [];
      d.items.forEach(function (item) {
        item.b.forEach(function (b) {
          (b.t.match(PLACEHOLDER_RE) || []).forEach(function (m) {
            if (isProfile(nameOf(m)) && names.indexOf(nameOf(m)) < 0) names.push(nameOf(m));
          });
        });
      });
      ((d.title || "").match(PLACEHOLDER_RE) || []).forEach(function (m) {
        if (isProfile(nameOf(m)) && names.indexOf(nameOf(m)) < 0) names.push(nameOf(m));
      });
      names.sort(function (a, b) { return PROFILE.indexOf(a) - PROFILE.indexOf(b); });
      panelSlot.textContent = "";
      panelSlot.appendChild(profilePanel(names, names.length ?
        "这些信息在草稿各处通用，填一次即可；只保存在本浏览器中。" :
        "草稿中没有需要填写的本单位信息。"));
    }

    function fillInput(name, value, onInput, profileName) {
      var input = el("input", { type: "text", className: "draft-fill" + (profileName ? " is-profile" : ""),
        "aria-label": name, placeholder: name, size: String(Math.max(4, Math.min(24, name.length * 2 + 2))) });
      input.value = value || "";
      if (profileName) input.dataset.profile = profileName;
      input.addEventListener("input", function () { onInput(input.value); countUnfilled(); });
      return input;
    }

    /* Text with each placeholder as a field; a newline as a line break. */
    function textNodes(parent, text, item, start) {
      var n = start, last = 0;
      function plain(s) {
        s.split("\n").forEach(function (line, i) {
          if (i) parent.appendChild(el("br"));
          if (line) parent.appendChild(document.createTextNode(line));
        });
      }
      text.replace(PLACEHOLDER_RE, function (m, offset) {
        plain(text.slice(last, offset));
        last = offset + m.length;
        var name = nameOf(m), occurrence = n++;
        if (isProfile(name)) {
          parent.appendChild(fillInput(name, profile()[name], function (v) { setProfile(name, v); }, name));
        } else {
          parent.appendChild(fillInput(name, item.f && item.f[occurrence], function (v) {
            item.f = item.f || {};
            if (v) item.f[occurrence] = v; else delete item.f[occurrence];
            persist();
          }));
        }
        return m;
      });
      plain(text.slice(last));
    }

    function move(index, by) {
      var d = draft(), to = index + by;
      if (to < 0 || to >= d.items.length) return;
      var moved = d.items.splice(index, 1)[0];
      d.items.splice(to, 0, moved);
      persist(true);
      render();
      var again = list.children[to] && list.children[to].querySelector(by < 0 ? ".draft-up" : ".draft-down");
      if (again && !again.disabled) again.focus();
    }

    function remove(index) {
      var d = draft();
      d.items.splice(index, 1);
      persist(true);
      render();
    }

    function render() {
      var d = draft();
      titleInput.value = d.title || "";
      list.textContent = "";
      var entries = draftBlocks(d), byItem = {};
      entries.forEach(function (e) { (byItem[e.item.k] = byItem[e.item.k] || []).push(e); });
      d.items.forEach(function (item, index) {
        var li = el("li", { className: "draft-item", "data-key": item.k });
        var head = el("div", { className: "draft-item__head" });
        var source = el("a", { href: pageLink(item.u), text: item.p || item.u, className: "draft-source" });
        head.appendChild(el("span", { className: "draft-item__from", text: "来自：" }));
        head.appendChild(source);
        var up = el("button", { type: "button", className: "draft-button draft-up", text: "上移",
          "aria-label": "上移：" + item.h });
        var down = el("button", { type: "button", className: "draft-button draft-down", text: "下移",
          "aria-label": "下移：" + item.h });
        var del = el("button", { type: "button", className: "draft-button draft-remove", text: "删除",
          "aria-label": "删除：" + item.h });
        up.disabled = index === 0;
        down.disabled = index === d.items.length - 1;
        up.addEventListener("click", function () { move(index, -1); });
        down.addEventListener("click", function () { move(index, 1); });
        del.addEventListener("click", function () { remove(index); });
        var dropped = (item.d || []).length, restore = null;
        if (dropped) {
          restore = el("button", { type: "button", className: "draft-button draft-restore",
            text: "恢复删去的 " + dropped + " 段", "aria-label": "恢复删去的段落：" + item.h });
          restore.addEventListener("click", function () { item.d = []; persist(true); render(); });
        }
        head.appendChild(el("span", { className: "draft-item__buttons" }, [restore, up, down, del]));
        li.appendChild(head);
        var body = el("div", { className: "draft-item__body" });
        (byItem[item.k] || []).forEach(function (e) {
          var b = e.block;
          if (b.h) {
            var h = el("p", { className: "draft-h draft-h" + e.level, role: "heading", "aria-level": String(e.level + 1) });
            h.appendChild(document.createTextNode(e.number));
            textNodes(h, stripNumber(b.t), item, e.start + countBefore(b.t));
            body.appendChild(h);
          } else if (/^<w:tbl[ >]/.test(b.x)) {
            var table = el("table", { className: "draft-table" }), n = e.start;
            body.appendChild(dropButton(item, e.index, "表格"));
            b.t.split("\n").forEach(function (row) {
              var tr = el("tr");
              row.split("\t").forEach(function (cell) {
                var td = el("td");
                textNodes(td, cell, item, n);
                n += (cell.match(PLACEHOLDER_RE) || []).length;
                tr.appendChild(td);
              });
              table.appendChild(tr);
            });
            body.appendChild(table);
          } else if (b.t) {
            var p = el("p");
            textNodes(p, b.t, item, e.start);
            p.appendChild(dropButton(item, e.index, b.t));
            body.appendChild(p);
          }
        });
        li.appendChild(body);
        list.appendChild(li);
      });
      if (!d.items.length) {
        list.appendChild(el("li", { className: "draft-empty",
          text: "草稿里还没有内容。打开任一模板或范文，在想要的小节标题旁点“加入草稿”，再回到这里。" }));
      }
      renderPanel();
      countUnfilled();
      updateHeader();
      status();
    }

    /* "删去": take a paragraph (e.g. a template's 写什么 note) out of this section. */
    function dropButton(item, index, text) {
      var b = el("button", { type: "button", className: "draft-drop", text: "删去",
        title: "从草稿中删去这一段（可在本节上方恢复）", "aria-label": "删去本段：" + text.slice(0, 20) });
      b.addEventListener("click", function () {
        item.d = (item.d || []).concat([index]);
        persist(true);
        render();
      });
      return b;
    }

    /* Placeholders a heading's number takes away from the front (none in practice). */
    function countBefore(text) {
      var stripped = stripNumber(text);
      return (text.slice(0, text.length - stripped.length).match(PLACEHOLDER_RE) || []).length;
    }

    titleInput.addEventListener("input", function () {
      draft().title = titleInput.value;
      persist();
    });
    titleInput.addEventListener("change", function () { renderPanel(); });

    downloadButton.addEventListener("click", function () {
      var d = draft();
      message.textContent = "";
      if (!d.items.length) {
        message.textContent = "草稿是空的，没有可下载的内容。请先在模板或范文页面上点“加入草稿”。";
        return;
      }
      downloadButton.disabled = true;
      var started = performance.now();
      draftDocx(d).then(function (made) {
        offerDownload(made.blob, made.name);
        var open = +count.dataset.open;
        message.textContent = "已生成“" + made.name + "”" + (open ? "（还有 " + open + " 处【】未填写）" : "") + "。";
        app.dataset.lastDownloadMs = String(Math.round(performance.now() - started));
      }, function (error) {
        message.textContent = "生成 Word 文档失败：" + (error && error.message || error) + "。可以先用“复制全文”。";
      }).then(function () { downloadButton.disabled = false; });
    });

    copyButton.addEventListener("click", function () {
      var d = draft();
      if (!d.items.length) { message.textContent = "草稿是空的，没有可复制的内容。"; return; }
      var copy = window.takeaway && window.takeaway.copyText;
      var text = draftPlainText(d);
      (copy ? copy(text) : navigator.clipboard.writeText(text)).then(function () {
        message.textContent = "已复制全文（纯文本，可直接粘贴到 WPS/Word）。";
      }, function () { message.textContent = "复制失败，请手动选择文字复制。"; });
    });

    var clearArmed = false;
    clearButton.addEventListener("click", function () {
      if (!draft().items.length) return;
      if (!clearArmed) {
        clearArmed = true;
        clearButton.textContent = "再点一次，确认清空";
        setTimeout(function () { clearArmed = false; clearButton.textContent = "清空草稿"; }, 5000);
        return;
      }
      clearArmed = false;
      clearButton.textContent = "清空草稿";
      var d = draft();
      d.items = [];
      persist(true);
      render();
    });

    listen(function (changed) {
      if (changed === "*") { render(); return; }
      list.querySelectorAll("input.draft-fill.is-profile").forEach(function (input) {
        if (input.dataset.profile === changed && document.activeElement !== input) input.value = profile()[changed] || "";
      });
      countUnfilled();
    }, list);
    render();
    app.dataset.ready = "true";
  }

  /* ------------------------------------------------------------------------
   * Start
   * ---------------------------------------------------------------------- */

  function init() {
    var article = document.querySelector("article.md-content__inner");
    updateHeader();
    if (!article) return;
    var app = article.querySelector("#draft-app");
    if (app) { initDraftPage(app); return; }
    var toolbar = article.querySelector(".takeaway-toolbar");
    if (toolbar && !article.querySelector(".draft-panel")) initPage(article, toolbar);
  }

  /* Another tab changed the profile or the draft: show it here. */
  window.addEventListener("storage", function (event) {
    if (event.key !== PROFILE_KEY && event.key !== DRAFT_KEY && event.key !== null) return;
    delete memory[PROFILE_KEY];
    if (event.key === DRAFT_KEY || event.key === null) {
      delete memory[DRAFT_KEY];
      var app = document.getElementById("draft-app");
      if (app) { initDraftPage(app); return; }
    }
    notify("*");
    updateHeader();
  });

  window.draft = {
    renumber: renumber, stripNumber: stripNumber, numberFor: numberFor, chineseNumber: chineseNumber,
    fillText: fillText, xmlValue: xmlValue, plainText: function () { return draftPlainText(draft()); },
    storage: storage
  };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
