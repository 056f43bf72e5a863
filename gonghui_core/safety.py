"""Safety rules for contributed text: one rule set for the checker, the importer and the build.

A contributed page (an example) must never run script in a reader's browser
and never make the browser load anything from another host. Three places
enforce it, with these functions:

- ``scan_markdown(text)``: the checker (rule ZH-11) and the importer refuse
  links whose scheme is not http(s)/mailto/tel (``javascript:``, ``data:``,
  ``vbscript:`` … in any spelling: entities, percent-encoding, backslashes,
  whitespace, control characters, upper case, full-width letters), in inline
  links, reference definitions and autolinks, and images whose address is on
  another host (inline or through a reference). Each finding names its line.
- ``sanitize_html(html, mode)``: the build. ``"content"`` mode is for the HTML
  made from a contributed page's Markdown: script-capable elements are removed
  with their content, every ``on*`` attribute and every unsafe URL is dropped,
  and an image from another host becomes its alt text. ``"page"`` mode is for a
  whole built page (theme markup included): ``on*`` attributes, unsafe URLs
  and embeds from other hosts are removed, the theme's own scripts are kept.
- ``url_problem(url)``, ``is_outside(url)``: the single definition of a bad URL.

Links to other hosts stay plain links: only loading is refused.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from .rules import INVISIBLE

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Characters browsers ignore inside a URL (tab, newline), strip around it (C0
# controls, space) or that are invisible (the text rules' invisible characters,
# line and paragraph separators, bidi controls): removed before the scheme is read.
IGNORED_RE = re.compile(r"[\x00-\x20\x7f-\x9f" + INVISIBLE + r"\u2028-\u202e]")
MAX_DECODE_ROUNDS = 8

# Attributes that hold a URL, and those whose URL the browser loads by itself.
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data",
                       "cite", "longdesc", "lowsrc", "dynsrc", "manifest", "codebase", "ping", "srcset",
                       "imagesrcset", "archive", "classid", "profile", "usemap", "icon"})
LOADING_ATTRS = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "dynsrc",
                           "manifest", "codebase", "archive", "classid", "ping", "icon"})
LOADING_HREF_TAGS = frozenset({"link", "image", "use", "feimage", "base"})  # href that loads
# <link rel=…> values that make the browser fetch or connect to the href.
LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
                          "mask-icon", "preload", "prefetch", "modulepreload", "manifest", "dns-prefetch",
                          "preconnect", "prerender", "import", "pingback"})
# "content" mode: removed with everything inside them.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "frame", "frameset", "object", "embed",
                               "applet", "noscript", "noembed", "noframes", "svg", "math", "textarea", "select",
                               "xmp", "plaintext", "title", "head", "portal", "fencedframe"})
# "content" mode: the tag goes, its content stays.
DROP_TAG = frozenset({"form", "input", "button", "base", "meta", "link", "option", "html", "body", "param",
                      "source", "track", "isindex", "keygen", "dialog"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr", "keygen", "isindex"})
STYLE_BAD_RE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding|\\", re.I)

UNSAFE_LINK_FIX = "范文中的链接只能是 http(s)、mailto、tel 或站内页面的地址，删去该链接"
OUTSIDE_EMBED_FIX = "网站不向其他主机发请求：把图片放进仓库用相对路径引用，或改成普通链接"


# -----------------------------------------------------------------------------
# URLs
# -----------------------------------------------------------------------------

def normalise_url(raw: str, markdown: bool = False) -> str:
    """A URL as a browser would read its scheme and host: decoded, without ignored characters, lower case.

    Character references (``&#106;``, ``&colon;``, ``&Tab;``) and percent
    escapes are decoded until nothing changes, Markdown backslash escapes
    dropped (``markdown``), full-width letters folded (NFKC), ignored characters removed.
    """
    text = raw
    for _ in range(MAX_DECODE_ROUNDS):
        decoded = unquote(html.unescape(text))
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFKC", text)
    if markdown:
        text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", text)  # Markdown backslash escapes
    return IGNORED_RE.sub("", text).lower()


def url_scheme(raw: str) -> str | None:
    """The scheme a browser would see (``javascript``), or None for a relative URL."""
    for markdown in (False, True):  # either reading: as HTML, or as Markdown then HTML
        m = SCHEME_RE.match(normalise_url(raw, markdown))
        if m and m.group(1) not in SAFE_SCHEMES:
            return m.group(1)
    m = SCHEME_RE.match(normalise_url(raw))
    return m.group(1) if m else None


def url_problem(raw: str) -> str | None:
    """Why a link address is refused, or None when it is safe to link to."""
    scheme = url_scheme(raw)
    if scheme is None or scheme in SAFE_SCHEMES:
        return None
    return f"链接使用了不允许的协议“{scheme}:”"


def is_outside(raw: str) -> bool:
    r"""Whether loading this URL would contact a host (any scheme, or ``//host``, ``\\\\host``)."""
    for markdown in (False, True):
        text = normalise_url(raw, markdown).replace("\\", "/")
        if SCHEME_RE.match(text) or text.startswith("//"):
            return True
    return False


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


# -----------------------------------------------------------------------------
# Markdown (checker and importer)
# -----------------------------------------------------------------------------

@dataclass
class Finding:
    """One unsafe construct in Markdown: 1-based line, message and fix."""

    line: int
    message: str
    fix: str


REF_DEF_RE = re.compile(r"^ {0,3}\[((?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(?:\n[ \t]*)?(<[^<>\n]*>|\S+)", re.M)
OPEN_RE = re.compile(r"(!?)\[")
AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
HTML_URL_ATTR_RE = re.compile(r"\b([a-z:]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
REF_USE_RE = re.compile(r"\s?\[((?:[^\[\]\\\n]|\\.){0,999})\]")
MAX_LINK_TEXT = 1000  # a link text longer than this is not looked for (keeps the scan linear)


def scan_markdown(text: str, first_line: int = 1) -> list[Finding]:
    """Unsafe links and outside embeds in Markdown text, each with its line."""
    starts = _line_starts(text)

    def line_of(offset: int) -> int:
        return first_line + _bisect(starts, offset)

    findings: list[Finding] = []
    refs: dict[str, str] = {}
    for m in REF_DEF_RE.finditer(text):
        url = m.group(2).strip("<>")
        refs.setdefault(_ref_key(m.group(1)), url)
        reason = url_problem(url)
        if reason:
            findings.append(Finding(line_of(m.start()), f"{reason}（引用定义 [{m.group(1)[:20]}]）", UNSAFE_LINK_FIX))
    for bang, _label, url, start in _inline_links(text):
        reason = url_problem(url)
        if reason:
            findings.append(Finding(line_of(start), f"{reason}：{_short(url)}", UNSAFE_LINK_FIX))
        elif bang and is_outside(url):
            findings.append(Finding(line_of(start), f"图片来自其他主机：{_short(url)}", OUTSIDE_EMBED_FIX))
    for bang, label, ref, start in _reference_uses(text):
        url = refs.get(_ref_key(ref or label))
        if url is not None and bang and is_outside(url) and not url_problem(url):
            findings.append(Finding(line_of(start), f"图片来自其他主机：{_short(url)}", OUTSIDE_EMBED_FIX))
    for m in AUTOLINK_RE.finditer(text):
        reason = url_problem(m.group(1))
        if reason:
            findings.append(Finding(line_of(m.start()), f"{reason}：{_short(m.group(1))}", UNSAFE_LINK_FIX))
    for m in HTML_URL_ATTR_RE.finditer(text):
        name, value = m.group(1).lower(), m.group(2).strip("\"'")
        if name not in URL_ATTRS:
            continue
        urls = srcset_urls(value) if name.endswith("srcset") else [value]
        if any(url_problem(u) for u in urls):
            findings.append(Finding(line_of(m.start()), f"HTML 属性 {name} 使用了不允许的协议", UNSAFE_LINK_FIX))
        elif name in LOADING_ATTRS and any(is_outside(u) for u in urls):
            findings.append(Finding(line_of(m.start()), f"HTML 属性 {name} 从其他主机加载内容", OUTSIDE_EMBED_FIX))
    unique = {(f.line, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.line)


def _inline_links(text: str):
    """(bang, label, destination, offset) of every ``[label](destination)`` and ``![alt](src)``."""
    for m in OPEN_RE.finditer(text):
        if m.start() and text[m.start() - 1] == "\\":
            continue
        close = _matching_bracket(text, m.end())
        if close is None or close + 1 >= len(text) or text[close + 1] != "(":
            continue
        dest = _destination(text, close + 2)
        if dest is not None:
            yield m.group(1), text[m.end():close], dest, m.start()


def _reference_uses(text: str):
    """(bang, label, reference, offset) of ``[label][ref]``, ``[label][]`` and ``[label]`` uses."""
    for m in OPEN_RE.finditer(text):
        close = _matching_bracket(text, m.end())
        if close is None:
            continue
        after = REF_USE_RE.match(text, close + 1)
        ref = after.group(1) if after else ""
        yield m.group(1), text[m.end():close], ref, m.start()


def _matching_bracket(text: str, pos: int) -> int | None:
    """Index of the ``]`` closing a ``[`` opened just before pos (nesting, escapes), or None."""
    depth, i, end = 0, pos, min(len(text), pos + MAX_LINK_TEXT)
    while i < end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                return i
            depth -= 1
        elif c == "\n" and text.startswith("\n", i + 1):
            return None  # a blank line ends the paragraph
        i += 1
    return None


def _destination(text: str, pos: int) -> str | None:
    """The link destination starting at pos (after ``(``): ``<…>`` or balanced parentheses."""
    i = pos
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if text.startswith("<", i):
        end = text.find(">", i)
        return text[i + 1:end] if end != -1 and "\n" not in text[i:end] else None
    depth, start, end = 0, i, min(len(text), i + MAX_LINK_TEXT)
    while i < end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif c in " \t\n" and depth == 0:
            break
        i += 1
    return text[start:i]


def _ref_key(label: str) -> str:
    """Reference labels match case-insensitively with whitespace collapsed."""
    return " ".join(label.split()).lower()


def _short(url: str) -> str:
    return url if len(url) <= 60 else url[:60] + "…"


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _bisect(starts: list[int], offset: int) -> int:
    """0-based line index of an offset."""
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


# -----------------------------------------------------------------------------
# HTML (the build)
# -----------------------------------------------------------------------------

# A finished page is parsed by the sanitiser only when one of these finds
# something it might change. Each pattern starts with a literal (no leading
# \b or optional group) so the regex engine can skip ahead: one alternation of
# all of them cost ~6 ms per 34 KB page, these under 1 ms. They run on the
# lower-cased page (re.I would turn the literal skip off). Matching more than
# the sanitiser removes is fine (a wasted parse); matching less is not.
SUSPECT_RES = tuple(re.compile(p) for p in (
    # event handlers: [\s/"']on[a-z]+\s*= written to start with the literal "on"
    # (the regex engine then skips ahead to it: ~12x faster on a built page)
    r"""on(?<=[\s/"']on)[a-z]+\s*=""",
    r"""<(?:iframe|object|embed|frame|base|portal|applet)\b""",             # embeds
    r"""http-equiv""",
    r"""srcset\s*=""",                                                     # srcset, imagesrcset
    r"""(?:src|poster|data|background|ping|lowsrc|dynsrc|action)"""        # loads or runs a URL
    r"""\s*=\s*["']?(?:[^"'>/?#]*[:&%\\]|\s*//)""",
    r"""href\s*=\s*["']?\s*(?!https?://|mailto:|tel:)[^"'>/?#]*[:&%\\]""",  # a link with another scheme
    r"""<(?:link|image|use|feimage)\b[^>]*href\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//|\\)""",  # href that loads
    r"""style\s*=\s*["']?[^"'>]*(?:url|expression|@import|javascript|behavior|binding|\\|&)""",  # see STYLE_BAD_RE
))


# Content mode also drops these elements, comments, <!…> and <?…> and form targets.
CONTENT_SUSPECT_RE = re.compile(
    r"<!|<\?|action\s*=|</?(?:" + "|".join(sorted(DROP_TAG | DROP_WITH_CONTENT)) + r")[\s/>]")


def might_be_unsafe(html_text: str, mode: str = "page") -> bool:
    """Whether ``sanitize_html(html_text, mode)`` might remove anything (a cheap pre-check)."""
    lowered = html_text.lower()
    if mode == "content" and CONTENT_SUSPECT_RE.search(lowered):
        return True
    return any(pattern.search(lowered) for pattern in SUSPECT_RES)


def sanitize_html(text: str, mode: str = "content") -> tuple[str, list[str]]:
    """(safe HTML, what was removed). ``mode`` is ``"content"`` or ``"page"`` (see the module doc)."""
    if mode not in ("content", "page"):
        raise ValueError(f"unknown mode {mode!r}; use 'content' or 'page'")
    scanner = _Sanitizer(text, mode)
    scanner.feed(text)
    scanner.close()
    scanner.finish()
    out, last = [], 0
    for start, end, replacement in sorted(scanner.edits):
        if start < last:
            continue  # inside a removed element
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out), scanner.removed


class _Sanitizer(HTMLParser):
    """Finds what to change; the text is edited by offsets, everything else stays byte for byte."""

    def __init__(self, text: str, mode: str):
        super().__init__(convert_charrefs=True)
        self.mode, self.src = mode, text
        self.starts = _line_starts(text)
        self.edits: list[tuple[int, int, str]] = []
        self.removed: list[str] = []
        self.skip: list = []  # [tag, start offset, depth] while inside a removed element

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    # -- events -------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text() or "", self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text() or "", self_closing=True)

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.src.find(">", start)
        end = len(self.src) if end == -1 else end + 1
        if self.skip:
            if tag == self.skip[0]:
                if self.skip[2] == 0:
                    self.edits.append((self.skip[1], end, ""))
                    self.skip = []
                else:
                    self.skip[2] -= 1
            return
        if self.mode == "content" and tag in DROP_TAG | DROP_WITH_CONTENT:
            self.edits.append((start, end, ""))

    def handle_comment(self, data):
        if self.mode == "content" and not self.skip:
            start = self._offset()
            end = self.src.find("-->", start)
            self.edits.append((start, len(self.src) if end == -1 else end + 3, ""))
            self.removed.append("<!-- -->")

    def handle_pi(self, data):
        self._drop_markup("<?")

    def unknown_decl(self, data):
        self._drop_markup("<![")

    def finish(self):
        """An element left open at the end is removed to the end of the text."""
        if self.skip:
            self.edits.append((self.skip[1], len(self.src), ""))
            self.skip = []

    # -- rules --------------------------------------------------------------
    def _drop_markup(self, what: str):
        if self.mode == "content" and not self.skip:
            start = self._offset()
            end = self.src.find(">", start)
            self.edits.append((start, len(self.src) if end == -1 else end + 1, ""))
            self.removed.append(what)

    def _start(self, tag, attrs, raw, self_closing):
        raw_tag = tag
        start = self._offset()
        end = start + len(raw)
        if self.skip:
            if tag == self.skip[0] and not self_closing and tag not in VOID:
                self.skip[2] += 1
            return
        if self.mode == "content":
            if tag in DROP_WITH_CONTENT:
                self.removed.append(f"<{tag}>")
                if self_closing or tag in VOID:
                    self.edits.append((start, end, ""))
                else:
                    self.skip = [tag, start, 0]
                return
            if tag in DROP_TAG:
                self.removed.append(f"<{tag}>")
                self.edits.append((start, end, ""))
                return
        if tag == "img" and any(k in ("src", "srcset") and v and self._outside(k, v) for k, v in attrs):
            alt = next((v for k, v in attrs if k == "alt" and v), "")
            self.removed.append(f"<img> {next((v for k, v in attrs if k == 'src'), '')}")
            self.edits.append((start, end, html.escape(alt)))
            return
        if tag == "base" and any(k == "href" and v and is_outside(v) for k, v in attrs):
            self.removed.append("<base>")
            self.edits.append((start, end, ""))
            return
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            content = next((v for k, v in attrs if k == "content"), "") or ""
            target = content.split("=", 1)[1] if "=" in content else ""
            if url_problem(target.strip(" '\"")) or is_outside(target.strip(" '\"")):
                self.removed.append("<meta refresh>")
                self.edits.append((start, end, ""))
                return
        if tag == "link":
            rels = set((next((v for k, v in attrs if k == "rel"), "") or "").lower().split())
            if not rels & LOADING_RELS:
                tag = "a"  # canonical, alternate, next …: an address, nothing is loaded
        kept, changed = [], False
        for name, value in attrs:
            reason = self._attr_problem(tag, name, value)
            if reason:
                changed = True
                self.removed.append(f"{tag} {name}: {reason}")
            else:
                kept.append((name, value))
        if changed:
            self.edits.append((start, end, _tag_text(raw_tag, kept, raw.rstrip().endswith("/>"))))

    def _attr_problem(self, tag: str, name: str, value: str | None) -> str | None:
        if name.startswith("on"):
            return "event handler"
        if value is None:
            return None
        if name == "style" and STYLE_BAD_RE.search(html.unescape(value)):
            return "style with url()/expression"
        if name in URL_ATTRS or (name == "href"):
            urls = srcset_urls(value) if name.endswith("srcset") else [value]
            if any(url_problem(u) for u in urls):
                return "unsafe URL"
            if self._outside(name, value, tag):
                return "loads from another host"
        if name in ("formaction", "action") and self.mode == "content":
            return "form target"
        return None

    @staticmethod
    def _outside(name: str, value: str, tag: str = "img") -> bool:
        """Whether this attribute would make the browser load from another host."""
        loads = name in LOADING_ATTRS or (name in ("href", "xlink:href") and tag in LOADING_HREF_TAGS)
        if not loads:
            return False
        urls = srcset_urls(value) if name.endswith("srcset") else [value]
        return any(is_outside(u) for u in urls)


def _tag_text(tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> str:
    """A start tag written from its (kept) attributes."""
    parts = [f"<{tag}"]
    for name, value in attrs:
        parts.append(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"')
    parts.append(" />" if self_closing else ">")
    return "".join(parts)


def escape_field(value) -> str:
    """A front-matter value made safe to show in HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)
