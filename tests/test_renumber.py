"""Renumbering of the draft's headings (draft.js), run in real Chromium.

一、 at the first level, （一） restarting under each first-level heading,
1. and （1） below, in the order the headings now stand; sections from
several pages, skipped levels and the sources' own numbering ("1、", "(2)",
"第一部分") all come out as one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DRAFT_JS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "draft.js"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def js(browser):
    """A blank page with draft.js loaded; call(name, *args) runs window.draft[name]."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.add_script_tag(path=str(DRAFT_JS))

    def call(name, *args):
        return page.evaluate("([name, args]) => window.draft[name](...args)", [name, list(args)])
    yield call
    context.close()


def numbers(js, levels):
    return [n["number"] for n in js("renumber", levels)]


def test_plain_outline(js):
    assert numbers(js, [1, 2, 2, 1, 2, 3, 3, 4, 4, 3, 1]) == [
        "一、", "（一）", "（二）", "二、", "（一）", "1.", "2.", "（1）", "（2）", "3.", "三、"]


def test_second_level_restarts_under_each_first_level(js):
    assert numbers(js, [1, 2, 2, 2, 1, 2]) == ["一、", "（一）", "（二）", "（三）", "二、", "（一）"]


def test_sections_from_different_pages_read_as_one(js):
    # page A: 一、 with two （一）; page B: its 三、 (level 1) with 1. items;
    # page C: a lone （二） subsection, added last: it joins the heading before it
    a, b, c = [1, 2, 2], [1, 3, 3], [2]
    assert numbers(js, a + b + c) == ["一、", "（一）", "（二）", "二、", "（一）", "（二）", "（三）"]


def test_skipped_levels_close_up(js):
    assert numbers(js, [1, 3, 3, 1, 4]) == ["一、", "（一）", "（二）", "二、", "（一）"]
    result = js("renumber", [1, 3, 4])
    assert [r["level"] for r in result] == [1, 2, 3]


def test_draft_starting_below_the_first_level(js):
    # only （一）-level sections chosen: they become the document's 一、二、
    assert numbers(js, [2, 3, 2, 3]) == ["一、", "（一）", "二、", "（一）"]
    assert numbers(js, [4]) == ["一、"]


def test_large_numbers(js):
    got = numbers(js, [1] * 23)
    assert got[9:12] == ["十、", "十一、", "十二、"] and got[19:21] == ["二十、", "二十一、"]
    assert [js("chineseNumber", n) for n in (100, 101, 110, 115, 200, 999)] == [
        "一百", "一百零一", "一百一十", "一百一十五", "二百", "九百九十九"]
    assert numbers(js, [1] + [2] * 11)[-1] == "（十一）"
    assert numbers(js, [1, 2] + [3] * 12)[-1] == "12."
    assert numbers(js, [1, 2, 3] + [4] * 10)[-1] == "（10）"


@pytest.mark.parametrize("source, rest", [
    ("一、加强师德建设", "加强师德建设"),
    ("十二、其他", "其他"),
    ("（二）开展主题活动", "开展主题活动"),
    ("(三) 关心职工", "关心职工"),
    ("1. 公开制度", "公开制度"),
    ("1、学习《教师法》", "学习《教师法》"),
    ("2．开展竞赛", "开展竞赛"),
    ("（1）公示栏", "公示栏"),
    ("(12)网络平台", "网络平台"),
    ("①师徒结对", "师徒结对"),
    ("第一部分 工作回顾", "工作回顾"),
    ("第二，加强学习", "加强学习"),
    ("一． 组织建设", "组织建设"),
    ("二：工作目标", "工作目标"),
])
def test_source_numbering_is_replaced(js, source, rest):
    assert js("stripNumber", source) == rest


@pytest.mark.parametrize("text", [
    "2016年工作回顾", "十分重视职工健康", "一是加强学习", "3.5倍的增长", "第一次工代会", "【年份】年主要工作和成效",
    "工会工作", "二〇二七年工作要点",
])
def test_text_that_is_not_numbering_stays(js, text):
    assert js("stripNumber", text) == text


def test_number_alone_is_kept(js):
    assert js("stripNumber", "一、") == "一、"


def test_values_are_escaped_for_word(js):
    assert js("xmlValue", "<script>&]]>") == "&lt;script&gt;&amp;]]&gt;"
    assert js("xmlValue", "甲\n乙") == '甲</w:t><w:br/><w:t xml:space="preserve">乙'
    assert js("xmlValue", "a\u0001b\u000bc") == "abc"
