"""section_skeleton: numbering, unit-specific sections, placeholders, errors."""

from __future__ import annotations

import re

import pytest

from conftest import assert_build_fails_with
from gonghui_core import rules
from gonghui_core.schema import load_vocab
from macros import skeleton
from macros.skeleton import SECTIONS_FILE, load_sections, section_skeleton

HEADING_RE = re.compile(r"^(#{1,6}) (.+)$", re.M)
PLACEHOLDER_RE = re.compile(r"【[^】]+】")
NUMERALS = "一二三四五六七八九十"
VOCAB = load_vocab()
ALL = [(k, u) for k in VOCAB.kinds for u in VOCAB.units]


def heading_list(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every Markdown heading."""
    return [(len(m[1]), m[2]) for m in HEADING_RE.finditer(markdown)]


def expected_prefix(depth: int, i: int) -> str:
    """The official number of the i-th heading at a depth, written out independently."""
    cn = NUMERALS[i - 1]
    return [f"{cn}、", f"（{cn}）", f"{i}.", f"（{i}）"][depth]


@pytest.mark.parametrize("kind,unit", ALL)
def test_headings_are_numbered_by_level(kind, unit):
    counters: list[int] = []
    heads = heading_list(section_skeleton(kind, unit))
    assert heads, "no headings"
    for level, text in heads:
        depth = level - 2
        assert 0 <= depth <= len(counters), f"level jumps to {level}: {text}"
        counters = counters[:depth + 1]
        if len(counters) == depth:
            counters.append(0)
        counters[depth] += 1
        assert text.startswith(expected_prefix(depth, counters[depth])), text


@pytest.mark.parametrize("kind,unit", ALL)
def test_every_section_says_what_to_write(kind, unit):
    text = section_skeleton(kind, unit)
    blocks = re.split(r"^#{2,6} .+$", text, flags=re.M)[1:]
    assert all("**写什么：**" in b for b in blocks)
    assert "【" in text


def test_every_placeholder_is_explained():
    documented = set(load_sections()["placeholders"])
    used = {p for k, u in ALL for p in PLACEHOLDER_RE.findall(section_skeleton(k, u))}
    assert used <= documented, used - documented


def test_placeholders_are_the_shared_rules_placeholders():
    """Each documented placeholder is one for gonghui_core.rules, and every profile name (我的草稿) is documented."""
    documented = set(load_sections()["placeholders"])
    assert all(rules.PLACEHOLDER_RE.fullmatch(p) for p in documented), documented
    assert {f"【{name}】" for name in rules.PROFILE_NAMES} <= documented


def titles(kind: str, unit: str) -> str:
    """All heading texts of a skeleton, joined."""
    return " ".join(t for _, t in heading_list(section_skeleton(kind, unit)))


UNIT_SECTIONS = {
    "school": ["师德师风", "教代会"],
    "kindergarten": ["保教", "卫生保健"],
    "railway": ["安全生产", "安康杯", "劳动竞赛"],
    "county-federation": ["组建", "会员", "经费收缴", "困难职工帮扶"],
    "education-union": ["指导基层学校工会", "教代会规范化", "师德师风", "特岗教师"],
    "college": ["教代会暨工会会员代表大会", "分工会", "校庆"],
    "hospital": ["院务公开", "医务职工", "技术比武", "储金会"],
    "town": ["农民工入会", "关心下一代", "法律法规", "劳动争议调解"],
}
UNIT_KINDS = {"school": "semester-plan", "kindergarten": "semester-plan"}


@pytest.mark.parametrize("unit,words", UNIT_SECTIONS.items())
@pytest.mark.parametrize("kind", ["year-end-summary", "plan"])
def test_unit_specific_sections(unit, words, kind):
    kind = UNIT_KINDS.get(unit, "annual-plan") if kind == "plan" else kind
    text = titles(kind, unit)
    missing = [w for w in words if w not in text]
    assert not missing, (kind, unit, missing)


def test_sections_of_one_unit_do_not_leak_into_others():
    enterprise = titles("year-end-summary", "enterprise")
    for word in ("师德", "教代会", "保教", "安康杯", "经费收缴"):
        assert word not in enterprise, word
    assert "保教" not in titles("year-end-summary", "school")
    assert "师德" not in titles("year-end-summary", "railway")


# Words that belong to one unit's sections only, in every kind.
EXCLUSIVE = {
    "education-union": ["指导基层学校工会", "特岗教师"],
    "college": ["教代会暨工会会员代表大会", "分工会", "校庆"],
    "hospital": ["院务公开", "医务职工", "储金会"],
    "town": ["农民工入会", "关心下一代"],
}


@pytest.mark.parametrize("unit,words", EXCLUSIVE.items())
def test_new_unit_sections_stay_in_their_unit(unit, words):
    for kind in VOCAB.kinds:
        for other in VOCAB.units:
            if other != unit:
                leaked = [w for w in words if w in titles(kind, other)]
                assert not leaked, (kind, other, leaked)


def test_specialised_units_drop_the_generic_section_they_replace():
    assert "厂务公开" not in titles("year-end-summary", "hospital")
    assert "厂务公开" not in titles("annual-plan", "hospital")
    assert "青蓝工程" not in titles("year-end-summary", "education-union")
    assert "青蓝工程" in titles("year-end-summary", "school")
    college = titles("year-end-summary", "college")
    assert "开好教职工代表大会" not in college and "开好教职工代表大会" in titles("year-end-summary", "school")


def test_summary_ends_with_problems_and_next_steps():
    heads = [t for lvl, t in heading_list(section_skeleton("year-end-summary", "government")) if lvl == 2]
    assert "问题" in heads[-2] and "打算" in heads[-1]


def test_school_plan_uses_all_four_levels():
    levels = {lvl for lvl, _ in heading_list(section_skeleton("semester-plan", "school"))}
    assert levels == {2, 3, 4, 5}


def test_level_shifts_headings():
    heads = heading_list(section_skeleton("personal-summary", "school", level=4))
    assert {lvl for lvl, _ in heads} == {4}


@pytest.mark.parametrize("depth,i,expected", [
    (0, 1, "一、"), (0, 11, "十一、"), (0, 105, "一百零五、"), (1, 20, "（二十）"), (1, 999, "（九百九十九）"),
    (2, 1, "1."), (2, 120, "120."), (3, 2, "（2）"),
])
def test_number(depth, i, expected):
    """Numbers of the official levels, numerals up to 999; the third level is "1." with no space."""
    assert skeleton.number(depth, i) == expected


def test_fifth_level_is_refused():
    with pytest.raises(ValueError, match="超过 4 级"):
        skeleton.number(4, 1)


BAD_CALLS = [
    ('section_skeleton("monthly-report", "school")', "kind='monthly-report'", "year-end-summary, half-year-summary"),
    ('section_skeleton("annual-plan", "factory")', "unit='factory'", "school, kindergarten"),
    ('section_skeleton("annual-plan", "school", level=7)', "level=7", "1 至 6"),
    ('section_skeleton("semester-plan", "school", level=4)', "level=4", "更小的 level"),
]


@pytest.mark.parametrize("call,what,allowed", BAD_CALLS)
def test_bad_argument_message(call, what, allowed):
    with pytest.raises(ValueError) as exc:
        eval(call, {"section_skeleton": section_skeleton})
    assert what in str(exc.value) and allowed in str(exc.value)


@pytest.mark.parametrize("call,what,allowed", BAD_CALLS[:2])
def test_bad_argument_fails_the_build(tmp_path, call, what, allowed):
    assert_build_fails_with(tmp_path, "{{ %s }}" % call, what, allowed)


# -----------------------------------------------------------------------------
# Phrases are quotations of the examples they cite
# -----------------------------------------------------------------------------

PHRASE_LINE_RE = re.compile(r"^\s+- (?P<text>[^{].*?)\s+#\s*(?P<cite>.+)$")
SEED_ID_RE = re.compile(r"\d{3}#\d+")
PUNCT_RE = re.compile(r"[\s，。、；：“”‘’《》（）()！？,.;:\"'—…·|]")


def normalise(text: str) -> str:
    """Text without whitespace, punctuation and table bars, for quotation matching."""
    return PUNCT_RE.sub("", text)


def examples_by_seed_id() -> dict[str, str]:
    """Normalised body of each example, keyed by its seed id (<first three digits>#<n>)."""
    from conftest import DOCS
    from gonghui_core.schema import iter_pages
    out = {}
    for page in iter_pages(DOCS, "examples"):
        sources = page.meta["source"] if isinstance(page.meta["source"], list) else [page.meta["source"]]
        for source in sources:
            seed, n = source.split("#")
            out[f"{seed[:3]}#{n}"] = normalise(page.body)
    return out


def cited_phrases() -> list[tuple[int, str, list[str]]]:
    """(line, phrase, seed ids) of every phrase in sections.yml, read from the file's lines."""
    out, in_phrases = [], False
    for number, line in enumerate(SECTIONS_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == "phrases:":
            in_phrases = True
            continue
        if in_phrases and line.lstrip().startswith("- ") and not line.lstrip().startswith(("- title:", "- {")):
            m = PHRASE_LINE_RE.match(line)
            assert m, f"sections.yml:{number}: phrase without a # citation: {line.strip()}"
            out.append((number, m["text"], SEED_ID_RE.findall(m["cite"])))
        else:
            in_phrases = False
    return out


def all_phrases(data) -> list[str]:
    """Every phrase in the parsed sections data, wherever it sits."""
    if isinstance(data, dict):
        return list(data.get("phrases", [])) + [p for k, v in data.items() if k != "phrases" for p in all_phrases(v)]
    if isinstance(data, list):
        return [p for item in data for p in all_phrases(item)]
    return []


def test_every_phrase_is_cited_and_found_in_a_cited_example():
    phrases = cited_phrases()
    assert sorted(p for _, p, _ in phrases) == sorted(all_phrases(load_sections()))
    examples = examples_by_seed_id()
    missing = [(n, text, ids) for n, text, ids in phrases
               if not ids or not any(normalise(text) in examples.get(i, "") for i in ids)]
    assert not missing, "\n".join(f"sections.yml:{n}: {t} ({', '.join(i) or 'no seed id'})" for n, t, i in missing)


# -----------------------------------------------------------------------------
# Personal summary: a union cadre's 述职, one level, duties by unit type
# -----------------------------------------------------------------------------

PERSONAL_DUTIES = {
    "school": ["教代会", "师德"], "kindergarten": ["教代会", "师德"], "college": ["教代会", "师德"],
    "education-union": ["指导学校教代会", "师德"], "hospital": ["院务公开", "医务职工"],
    "railway": ["职代会", "安康杯"], "enterprise": ["职代会", "劳动竞赛"],
    "county-federation": ["职代会", "建会入会"], "town": ["职代会", "建会入会"],
    "government": ["职代会", "创建活动"],
}

# Words of a duty that only these unit types' personal summaries have.
TEACHING = {"school", "kindergarten", "college", "education-union"}
PERSONAL_ONLY = {
    "师德": TEACHING, "教代会": TEACHING, "指导学校教代会": {"education-union"},
    "院务公开": {"hospital"}, "医务职工": {"hospital"}, "安康杯": {"railway", "enterprise"},
    "建会入会": {"county-federation", "town"}, "创建活动": {"government"},
    "职代会": set(PERSONAL_DUTIES) - TEACHING,
}


@pytest.mark.parametrize("unit,words", PERSONAL_DUTIES.items())
def test_personal_summary_is_a_one_level_duty_report(unit, words):
    heads = heading_list(section_skeleton("personal-summary", unit))
    assert {lvl for lvl, _ in heads} == {2}
    text = " ".join(t for _, t in heads)
    assert all(w in text for w in words), (unit, words)
    assert "学习" in heads[0][1] and "廉洁" in heads[-2][1] and "不足" in heads[-1][1]
    leaked = [w for w, units in PERSONAL_ONLY.items() if unit not in units and w in text]
    assert not leaked, (unit, leaked)
    assert "【职务】" in section_skeleton("personal-summary", unit)
