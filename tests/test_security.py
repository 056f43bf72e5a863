"""Contributed example pages cannot run code in the site.

A scenario site (a copy of the real configuration and docs) gets example pages
carrying ``{{ 7*7 }}``, ``{% include %}``, ``<script>``, an attribute list and
a ``render_macros: true`` request. The checker refuses them; forced into the
build anyway, every one of them is shown as text.
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from tools import check

EVIL_BODY = """
## 一、活动情况

算式{{ 7*7 }}结果。

{% include 'x' %}

<script>alert(1)</script>

带属性的段落
{: onclick="alert(3)" }
"""
EVIL_PAGE = """---
title: "<script>alert(2)</script>某小学工会总结"
unit: school
kind: year-end-summary
source: evil.txt#1
tags: [中小学校, 年终总结]
---
""" + EVIL_BODY
RENDER_PAGE = """---
title: 要求渲染宏的范文
unit: school
kind: year-end-summary
source: evil.txt#2
tags: [中小学校, 年终总结]
render_macros: true
---

## 一、宏

乘积{{ 7*7 }}。{{ examples_table() }}
"""
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "tests", "__pycache__",
                                     "node_modules", ".pytest_cache", "*.zip", "*.docx")


class _Html(HTMLParser):
    """Script contents, event-handler attributes and the text inside <article>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.text, self.title = [], [], [], ""
        self._in = []

    def handle_starttag(self, tag, attrs):
        self._in.append(tag)
        self.handlers += [f"{tag} {k}" for k, _v in attrs if k.startswith("on")]

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if "script" in self._in:
            self.scripts.append(data)
        elif "title" in self._in:
            self.title += data
        elif "article" in self._in:
            self.text.append(data)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """A copy of the project with the two hostile example pages, built with --strict."""
    root = tmp_path_factory.mktemp("scenario")
    shutil.copytree(ROOT, root, ignore=COPY_IGNORE, dirs_exist_ok=True)
    school = root / "docs" / "examples" / "school"
    school.mkdir(parents=True, exist_ok=True)
    (school / "evil-page.md").write_text(EVIL_PAGE, encoding="utf-8")
    (school / "evil-render.md").write_text(RENDER_PAGE, encoding="utf-8")
    site = build_site(root / "site", root / "mkdocs.yml")
    return root, site


def parse(path: Path) -> _Html:
    """Parse one built page."""
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_checker_refuses_hostile_pages(scenario, capsys):
    """The checker names file, line and rule for each hostile construct."""
    root, _site = scenario
    docs = root / "docs"
    evil = docs / "examples" / "school" / "evil-page.md"
    render = docs / "examples" / "school" / "evil-render.md"
    assert check.main(["--docs-dir", str(docs), str(evil), str(render)]) == 1
    out = capsys.readouterr().out
    lines = EVIL_PAGE.split("\n")
    for marker in ("{{ 7*7 }}", "{% include", "<script>alert(1)", 'onclick="alert(3)"'):
        n = next(i for i, line in enumerate(lines, start=1) if marker in line)
        assert re.search(rf"evil-page\.md:{n}: .*ZH-11", out), (marker, out)
    assert re.search(r"evil-page\.md:2: .*ZH-11", out), out  # the title
    assert re.search(r"evil-render\.md:\d+: 未知字段 render_macros", out), out


def test_example_text_is_shown_literally(scenario):
    """No 49, no include, no <script> element, no event handler: all of it is text."""
    _root, site = scenario
    page = parse(site / "examples" / "school" / "evil-page" / "index.html")
    text = "".join(page.text)
    for literal in ("{{ 7*7 }}", "{% include 'x' %}", "<script>alert(1)</script>", '{: onclick="alert(3)" }'):
        assert literal in text, literal
    assert "49" not in text
    assert not any("alert" in s for s in page.scripts)
    assert page.handlers == []
    assert "<script>alert(2)</script>" in page.title


def test_render_macros_in_example_is_not_honoured(scenario):
    """An example asking for render_macros: true is still not rendered as Jinja."""
    _root, site = scenario
    raw = (site / "examples" / "school" / "evil-render" / "index.html").read_text(encoding="utf-8")
    text = "".join(parse(site / "examples" / "school" / "evil-render" / "index.html").text)
    assert "乘积{{ 7*7 }}。{{ examples_table() }}" in text
    assert "乘积49" not in text
    assert "<table" not in raw.split("<article", 1)[1].split("</article>", 1)[0]


def test_templates_still_render_macros(scenario):
    """The hook touches only examples: a listing page still runs its macros."""
    _root, site = scenario
    raw = (site / "units" / "school" / "index.html").read_text(encoding="utf-8")
    assert "evil-page/" in raw  # the listing macro ran and found the example


def test_listing_shows_hostile_title_as_text(scenario):
    """A listing shows an example's title as text, not as a <script> element."""
    _root, site = scenario
    page = parse(site / "units" / "school" / "index.html")
    assert not any("alert(2)" in s for s in page.scripts)
    assert "<script>alert(2)</script>" in html.unescape("".join(page.text))
