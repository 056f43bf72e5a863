"""export/offline.py on small inputs: folder links for file://, the search index script, the zip.

No MkDocs, no browser: HTML snippets and tiny site folders.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from export import offline
from export.offline import file_url, rewrite_html, search_index_entries, write_bundle

NOTE = offline.IN_BUNDLE_NOTE


# -----------------------------------------------------------------------------
# One URL
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("units/", "units/index.html"),
    ("../", "../index.html"),
    ("./", "./index.html"),
    ("../../units/school/", "../../units/school/index.html"),
    (".", "./index.html"),
    ("..", "../index.html"),
    ("../..", "../../index.html"),
    ("a/.", "a/./index.html"),
    ("units/?h=工会", "units/index.html?h=工会"),
    ("units/#一加强组织建设", "units/index.html#一加强组织建设"),
    ("../?q=1#x", "../index.html?q=1#x"),
    ("./#top", "./index.html#top"),
])
def test_folder_urls_get_index_html(url, expected):
    assert file_url(url) == expected


@pytest.mark.parametrize("url", [
    "", "#", "#一加强组织建设", "?q=1",
    "index.html", "../index.html", "foo.docx", "assets/stylesheets/site.css", "foo/bar.html#x/",
    "https://example.org/", "http://example.org/a/", "//cdn.example.org/x/", "mailto:a@example.org",
    "data:text/plain,a/", "javascript:void(0)", "tel:12345", "/", "/units/", "units", "units/index.html?x=/",
    "units/\u3000",  # browsers strip ASCII whitespace only
])
def test_other_urls_are_left_alone(url):
    assert file_url(url) == url


# -----------------------------------------------------------------------------
# HTML
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("html, expected", [
    ('<a href="units/">x</a>', '<a href="units/index.html">x</a>'),
    ("<a href='../'>x</a>", "<a href='../index.html'>x</a>"),
    ("<a href=..>x</a>", "<a href=../index.html>x</a>"),
    ('<link rel="prev" href="../">', '<link rel="prev" href="../index.html">'),
    ('<img src="pics/" alt="">', '<img src="pics/index.html" alt="">'),
    ('<A HREF="units/">', '<A HREF="units/index.html">'),
    ('<a\nhref = "units/"\n>', '<a\nhref = "units/index.html"\n>'),
    ('<a href="units/" />', '<a href="units/index.html" />'),
    ('<a class="x" title="a > b" href="units/">', '<a class="x" title="a > b" href="units/index.html">'),
    ('<a href="../?q=1&amp;r=2#s">', '<a href="../index.html?q=1&amp;r=2#s">'),
    ('<a href="it&#39;s/#x">', '<a href="it&#39;s/index.html#x">'),
    ('<a href="it&#x2f;">', '<a href="it&#x2f;index.html">'),
    ('<a href=" units/ ">', '<a href=" units/index.html ">'),
    ('<a href="\n../?q=1 ">', '<a href="\n../index.html?q=1 ">'),
    # both attributes of one tag
    ('<a href="a/" data-x="1" src="b/">', '<a href="a/index.html" data-x="1" src="b/index.html">'),
])
def test_href_and_src_are_rewritten(html, expected):
    assert rewrite_html(html) == expected


@pytest.mark.parametrize("html", [
    # not href/src, or not a folder
    '<a data-href="units/" hreflang="zh" srcset="a/ 2x" action="b/">',
    '<form action="units/"></form>',
    '<a href="https://example.org/a/">', '<a href="mailto:x@example.org">', '<a href="#sec/">',
    '<img src="data:image/png;base64,AAAA/">', '<a href="/units/">', '<a href="index.html">',
    # href= inside another attribute's value
    '<div title="see href=units/ and src=\'b/\'">',
    '<a title="<a href=units/>">',
    # markup that is text: comments, scripts, styles, raw text
    '<!-- <a href="units/"> -->',
    '<script>var a = \'<a href="units/">\'</script>',
    '<script type="module">if (a < b) document.write("<img src=x/>")</script>',
    '<style>a[href="units/"] { color: red }</style>',
    '<textarea><a href="units/"></textarea>',
    '<title><a href="units/"></title>',
    '<svg><![CDATA[ <a href="units/"> ]]></svg>',
    # text that only looks like markup
    '1 < 2 and 3 > 2', '<p>a &lt;a href="units/"&gt; b</p>', '<!DOCTYPE html>', '<?xml version="1.0"?>',
    '</a href="units/">',
])
def test_everything_else_is_left_alone(html):
    assert rewrite_html(html) == html


def test_comments_end_where_html5_ends_them():
    """"<!-->" and "<!--->" are whole (empty) comments; "--!>" closes one too."""
    assert rewrite_html('<!--><a href="a/">') == '<!--><a href="a/index.html">'
    assert rewrite_html('<!---><a href="a/">') == '<!---><a href="a/index.html">'
    assert rewrite_html('<!-- x --!><a href="a/">') == '<!-- x --!><a href="a/index.html">'
    assert rewrite_html('<!-- x -- ><a href="a/">') == '<!-- x -- ><a href="a/">'  # still open


def test_links_after_skipped_parts_are_rewritten():
    html = ('<!doctype html><html><head><title>a <b> c</title>'
            '<script>let s = "</scr" + "ipt><a href=\'x/\'>"</script>'
            '<style>.x::after { content: "<a href=y/>" }</style></head>'
            '<body><!-- <a href="z/"> --><p class="a>b">text</p>'
            '<textarea></div><a href="t/"></TEXTAREA >'
            '<a href="ok/">ok</a><script src="../">  </script></body></html>')
    out = rewrite_html(html)
    assert out == html.replace('"ok/"', '"ok/index.html"').replace('src="../"', 'src="../index.html"')


def test_unclosed_tag_at_the_end_is_left_alone_and_fast():
    html = '<a href="ok/">' + "x <b " * 20_000  # no ">": the rest is one unfinished tag
    out = rewrite_html(html)
    assert out == html.replace('"ok/"', '"ok/index.html"', 1)


def test_page_text_is_unchanged_byte_for_byte():
    item = '<li><a href="../p{i}/" class="md-nav__link">第{i}页 &amp; “引号” 😀</a></li>\n'
    body = "".join(item.format(i=i) for i in range(200))
    html = f"<!doctype html><html><body><ul>\n{body}</ul></body></html>"
    out = rewrite_html(html)
    assert out.replace("/index.html", "/") == html
    assert out.count("index.html") == 200


def test_the_link_to_the_bundle_becomes_a_note():
    html = ('<p>没有网络时也能用：<a class="offline-bundle" href="downloads/gonghui-offline.zip" download>'
            '下载离线版（<b>zip</b>）</a>，解压后双击 index.html。<a href="units/">单位</a></p>')
    assert rewrite_html(html) == (f'<p>没有网络时也能用：{NOTE}，解压后双击 index.html。'
                                  '<a href="units/index.html">单位</a></p>')


@pytest.mark.parametrize("html", [
    '<a class="md-button" href="downloads/gonghui-offline.zip">x</a>',      # no class: left as it is
    '<a class="offline-bundle-x" href="x.zip">x</a>',
    '<div class="offline-bundle">x</div>',
    '<a title="class=offline-bundle" href="x.zip">x</a>',
])
def test_other_elements_are_not_the_bundle_link(html):
    assert rewrite_html(html) == html


# -----------------------------------------------------------------------------
# Search index
# -----------------------------------------------------------------------------

def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def test_fragmented_index_goes_in_as_scripts(tmp_path):
    """The manifest becomes search_index.js; each file of its index folder a .js twin; other files stay as built."""
    manifest = {"config": {"zh": {"dir": "zh/abc", "n": 1}}, "docs": []}
    site = _site(tmp_path, {"search/search_index.json": json.dumps(manifest),
                            "search/zh/abc/c/4e00.json": '{"d":1}', "search/zh/abc/p/0.bin": "\x01\x02",
                            "search/zh/old/c/4e00.json": "{}", "search/readme.txt": "x"})
    entries = dict(search_index_entries(site))
    assert set(entries) == {"search/search_index.js", "search/zh/abc/c/4e00.js", "search/zh/abc/p/0.js",
                            "search/zh/old/c/4e00.json", "search/readme.txt"}
    assert json.loads(entries["search/search_index.js"].decode().removeprefix("var __index = ")) == manifest
    assert entries["search/zh/abc/c/4e00.js"] == b'__zhIndex("c/4e00",{"d":1});\n'
    assert entries["search/zh/abc/p/0.js"] == b'__zhIndex("p/0","AQI=");\n'
    assert entries["search/zh/old/c/4e00.json"] is None and entries["search/readme.txt"] is None


def test_materials_own_index_becomes_a_script_with_file_locations(tmp_path):
    """A site with Material's own index (no search hook) gets what Material's offline plugin makes."""
    index = {"config": {"lang": ["zh"]},
             "docs": [{"location": "", "title": "首页", "text": "a </script> b"},
                      {"location": "#sec", "title": "首页小节", "text": ""},
                      {"location": "units/school/", "title": "中小学校", "text": "工会"},
                      {"location": "examples/a/b/#一加强", "title": "范文", "text": ""},
                      {"location": "page.html", "title": "plain", "text": ""}]}
    site = _site(tmp_path, {"search/search_index.json": json.dumps(index, ensure_ascii=False)})
    entries = dict(search_index_entries(site))
    assert list(entries) == ["search/search_index.js"]
    script = entries["search/search_index.js"].decode("utf-8")
    assert script.startswith("var __index = ")
    data = json.loads(script[len("var __index = "):])
    assert [d["location"] for d in data["docs"]] == [
        "index.html", "index.html#sec", "units/school/index.html", "examples/a/b/index.html#一加强", "page.html"]
    assert data["config"] == index["config"] and data["docs"][0]["text"] == "a </script> b"


def test_no_search_index_no_script(tmp_path):
    assert list(search_index_entries(_site(tmp_path, {"index.html": ""}))) == []


# -----------------------------------------------------------------------------
# The zip
# -----------------------------------------------------------------------------

def test_bundle_of_a_small_site(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="units/">u</a><a class="offline-bundle" href="downloads/gonghui-offline.zip">z</a>',
        "units/index.html": '<a href="../">home</a><a href="a.docx">doc</a>',
        "units/a.docx": "PK-not-really",
        "assets/site.css": "a { color: red }",
        "404.html": '<a href="/">home</a>',
        "search/search_index.json": '{"config": {}, "docs": []}',
        "search/search_index.js": 'var __index = {"config": {}, "docs": []}',
        "downloads/gonghui-offline.zip": "an old bundle",
    })
    target = site / offline.BUNDLE_PATH
    stats = write_bundle(site, target)
    with zipfile.ZipFile(target) as zf:
        names = sorted(zf.namelist())
        assert names == ["gonghui-offline/assets/site.css", "gonghui-offline/index.html",
                         "gonghui-offline/search/search_index.js", "gonghui-offline/units/a.docx",
                         "gonghui-offline/units/index.html"]
        assert zf.read("gonghui-offline/index.html").decode() == f'<a href="units/index.html">u</a>{NOTE}'
        assert zf.read("gonghui-offline/units/index.html").decode() == \
            '<a href="../index.html">home</a><a href="a.docx">doc</a>'
        assert zf.read("gonghui-offline/units/a.docx") == b"PK-not-really"
        assert zf.getinfo("gonghui-offline/units/a.docx").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("gonghui-offline/assets/site.css").compress_type == zipfile.ZIP_DEFLATED
        assert zf.testzip() is None
    assert (stats.files, stats.pages, stats.bytes) == (5, 2, target.stat().st_size)
    assert not list(site.rglob("*.part"))
    # Made again over its own output: the same files (nothing of the old bundle gets in).
    write_bundle(site, target)
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == names


def test_a_failed_bundle_leaves_no_zip(tmp_path, monkeypatch):
    site = _site(tmp_path, {"index.html": "x"})
    target = site / offline.BUNDLE_PATH

    def broken(html):
        raise RuntimeError("boom")

    monkeypatch.setattr(offline, "rewrite_html", broken)
    with pytest.raises(RuntimeError):
        write_bundle(site, target)
    assert not target.exists() and not list(site.rglob("*.part"))
