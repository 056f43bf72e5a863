/*
 * Chinese search worker for Material for MkDocs (replaces its lunr worker).
 *
 * Speaks Material's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3) so
 * the theme's search box, keyboard handling, result list and highlighting stay
 * as they are. SETUP brings only a small manifest (search/search_index.json);
 * the index itself is split into fragments (searchindex/builder.py) and a
 * query downloads only what it needs:
 *
 *   1. c/<char>: for each character typed, the vocabulary words that start
 *      with it (jieba's words of the site) with their document frequencies;
 *   2. the query is split into the longest vocabulary words; runs no word
 *      covers are searched as they are, and as character pairs when they
 *      occur nowhere; a run one character away from a word is corrected
 *      (s/<char>: words by their second character, fetched only then);
 *   3. p/<n> and h/<n>: the posting lists of the query's terms. Pages are
 *      scored by where each term occurs (title, tags/unit/kind words, short
 *      headings, body with saturated term frequency), weighted by how rare
 *      the term is, times the share of the query the page covers;
 *   4. d/<id>: title, tags and text of the pages shown, for snippets and
 *      section results.
 *
 * Only pages that contain the query's words are counted and listed (the first
 * MAX_SHOWN with text); the first result carries the real count for
 * overrides/partials/search-zh-config.html to show.
 * Over http the fragments are fetched; from file:// (the offline copy, where
 * fetch of local files is refused) their .js twins, made by the bundle, load with script
 * tags, as Material's iframe-worker shim runs this file in a hidden iframe.
 * No outside request, no dependencies; also loads in a page (tests).
 */
(function (global) {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var MAX_WORD = 8, MAX_SHOWN = 10, MAX_SECTIONS = 3, SNIPPET = 60, MAX_TERMS = 30
  var FIELD = { title: 3, keyword: 2.5, heading: 0.4, body: 1 }
  var CODE_TITLE = 255, CODE_KEYWORD = 254, HEADING_FLAG = 50
  var TF_SATURATION = 1.2, MAX_HEADING = 30, FUZZY_MIN = 3, FUZZY_MAX = 6
  var SINGLE_CHAR_WEIGHT = 0.15, PAIR_WEIGHT = 0.6, MIN_SHARE = 0.2
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/
  var RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g
  var ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g
  var EMPTY = { df: 0, docs: new Int32Array(0), codes: new Uint8Array(0) }

  /* ---------------------------------------------------------------------- */
  /* Query text                                                              */
  /* ---------------------------------------------------------------------- */

  /** Lower-case, full-width to half-width, Traditional to Simplified. */
  function normalize(query, t2s) {
    var q = String(query || "").normalize("NFKC").toLowerCase().replace(ZERO_WIDTH, "")
    var out = ""
    for (var i = 0; i < q.length; i++) out += t2s[q[i]] || q[i]
    return out
  }

  /** Split a run of Han characters into vocabulary words (words.has) and leftover runs. */
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

  /** 32-bit FNV-1a over UTF-16 code units (searchindex/builder.py: fnv1a). */
  function fnv1a(text) {
    var h = 0x811c9dc5
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0 }
    return h >>> 0
  }

  /* ---------------------------------------------------------------------- */
  /* Fragments                                                               */
  /* ---------------------------------------------------------------------- */

  /** Header of a binary posting fragment: term -> {df, start, end}. */
  function parseFragment(bytes) {
    var pos = 0, dec = new TextDecoder(), map = new Map(), heads = []
    function varint() {
      var n = 0, shift = 0, b
      do { b = bytes[pos++]; n += (b & 127) * Math.pow(2, shift); shift += 7 } while (b >= 128)
      return n
    }
    var count = varint()
    for (var i = 0; i < count; i++) {
      var len = varint(), term = dec.decode(bytes.subarray(pos, pos + len))
      pos += len
      var df = varint(), size = varint()
      heads.push([term, df, size])
    }
    heads.forEach(function (h) { map.set(h[0], { df: h[1], start: pos, end: pos + h[2] }); pos += h[2] })
    return { bytes: bytes, map: map }
  }

  /** One term's posting list from a parsed fragment: {df, docs, codes}. */
  function readList(frag, term) {
    var at = frag && frag.map.get(term)
    if (!at) return EMPTY
    var bytes = frag.bytes, docs = new Int32Array(at.df), codes = new Uint8Array(at.df)
    var pos = at.start, doc = -1, k = 0
    while (pos < at.end && k < at.df) {
      var n = 0, shift = 0, b
      do { b = bytes[pos++]; n += (b & 127) * Math.pow(2, shift); shift += 7 } while (b >= 128)
      doc += n + 1; docs[k] = doc; codes[k] = bytes[pos++]; k++
    }
    return { df: at.df, docs: docs, codes: codes }
  }

  /** Intersection of pair lists: a run of 3+ characters that is no vocabulary word. */
  function intersect(lists) {
    if (!lists.length || lists.some(function (l) { return !l.df })) return EMPTY
    var base = lists[0], docs = [], codes = []
    var at = lists.map(function () { return 0 })
    for (var i = 0; i < base.df; i++) {
      var doc = base.docs[i], rank = 2, tf = Infinity, head = true, ok = true
      for (var k = 0; k < lists.length && ok; k++) {
        var l = lists[k]
        while (at[k] < l.df && l.docs[at[k]] < doc) at[k]++
        if (at[k] >= l.df || l.docs[at[k]] !== doc) { ok = false; break }
        var c = l.codes[at[k]]
        var r = c === CODE_TITLE ? 2 : c === CODE_KEYWORD ? 1 : 0
        if (r < rank) rank = r
        if (!r) { tf = Math.min(tf, c > HEADING_FLAG ? c - HEADING_FLAG : c); head = head && c > HEADING_FLAG }
      }
      if (!ok) continue
      docs.push(doc)
      codes.push(rank === 2 ? CODE_TITLE : rank === 1 ? CODE_KEYWORD : tf + (head ? HEADING_FLAG : 0))
    }
    return { df: docs.length, docs: Int32Array.from(docs), codes: Uint8Array.from(codes) }
  }

  function now() { return typeof performance !== "undefined" ? performance.now() : Date.now() }

  function fromBase64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length)
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  }

  /** Loads fragment files over http: key, "json" | "bin" -> Promise of data or null. */
  function fetchLoader(root) {
    return function (key, kind) {
      return fetch(root + key + (kind === "bin" ? ".bin" : ".json")).then(function (r) {
        if (!r.ok) return null
        return kind === "bin" ? r.arrayBuffer().then(function (b) { return new Uint8Array(b) }) : r.json()
      })
    }
  }

  /** Loads the .js twins with script tags (file://, inside Material's iframe-worker shim). */
  function scriptLoader(root) {
    var waiting = {}
    global.__zhIndex = function (key, data) {
      var done = waiting[key]
      if (done) { delete waiting[key]; done(data) }
    }
    return function (key, kind) {
      return new Promise(function (resolve) {
        waiting[key] = function (data) { resolve(kind === "bin" ? fromBase64(data) : data) }
        var s = document.createElement("script")
        s.src = root + key + ".js"
        s.onload = s.onerror = function () {
          s.remove()
          if (waiting[key]) { delete waiting[key]; resolve(null) }
        }
        ;(document.head || document.documentElement).appendChild(s)
      })
    }
  }

  /** Where this script was loaded from (a worker's location, or the shim's script tag). */
  function scriptURL() {
    var cur = global.document && global.document.currentScript
    return (cur && cur.src) || (global.location && global.location.href) || ""
  }

  var SCRIPT_URL = scriptURL()
  var FROM_FILE = /^file:/.test(SCRIPT_URL)

  /** A page's URL as results link to it: from file:// a folder has no index page of its own. */
  function pageLocation(location) {
    if (!FROM_FILE) return location
    var cut = location.search(/[?#]/), path = cut < 0 ? location : location.slice(0, cut)
    var rest = cut < 0 ? "" : location.slice(cut)
    return (path === "" || /\/$/.test(path) ? path + "index.html" : path) + rest
  }

  /** The default loader for a manifest: fetch, or script tags from file://. */
  function defaultLoader(zh) {
    var root = new URL("../../search/" + zh.dir + "/", SCRIPT_URL.split(/[?#]/)[0]).href
    return /^file:/.test(root) ? scriptLoader(root) : fetchLoader(root)
  }

  /* ---------------------------------------------------------------------- */
  /* Engine                                                                  */
  /* ---------------------------------------------------------------------- */

  function Engine(index, loader) {
    var zh = (index && index.config && index.config.zh) || (index && index.zh) || {}
    this.n = zh.n || 0
    this.buckets = zh.H || 1
    this.boost = factors(this.n, zh.b)
    this.bodyBoost = factors(this.n, zh.bb)
    this.t2s = {}
    var pairs = zh.t2s || ""
    for (var i = 0; i + 1 < pairs.length; i += 2) this.t2s[pairs[i]] = pairs[i + 1]
    this.load = loader || defaultLoader(zh)
    this.files = new Map()       // key -> Promise of data
    this.chars = new Map()       // char -> {d, f} (null: occurs nowhere)
    this.words = new Map()       // word -> {df, f}
    this.byFirst = new Map()     // char -> [words starting with it]
    this.bySecond = new Map()    // char -> [words of 3-6 characters with it second]
    this.lists = new Map()       // term -> Promise of {df, docs, codes}
    this.marks = {}              // times of the last query's steps (this.timing: durations)
  }

  /** Per-page score factors: 1 but for the pages listed ({id: factor}). */
  function factors(n, listed) {
    var out = new Float64Array(n).fill(1)
    Object.keys(listed || {}).forEach(function (k) { if (+k < n) out[+k] = listed[k] })
    return out
  }

  /** Body score by posting code (before the page's body factor); title and tags apart. */
  var BODY = new Float64Array(256)
  for (var code = 1; code < CODE_KEYWORD; code++) {
    var tf = code > HEADING_FLAG ? code - HEADING_FLAG : code
    BODY[code] = FIELD.body * tf * (1 + TF_SATURATION) / (tf + TF_SATURATION)
  }

  /** A fragment file, fetched once. */
  Engine.prototype.file = function (key, kind) {
    var got = this.files.get(key)
    if (!got) {
      got = this.load(key, kind).catch(function () { return null })
      if (kind === "bin") got = got.then(function (b) { return b ? parseFragment(b) : null })
      this.files.set(key, got)
    }
    return got
  }

  /** The dictionary files of these characters (words starting with each). */
  Engine.prototype.loadChars = function (chars) {
    var self = this
    return Promise.all(chars.filter(function (c) { return !self.chars.has(c) }).map(function (c) {
      return self.file("c/" + c.charCodeAt(0).toString(16), "json").then(function (entry) {
        if (self.chars.has(c)) return
        self.chars.set(c, entry ? { d: entry.d, f: entry.f, s: !!entry.s } : null)
        var list = []
        ;((entry && entry.w) || []).forEach(function (w) {
          var word = c + w[0]
          self.words.set(word, { df: w[1], f: w[2] })
          list.push(word)
        })
        self.byFirst.set(c, list)
      })
    }))
  }

  /** Words with these second characters (typo correction only). */
  Engine.prototype.loadSecond = function (chars) {
    var self = this
    return Promise.all(chars.filter(function (c) { return !self.bySecond.has(c) }).map(function (c) {
      var entry = self.chars.get(c)
      if (!entry || !entry.s) { self.bySecond.set(c, []); return null }
      return self.file("s/" + c.charCodeAt(0).toString(16), "json").then(function (list) {
        self.bySecond.set(c, list || [])
      })
    }))
  }

  Engine.prototype.has = function (w) { return this.words.has(w) }

  /** A term's posting list: {df, docs, codes}. */
  Engine.prototype.list = function (t) {
    var got = this.lists.get(t)
    if (got) return got
    var self = this
    if (t.length === 1 && HAN.test(t)) {
      got = this.loadChars([t]).then(function () {
        var c = self.chars.get(t)
        return c && c.f >= 0 ? self.file("p/" + c.f, "bin").then(function (f) { return readList(f, t) }) : EMPTY
      })
    } else if (this.words.has(t)) {
      got = this.file("p/" + this.words.get(t).f, "bin").then(function (f) { return readList(f, t) })
    } else if (t.length > 2 && HAN.test(t)) {
      var parts = []
      for (var i = 0; i + 2 <= t.length; i++) parts.push(this.list(t.slice(i, i + 2)))
      got = Promise.all(parts).then(intersect)
    } else {
      got = this.file("h/" + (fnv1a(t) % this.buckets), "bin").then(function (f) { return readList(f, t) })
    }
    this.lists.set(t, got)
    return got
  }

  /** Number of pages containing a term (known without its list for words and characters). */
  Engine.prototype.df = function (t) {
    if (this.words.has(t)) return Promise.resolve(this.words.get(t).df)
    if (t.length === 1 && this.chars.has(t)) { var c = this.chars.get(t); return Promise.resolve(c ? c.d : 0) }
    return this.list(t).then(function (l) { return l.df })
  }

  /** Query pieces; a run with a piece found nowhere gets its closest vocabulary word. */
  Engine.prototype.pieces = function (q) {
    var self = this
    var runs = q.match(RUNS) || []
    var chars = []
    runs.forEach(function (run) { if (HAN.test(run)) for (var i = 0; i < run.length; i++) chars.push(run[i]) })
    return this.loadChars(chars).then(function () {
      self.marks.dict = now()
      return Promise.all(runs.map(function (run) {
        if (!HAN.test(run)) return [{ text: run, word: true }]
        var parts = segment(run, self)
        return Promise.all(parts.map(function (p) { return self.df(p.text) })).then(function (dfs) {
          if (dfs.every(function (d) { return d > 0 })) return parts
          return self.fuzzy(run).then(function (fix) {
            if (!fix) return parts
            return segment(run.slice(0, fix.start), self).concat([{ text: fix.word, word: true }],
              segment(run.slice(fix.end), self))
          })
        })
      }))
    }).then(function (groups) { return [].concat.apply([], groups) })
  }

  /** The longest window of run that is one character away from a vocabulary word. */
  Engine.prototype.fuzzy = function (run) {
    var self = this
    if (run.length < FUZZY_MIN) return Promise.resolve(null)
    return this.loadSecond(run.slice(1).split("")).then(function () {
      for (var len = Math.min(FUZZY_MAX, run.length); len >= FUZZY_MIN; len--) {
        for (var i = 0; i + len <= run.length; i++) {
          var w = run.slice(i, i + len)
          if (self.words.has(w)) continue
          var seen = new Set()
          ;(self.byFirst.get(w[0]) || []).concat(self.bySecond.get(w[1]) || []).forEach(function (c) {
            if (c.length === len) seen.add(c)
          })
          var bucket = Array.from(seen).sort()
          for (var k = 0; k < bucket.length; k++) {
            var c = bucket[k], diff = 0
            for (var j = 0; j < len && diff < 2; j++) if (c[j] !== w[j]) diff++
            if (diff === 1) return { start: i, end: i + len, word: c }
          }
        }
      }
      return null
    })
  }

  /** Weighted terms for a query, with document frequencies. */
  Engine.prototype.plan = function (query) {
    var self = this, n = this.n, out = [], seen = {}
    var q = normalize(query, this.t2s)
    return this.pieces(q).then(function (pieces) {
      var chain = Promise.resolve()
      function add(text, weight, shown) {
        if (seen[text]) return Promise.resolve()
        seen[text] = 1
        var t = { text: text, weight: weight, shown: shown }
        out.push(t)
        return self.df(text).then(function (df) { t.df = df })
      }
      pieces.forEach(function (p) {
        chain = chain.then(function () { return self.df(p.text) }).then(function (df) {
          var t = p.text
          if (df === 0 && t.length > 2 && HAN.test(t)) {     // a typo: character pairs
            var pairs = []
            for (var i = 0; i + 2 <= t.length; i++) pairs.push(t.slice(i, i + 2))
            return Promise.all(pairs.map(function (x) { return self.df(x) })).then(function (dfs) {
              return Promise.all(pairs.map(function (x, k) { return dfs[k] ? add(x, PAIR_WEIGHT, true) : null }))
            })
          }
          if (df === 0 && t.length === 2 && HAN.test(t))
            return Promise.all([add(t[0], SINGLE_CHAR_WEIGHT, false), add(t[1], SINGLE_CHAR_WEIGHT, false)])
          var single = t.length === 1
          return add(t, single ? SINGLE_CHAR_WEIGHT : 1, !single)
        })
      })
      return chain
    }).then(function () {
      out = out.slice(0, MAX_TERMS)
      out.forEach(function (t) { t.idf = Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)) })
      if (out.length && out.every(function (t) { return !t.shown }))
        out.forEach(function (t) { t.weight = 1; t.shown = true })
      return out
    })
  }

  /** Score of one posting code on one page. */
  Engine.prototype.fieldScore = function (code, doc) {
    if (code === CODE_TITLE) return FIELD.title
    if (code === CODE_KEYWORD) return FIELD.keyword
    var body = this.bodyBoost[doc] * BODY[code]
    return code > HEADING_FLAG ? body + FIELD.heading : body
  }

  /** Matching pages: {plan, total, hits: the best MAX_SHOWN [{doc, score, mask}], best first}. */
  Engine.prototype.rank = function (query) {
    var self = this
    return this.plan(query).then(function (plan) {
      var total = 0
      plan.forEach(function (t) { total += t.weight * t.idf })
      if (!plan.length || !total) return { plan: plan, total: 0, hits: [] }
      self.marks.plan = now()
      return Promise.all(plan.map(function (t) { return t.df ? self.list(t.text) : EMPTY })).then(function (lists) {
        self.marks.lists = now()
        var n = self.n, score = new Float64Array(n), covered = new Float64Array(n), mask = new Int32Array(n)
        var seen = new Uint8Array(n), touched = []
        plan.forEach(function (t, k) {
          var l = lists[k], w = t.weight * t.idf, bit = 1 << k
          for (var i = 0; i < l.df; i++) {
            var doc = l.docs[i], f = self.fieldScore(l.codes[i], doc)
            if (!f || doc >= n) continue
            if (!seen[doc]) { seen[doc] = 1; touched.push(doc) }
            score[doc] += w * f; covered[doc] += w; mask[doc] |= bit
          }
        })
        touched.sort(function (a, b) { return a - b })
        // The best MAX_SHOWN in page order, ties to the earlier page (as a stable sort of all).
        var top = [], count = 0
        for (var j = 0; j < touched.length; j++) {
          var doc = touched[j], s = score[doc], share = covered[doc] / total
          if (!(s > 0 && share >= MIN_SHARE)) continue
          count++
          var value = s * share * share * self.boost[doc]
          if (top.length === MAX_SHOWN && value <= top[top.length - 1].score) continue
          var at = top.length
          while (at > 0 && top[at - 1].score < value) at--
          top.splice(at, 0, { doc: doc, score: value, mask: mask[doc] })
          if (top.length > MAX_SHOWN) top.pop()
        }
        return { plan: plan, total: count, hits: top }
      })
    })
  }

  /** Material's search result: items grouped by page, page first; the first carries the count. */
  Engine.prototype.search = function (query) {
    var self = this, t0 = now()
    this.marks = {}
    return this.rank(query).then(function (ranked) {
      var t1 = now()
      var plan = ranked.plan, top = ranked.hits
      var needles = plan.filter(function (t) { return t.shown })
        .map(function (t) { return t.text })
        .sort(function (a, b) { return b.length - a.length })
      return Promise.all(top.map(function (hit) { return self.file("d/" + hit.doc, "json") })).then(function (details) {
        var items = []
        top.forEach(function (hit, k) {
          var d = details[k]
          if (!d) return
          var found = {}
          plan.forEach(function (t, j) { if (hit.mask & (1 << j)) found[t.text] = true })
          var termMap = {}
          needles.forEach(function (t) { termMap[t] = !!found[t] })
          var own = needles.filter(function (t) { return found[t] })
          var p = page(d)
          var title = mark(d.title, own)
          if (!items.length)
            title += '<span hidden data-zh-total="' + ranked.total + '" data-zh-shown="' + top.length + '"></span>'
          var first = {
            location: pageLocation(d.location), title: title,
            text: "<p>" + mark(snippet(d.text, p.text, own, 0, d.text.length), own) + "</p>",
            tags: d.tags, score: hit.score, terms: termMap
          }
          items.push([first].concat(sections(p, own, hit.score, termMap)))
        })
        var m = self.marks
        self.timing = { dict: m.dict - t0, plan: m.plan - m.dict, lists: m.lists - m.plan, score: t1 - m.lists,
          details: now() - t1, total: now() - t0 }
        return { items: items, total: ranked.total }
      })
    })
  }

  /** A page's detail file, prepared for snippets and sections. */
  function page(d) {
    var text = d.text || ""
    var heads = (d.h || []).map(function (h, k, all) {
      var end = k + 1 < all.length ? all[k + 1][0] : text.length
      var line = text.slice(h[0], end).split("\n")[0]
      return { start: h[0], end: end, id: h[1], title: line }
    })
    return { doc: d, text: text.toLowerCase(), heads: heads }
  }

  /* ---------------------------------------------------------------------- */
  /* Display                                                                 */
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
          location: pageLocation(d.location) + "#" + h.id, title: mark(h.title, own),
          text: "<p>" + mark(snippet(d.text, p.text, own, h.start + h.title.length, h.end), own) + "</p>",
          score: score * 0.5 / (i + 1), terms: termMap
        }
      })
  }

  /* ---------------------------------------------------------------------- */
  /* Worker protocol                                                         */
  /* ---------------------------------------------------------------------- */

  var engine = null, latest = 0

  /** Run a query on a tiny built-in index once, so the first real query runs compiled code. */
  function warmUp() {
    var files = {
      "c/5de5": { d: 1, f: 0, w: [["会", 1, 0]] },
      "c/4f1a": { d: 1, f: 0, w: [] },
      "p/0": new Uint8Array([3, 3, 229, 183, 165, 1, 2, 6, 229, 183, 165, 228, 188, 154, 1, 2, 3, 228, 188,
        154, 1, 2, 0, 255, 0, 255, 0, 52]),
      "d/0": { location: "", title: "工会", text: "工会\n工会工作", tags: [], h: [[0, "a", 1], [3, "b", 2]] }
    }
    var toy = new Engine({ config: { zh: { n: 1, H: 1 } } }, function (key) {
      return Promise.resolve(files[key] || null)
    })
    return toy.search("工会工").catch(function () {})
  }

  /** Answer one message: SETUP -> READY; QUERY -> Promise of RESULT (null when overtaken). */
  function handle(message, loader) {
    if (message.type === SETUP) {
      engine = new Engine(message.data, loader)
      latest = 0
      if (!loader) warmUp()
      return { type: READY }
    }
    if (message.type === QUERY) {
      var seq = ++latest
      if (!engine) return Promise.resolve({ type: RESULT, data: { items: [] } })
      return engine.search(message.data).catch(function (err) {
        console.warn("search-zh: query failed", err)
        return { items: [] }
      }).then(function (data) {
        return seq === latest ? { type: RESULT, data: data } : null
      })
    }
    return null
  }

  global.ZhSearch = {
    engine: function () { return engine },
    Engine: Engine, normalize: normalize, segment: segment, terms: terms, mark: mark, handle: handle,
    fnv1a: fnv1a, parseFragment: parseFragment, warmUp: warmUp, readList: readList, fromBase64: fromBase64
  }

  var inWorker = typeof WorkerGlobalScope !== "undefined" ||
    (typeof parent !== "undefined" && parent !== global && "IFrameWorker" in parent)
  if (inWorker)
    global.addEventListener("message", function (ev) {
      Promise.resolve(handle(ev.data)).then(function (reply) {
        if (reply) global.postMessage(reply)
      })
    })
})(typeof self !== "undefined" ? self : this)
