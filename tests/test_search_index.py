"""Unit tests for the Chinese search index (hooks/search_text.py, hooks/search_index.py)
and the query side of the search worker (overrides/assets/javascripts/search-zh.js).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gonghui_core.paths import JIEBA_USER_DICT, VOCAB_FILE

ROOT = Path(__file__).resolve().parent.parent
from hooks import search_text

WORKER = ROOT / "overrides" / "assets" / "javascripts" / "search-zh.js"
USER_DICT = JIEBA_USER_DICT
VOCAB = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def jieba_with_user_dict():
    """jieba with the project's union-term dictionary loaded."""
    import jieba

    jieba.load_userdict(str(USER_DICT))
    return jieba


# -----------------------------------------------------------------------------
# Page text
# -----------------------------------------------------------------------------

def test_page_text_drops_markup_permalinks_and_zero_width_spaces():
    html = ('<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1>'
            '<p>职工\u200b书屋</p><script>var x = "脚本";</script>'
            '<h2 id="一加强">一、加强组织建设</h2><ul><li>甲</li><li>乙</li></ul>')
    text, headings = search_text.page_text(html)
    assert text == "标题\n职工书屋\n一、加强组织建设\n甲\n乙"
    assert [h[1:] for h in headings] == [["t", 1], ["一加强", 2]]
    assert text[headings[1][0]:].startswith("一、加强组织建设")


def test_page_text_skips_search_excluded_blocks():
    text, _ = search_text.page_text('<p>留下</p><div data-search-exclude><p>不要</p></div><p>也留下</p>')
    assert "不要" not in text and "留下" in text and "也留下" in text


# -----------------------------------------------------------------------------
# Words, keywords, Traditional characters
# -----------------------------------------------------------------------------

def test_jieba_segments_union_terms(jieba_with_user_dict):
    """Fails when jieba is missing or does not segment: the index needs words."""
    words = search_text.words_of("铁路局工会年终总结，开展金秋助学和职工书屋建设。")
    assert {"铁路局", "年终总结", "金秋助学", "职工书屋"} <= words
    assert all(len(w) >= 2 for w in words)


def test_keywords_carry_unit_and_kind_words():
    labels = {"units": {"railway": "铁路局及站段"}, "kinds": {"year-end-summary": "年度（年终）工作总结"}}
    aliases = {"units": {"railway": ["铁路局", "站段"]}, "kinds": {"year-end-summary": ["年终总结"]}}
    kw = search_text.keywords({"unit": "railway", "kind": "year-end-summary", "tags": ["铁路", "送温暖"]},
                              aliases, labels)
    assert kw.split() == ["铁路", "送温暖", "铁路局及站段", "铁路局", "站段", "年度（年终）工作总结", "年终总结"]


def test_traditional_pairs_map_back_to_simplified():
    pairs = search_text.t2s_pairs({"书", "会", "职", "工"})
    mapping = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert mapping["書"] == "书" and mapping["會"] == "会" and mapping["職"] == "职"
    assert "工" not in mapping


# -----------------------------------------------------------------------------
# The built index
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def index(site_dir):
    """The built site's search index."""
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_built_index_has_jieba_vocabulary(index):
    words = set(index["config"]["zh"]["words"].split("\u200b"))
    assert {"职工书屋", "金秋助学", "年终总结", "幼儿园"} <= words
    assert len(words) > 1000 and all(len(w) >= 2 for w in words)


def test_built_index_entries_are_pages_without_zero_width_characters(index):
    docs = index["docs"]
    assert docs and all("#" not in d["location"] for d in docs)
    for d in docs:
        assert "\u200b" not in d["title"] + d["text"], d["location"]


def test_built_index_entries_name_unit_and_kind(index):
    examples = [d for d in index["docs"] if d["location"].startswith("examples/") and
                not d["location"].rstrip("/").endswith(("examples", "index.html"))]
    assert examples
    units = {u["label"] for u in VOCAB["units"].values()}
    kinds = {k["label"] for k in VOCAB["kinds"].values()}
    for d in examples:
        assert d["tags"][0] in units and d["tags"][1] in kinds, d["location"]


def test_material_lunr_index_is_not_built_twice(index):
    """Pages are excluded from Material's own index: no section entries."""
    assert not any(d.get("location", "").count("#") for d in index["docs"])


# -----------------------------------------------------------------------------
# Query side, in the browser's JavaScript engine
# -----------------------------------------------------------------------------

TOY_INDEX = {
    "config": {"zh": {
        "words": "\u200b".join(["铁路局", "工会", "年终总结", "幼儿园", "工作计划", "金秋助学", "职工书屋", "职工"]),
        "t2s": "書书會会職职鐵铁終终結结",
    }},
    "docs": [
        {"location": "a/", "title": "铁路局工会工作总结", "text": "铁路局工会全年开展职工书屋建设。",
         "tags": ["铁路局及站段", "年度（年终）工作总结"], "k": "年终总结"},
        {"location": "b/", "title": "幼儿园工会工作计划", "text": "幼儿园工会本学期开展金秋助学。",
         "tags": ["幼儿园", "学期工作计划"], "k": "工作计划"},
        {"location": "c/", "title": "县总工会工作总结", "text": "总工会开展金秋助学，金秋助学资助学生。",
         "tags": ["县区总工会", "年度（年终）工作总结"], "k": "年终总结"},
    ],
}


@pytest.fixture(scope="module")
def js(browser):
    """A blank page with the search worker script loaded (not as a worker)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(WORKER))
    yield lambda expr, arg=None: page.evaluate(expr, arg)
    context.close()


def test_segment_finds_words_that_end_a_run(js):
    """Material 9.8.1 drops the last character of a run; this must not."""
    got = js("""([q, w]) => ZhSearch.segment(q, new Set(w)).map(p => p.text)""",
             ["铁路局工会年终总结", ["铁路局", "工会", "年终总结", "年终"]])
    assert got == ["铁路局", "工会", "年终总结"]


def test_query_normalisation_traditional_and_full_width(js):
    got = js("""(q) => ZhSearch.normalize(q, {"鐵": "铁", "會": "会"})""", "鐵路局工會ＡＢＣ１")
    assert got == "铁路局工会abc1"


def test_engine_ranks_and_highlights_without_single_characters(js):
    result = js("""(idx) => new ZhSearch.Engine(idx).search('铁路局工会年终总结')""", TOY_INDEX)
    pages = [group[0] for group in result["items"]]
    assert pages[0]["location"] == "a/"
    assert "<mark>铁路局</mark>" in pages[0]["title"]
    assert "<mark>工</mark>" not in pages[0]["text"]
    assert set(pages[0]["terms"]) == {"铁路局", "工会", "年终总结"} and all(pages[0]["terms"].values())


def test_engine_prefers_the_page_that_repeats_the_term(js):
    result = js("""(idx) => new ZhSearch.Engine(idx).search('金秋助学')""", TOY_INDEX)
    assert [g[0]["location"] for g in result["items"]] == ["c/", "b/"]


def test_engine_corrects_a_one_character_typo_and_traditional(js):
    typo = js("""(idx) => new ZhSearch.Engine(idx).search('金秋注学')""", TOY_INDEX)
    trad = js("""(idx) => new ZhSearch.Engine(idx).search('職工書屋')""", TOY_INDEX)
    assert typo["items"][0][0]["location"] == "c/"
    assert trad["items"][0][0]["location"] == "a/"


def test_worker_protocol_setup_then_query(js):
    replies = js("""(idx) => [ZhSearch.handle({type: 0, data: idx}),
                             ZhSearch.handle({type: 2, data: '幼儿园工作计划'})]""", TOY_INDEX)
    assert replies[0] == {"type": 1}
    assert replies[1]["type"] == 3 and replies[1]["data"]["items"][0][0]["location"] == "b/"
