/*
 * Chinese search worker for Material for MkDocs (replaces its lunr worker).
 *
 * Speaks Material's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3) so
 * the theme's search box, keyboard handling, result list and highlighting stay
 * as they are. The index (hooks/search_index.py) holds one entry per page with
 * plain text and heading offsets, plus the corpus vocabulary segmented by
 * jieba. A query typed without spaces is split into the longest vocabulary
 * words; runs no word covers are searched as substrings, and as character
 * pairs when the run occurs nowhere (a typo). Pages are scored by where each
 * word occurs (title, tags/unit/kind words, headings, body), weighted by how
 * rare the word is, times the share of the query the page covers.
 * No network access, no dependencies; also loads in a page (for tests) and
 * under Material's iframe-worker shim (file://).
 */
(function (global) {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var MAX_WORD = 8, MAX_PAGES = 30, MAX_SECTIONS = 3, SNIPPET = 60
  var FIELD = { title: 3, keyword: 2.5, heading: 0.4, body: 1 }
  var TF_SATURATION = 1.2, MAX_HEADING = 30, FUZZY_MIN = 3, FUZZY_MAX = 6
  var SINGLE_CHAR_WEIGHT = 0.15, PAIR_WEIGHT = 0.6, MIN_SHARE = 0.2
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/
  var RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g
  var ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g

  /* ---------------------------------------------------------------------- */

  /** Lower-case, full-width to half-width, Traditional to Simplified. */
  function normalize(query, t2s) {
    var q = String(query || "").normalize("NFKC").toLowerCase().replace(ZERO_WIDTH, "")
    var out = ""
    for (var i = 0; i < q.length; i++) out += t2s[q[i]] || q[i]
    return out
  }

  /** Split a run of Han characters into vocabulary words and leftover runs. */
  function segment(run, words) {
    var n = run.length, best = [0], back = [0]
    for (var i = 1; i <= n; i++) {
      best[i] = best[i - 1]; back[i] = i - 1         // one leftover character
      for (var j = Math.max(0, i - MAX_WORD); j <= i - 2; j++) {
        var w = run.slice(j, i)
        if (words.has(w) && best[j] + (i - j) * (i - j) > best[i]) {
          best[i] = best[j] + (i - j) * (i - j); back[i] = j
        }
      }
    }
    var pieces = [], i2 = n
    while (i2 > 0) { pieces.unshift([back[i2], i2]); i2 = back[i2] }
    var out = [], rest = ""
    pieces.forEach(function (p) {
      var s = run.slice(p[0], p[1])
      if (s.length > 1) { if (rest) out.push({ text: rest, word: false }); rest = ""
        out.push({ text: s, word: true }) }
      else rest += s
    })
    if (rest) out.push({ text: rest, word: false })
    return out
  }

  /** Query terms: words, leftover runs, Latin/number tokens. */
  function terms(query, words, t2s) {
    var q = normalize(query, t2s), list = [], seen = {}
    var runs = q.match(RUNS) || []
    runs.forEach(function (run) {
      var parts = HAN.test(run) ? segment(run, words) : [{ text: run, word: true }]
      parts.forEach(function (p) {
        if (!seen[p.text]) { seen[p.text] = 1; list.push(p) }
      })
    })
    return list
  }

  /* ---------------------------------------------------------------------- */

  function Engine(index) {
    var zh = (index.config && index.config.zh) || index.zh || {}
    this.words = new Set(typeof zh.words === "string" ? zh.words.split("\u200b") : (zh.words || []))
    this.byLength = {}
    var self = this
    this.words.forEach(function (w) { (self.byLength[w.length] = self.byLength[w.length] || []).push(w) })
    this.t2s = {}
    var pairs = zh.t2s || ""
    for (var i = 0; i + 1 < pairs.length; i += 2) this.t2s[pairs[i]] = pairs[i + 1]
    this.docs = (index.docs || []).map(function (d) {
      var heads = (d.h || []).map(function (h, k, all) {
        var end = k + 1 < all.length ? all[k + 1][0] : d.text.length
        var line = d.text.slice(h[0], end).split("\n")[0]
        return { start: h[0], end: end, id: h[1], title: line }
      })
      return {
        doc: d, title: (d.title || "").toLowerCase(), text: (d.text || "").toLowerCase(),
        keys: ((d.tags || []).join(" ") + " " + (d.k || "")).toLowerCase(),
        heads: heads, headText: heads.filter(function (h) { return h.title.length <= MAX_HEADING })
          .map(function (h) { return h.title }).join("\n").toLowerCase(),
        boost: typeof d.b === "number" ? d.b : 1, bodyBoost: typeof d.bb === "number" ? d.bb : 1
      }
    })
  }

  /** Count occurrences of needle in hay, up to cap. */
  function count(hay, needle, cap) {
    var n = 0, at = hay.indexOf(needle)
    while (at !== -1 && n < cap) { n++; at = hay.indexOf(needle, at + needle.length) }
    return n
  }

  /** How well one term matches one page (0 when absent): title, keywords, else body. */
  function fieldScore(p, t) {
    if (p.title.indexOf(t) !== -1) return FIELD.title
    if (p.keys.indexOf(t) !== -1) return FIELD.keyword
    var tf = count(p.text, t, 50)
    if (!tf) return 0
    var body = FIELD.body * p.bodyBoost * tf * (1 + TF_SATURATION) / (tf + TF_SATURATION)
    return p.headText.indexOf(t) !== -1 ? body + FIELD.heading : body
  }

  /** Weighted terms for a query, with document frequencies. */
  Engine.prototype.plan = function (query) {
    var self = this, n = this.docs.length, out = [], seen = {}
    var add = function (text, weight, shown) {
      if (seen[text]) return
      seen[text] = 1
      out.push({ text: text, df: self.df(text), weight: weight, shown: shown })
    }
    this.pieces(query).forEach(function (t) {
      var df = self.df(t.text)
      if (df === 0 && t.text.length > 2 && HAN.test(t.text)) {   // a typo: character pairs
        for (var i = 0; i + 2 <= t.text.length; i++) {
          var pair = t.text.slice(i, i + 2)
          if (self.df(pair)) add(pair, PAIR_WEIGHT, true)
        }
      } else if (df === 0 && t.text.length === 2 && HAN.test(t.text)) {
        add(t.text[0], SINGLE_CHAR_WEIGHT, false); add(t.text[1], SINGLE_CHAR_WEIGHT, false)
      } else {
        var single = t.text.length === 1
        add(t.text, single ? SINGLE_CHAR_WEIGHT : 1, !single)
      }
    })
    out.forEach(function (t) { t.idf = Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)) })
    if (out.length && out.every(function (t) { return !t.shown }))
      out.forEach(function (t) { t.weight = 1; t.shown = true })
    return out
  }

  /** Query pieces; a run with a piece found nowhere gets its closest vocabulary word. */
  Engine.prototype.pieces = function (query) {
    var self = this, list = []
    terms(query, this.words, this.t2s).forEach(function (t) { list.push(t) })
    var runs = normalize(query, this.t2s).match(RUNS) || []
    var fixed = []
    runs.forEach(function (run) {
      if (!HAN.test(run)) { fixed.push({ text: run, word: true }); return }
      var parts = segment(run, self.words)
      if (parts.every(function (p) { return self.df(p.text) > 0 })) { fixed = fixed.concat(parts); return }
      var fix = self.fuzzy(run)
      if (!fix) { fixed = fixed.concat(parts); return }
      fixed = fixed.concat(segment(run.slice(0, fix.start), self.words),
        [{ text: fix.word, word: true }], segment(run.slice(fix.end), self.words))
    })
    return fixed
  }

  /** The longest window of run that is one character away from a vocabulary word. */
  Engine.prototype.fuzzy = function (run) {
    for (var len = Math.min(FUZZY_MAX, run.length); len >= FUZZY_MIN; len--) {
      var bucket = this.byLength[len] || []
      for (var i = 0; i + len <= run.length; i++) {
        var w = run.slice(i, i + len)
        if (this.words.has(w)) continue
        for (var k = 0; k < bucket.length; k++) {
          var c = bucket[k], diff = 0
          for (var j = 0; j < len && diff < 2; j++) if (c[j] !== w[j]) diff++
          if (diff === 1) return { start: i, end: i + len, word: c }
        }
      }
    }
    return null
  }

  /** Number of pages containing a term in any field. */
  Engine.prototype.df = function (t) {
    var df = 0
    for (var i = 0; i < this.docs.length; i++) {
      var p = this.docs[i]
      if (p.title.indexOf(t) !== -1 || p.keys.indexOf(t) !== -1 || p.text.indexOf(t) !== -1) df++
    }
    return df
  }

  /** Ranked pages for a query: [{page, score, found}] */
  Engine.prototype.rank = function (query) {
    var plan = this.plan(query), total = 0, hits = []
    plan.forEach(function (t) { total += t.weight * t.idf })
    if (!plan.length || !total) return { plan: plan, hits: hits }
    this.docs.forEach(function (p) {
      var score = 0, covered = 0, found = {}
      plan.forEach(function (t) {
        var f = t.df ? fieldScore(p, t.text) : 0
        if (f) { score += t.weight * t.idf * f; covered += t.weight * t.idf; found[t.text] = true }
      })
      var share = covered / total
      if (score > 0 && share >= MIN_SHARE)
        hits.push({ page: p, score: score * share * share * p.boost, found: found })
    })
    hits.sort(function (a, b) { return b.score - a.score })
    return { plan: plan, hits: hits.slice(0, MAX_PAGES) }
  }

  /* ---------------------------------------------------------------------- */

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]
    })
  }

  /** Escape text and wrap occurrences of the matched terms in <mark>. */
  function mark(text, needles) {
    if (!needles.length) return escapeHTML(text)
    var re = new RegExp(needles.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    }).join("|"), "gi")
    var out = "", last = 0, m
    while ((m = re.exec(text))) {
      out += escapeHTML(text.slice(last, m.index)) + "<mark>" + escapeHTML(m[0]) + "</mark>"
      last = m.index + m[0].length
    }
    return out + escapeHTML(text.slice(last))
  }

  /** A short piece of text around the first occurrence of the best term. */
  function snippet(text, lower, needles, from, to) {
    var at = -1
    for (var i = 0; i < needles.length && at === -1; i++) {
      var k = lower.indexOf(needles[i], from)
      if (k !== -1 && k < to) at = k
    }
    var start = at === -1 ? from : Math.max(from, at - SNIPPET / 3)
    var end = Math.min(to, start + SNIPPET * 2)
    var piece = text.slice(start, end).replace(/\s+/g, " ")
    return (start > from ? "…" : "") + piece + (end < to ? "…" : "")
  }

  /** Material's search result: items grouped by page, page first. */
  Engine.prototype.search = function (query) {
    var ranked = this.rank(query)
    var needles = ranked.plan.filter(function (t) { return t.shown })
      .map(function (t) { return t.text })
      .sort(function (a, b) { return b.length - a.length })
    var items = ranked.hits.map(function (hit) {
      var p = hit.page, d = p.doc, found = hit.found
      var termMap = {}
      needles.forEach(function (t) { termMap[t] = !!found[t] })
      var own = needles.filter(function (t) { return found[t] })
      var page = {
        location: d.location, title: mark(d.title, own),
        text: "<p>" + mark(snippet(d.text, p.text, own, 0, d.text.length), own) + "</p>",
        tags: d.tags, score: hit.score, terms: termMap
      }
      return [page].concat(sections(p, own, hit.score, termMap))
    })
    return { items: items }
  }

  /** The page's sections that contain the most matched terms. */
  function sections(p, own, score, termMap) {
    if (!own.length) return []
    return p.heads.map(function (h) {
      var part = p.text.slice(h.start, h.end), n = 0
      own.forEach(function (t) { if (part.indexOf(t) !== -1) n += t.length })
      return { h: h, n: n }
    }).filter(function (s) { return s.n > 0 && s.h.start > 0 })
      .sort(function (a, b) { return b.n - a.n })
      .slice(0, MAX_SECTIONS)
      .map(function (s, i) {
        var d = p.doc, h = s.h
        return {
          location: d.location + "#" + h.id, title: mark(h.title, own),
          text: "<p>" + mark(snippet(d.text, p.text, own, h.start + h.title.length, h.end), own) + "</p>",
          score: score * 0.5 / (i + 1), terms: termMap
        }
      })
  }

  /* ---------------------------------------------------------------------- */

  var engine = null

  function handle(message) {
    if (message.type === SETUP) {
      engine = new Engine(message.data)
      return { type: READY }
    }
    if (message.type === QUERY) {
      try {
        return { type: RESULT, data: engine ? engine.search(message.data) : { items: [] } }
      } catch (err) {
        console.warn("search-zh: query failed", err)
        return { type: RESULT, data: { items: [] } }
      }
    }
    return null
  }

  global.ZhSearch = { Engine: Engine, normalize: normalize, segment: segment, terms: terms, mark: mark, handle: handle }

  var inWorker = typeof WorkerGlobalScope !== "undefined" ||
    (typeof parent !== "undefined" && parent !== global && "IFrameWorker" in parent)
  if (inWorker)
    global.addEventListener("message", function (ev) {
      var reply = handle(ev.data)
      if (reply) global.postMessage(reply)
    })
})(typeof self !== "undefined" ? self : this)
