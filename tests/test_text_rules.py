"""The shared text rules (gonghui_core/data/text_rules.json) against their golden cases.

web/test/golden.test.js runs the same cases against the browser's side.
"""

from __future__ import annotations

import json
import re

import pytest

from gonghui_core import rules

GOLDEN = json.loads(rules.GOLDEN_FILE.read_text(encoding="utf-8"))
FUNCTIONS = {
    "chinese_numeral": rules.chinese_numeral,
    "number_for": lambda args: rules.number_for(*args),
    "level_of": rules.level_of,
    "strip_number": rules.strip_number,
    "renumber": lambda levels: [list(pair) for pair in rules.renumber(levels)],
    "drop_invisible": rules.drop_invisible,
    "placeholders": rules.placeholders,
    "unfilled": rules.unfilled,
    "page_kind": rules.page_kind,
}
CASES = [(name, case[0], case[1]) for name, cases in GOLDEN.items() if not name.startswith("$")
         for case in cases]


def test_every_golden_section_has_a_function():
    assert set(FUNCTIONS) == {name for name in GOLDEN if not name.startswith("$")}


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[f"{n}-{i}" for i, (n, *_r) in enumerate(CASES)])
def test_golden_case(name, given, expected):
    assert FUNCTIONS[name](given) == expected


def _patterns(value, where=""):
    """Every pattern string of the rules file: (where, pattern)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("$"):
                yield from _patterns(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _patterns(item, f"{where}[{i}]")
    elif isinstance(value, str) and re.search(r"pattern|number|other|year|unfilled|class", where):
        yield where, value


NOT_PORTABLE = re.compile(r"\\[dDwWsSbBAZ]|\(\?P|\(\?[aiLmsux]|\\z")


@pytest.mark.parametrize(("where", "pattern"), list(_patterns(rules.rules())))
def test_patterns_are_portable(where, pattern):
    """Each pattern compiles and uses only what Python re and JavaScript RegExp read alike."""
    re.compile(pattern if not where.endswith("class") else f"[{pattern}]")
    assert not NOT_PORTABLE.search(pattern), f"{where}: {pattern!r} uses a construct Python and JavaScript read differently"


def test_numerals_out_of_range_are_refused():
    for bad in (0, rules.MAX_NUMERAL + 1, True, "3"):
        with pytest.raises(ValueError):
            rules.chinese_numeral(bad)


def test_numeral_value_is_the_inverse_of_chinese_numeral():
    assert all(rules.numeral_value(rules.chinese_numeral(n)) == n for n in range(1, rules.MAX_NUMERAL + 1))
    assert rules.numeral_value("一十") == 10
    for bad in ("", "零", "百", "十十", "二〇", "一千", "2"):
        assert rules.numeral_value(bad) is None


@pytest.mark.parametrize(("number", "value"), [
    ("三、", 3), ("十二，", 12), ("（一百零五）", 105), ("（ 三 ）", 3), ("4.", 4), ("27、", 27), ("(5)", 5), ("6）", 6),
    ("①", 1), ("⑳", 20), ("第", None), ("零、", None),
])
def test_number_value(number, value):
    assert rules.number_value(number) == value


def test_numeral_class_is_the_one_of_the_level_patterns():
    for spec in rules.LEVELS[:2]:
        assert f"[{rules.NUMERAL_CLASS}]" in spec["number"]
