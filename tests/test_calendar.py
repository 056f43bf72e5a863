"""activity_calendar: real dates, official holidays, periods, activities, errors.

Expected dates are independently known values (published calendars and the
State Council's holiday notice for 2026), not output of the code under test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import chinese_calendar
import pytest

from conftest import ROOT, SCENARIO_CONFIG, assert_build_fails_with, build_site, scenario
from macros import calendar as calendar_module
from macros.calendar import activity_calendar, arrangement, default_year, is_covered, load_holidays, observance_date

ROW_RE = re.compile(r"^\| (?P<month>[^|]+) \| (?P<obs>[^|]+) \| (?P<hol>[^|]+) \| (?P<act>[^|]+) \|$", re.M)
TAG_RE = re.compile(r"<[^>]+>")
NOTICE = "以国务院办公厅通知为准"


def rows(markdown: str) -> dict[str, dict[str, str]]:
    """Table rows of a calendar keyed by the month cell, HTML tags removed."""
    out = {}
    for m in ROW_RE.finditer(markdown):
        if m["month"] in ("月份", "---"):
            continue
        out[m["month"]] = {k: TAG_RE.sub(" ", m[k]) for k in ("obs", "hol", "act")}
    return out


# -----------------------------------------------------------------------------
# Dates
# -----------------------------------------------------------------------------

KNOWN_DATES = [
    (2026, "春节", 2, 17), (2026, "端午节", 6, 19), (2026, "中秋节", 9, 25), (2026, "重阳节", 10, 18),
    (2027, "春节", 2, 6), (2027, "端午节", 6, 9), (2027, "中秋节", 9, 15),
    (2028, "春节", 1, 26), (2028, "中秋节", 10, 3),
    (2026, "除夕", 2, 16), (2026, "元宵节", 3, 3), (2026, "清明节", 4, 5),
]


@pytest.mark.parametrize("year,name,month,day", KNOWN_DATES)
def test_festival_dates_are_the_real_ones(year, name, month, day):
    assert observance_date(year, name) == dt.date(year, month, day)
    row = rows(activity_calendar(year, "railway", "year"))[f"{month}月"]
    assert f"{name}（{month}月{day}日）" in row["obs"]


def test_fixed_observances_sit_in_their_month():
    table = rows(activity_calendar(2026, "enterprise"))
    assert "三八妇女节（3月8日）" in table["3月"]["obs"]
    assert "教师节（9月10日）" in table["9月"]["obs"]
    assert "国家宪法日（12月4日）" in table["12月"]["obs"]
    assert "安全生产月" in table["6月"]["obs"]
    assert "国家宪法日" not in rows(activity_calendar(2010, "enterprise"))["12月"]["obs"]  # since 2014


def test_spring_festival_in_january_appears_in_the_autumn_semester():
    table = rows(activity_calendar(2027, "school", "autumn"))
    assert "春节（1月26日）" in table["2028年1月"]["obs"]
    assert "除夕（1月25日）" in table["2028年1月"]["obs"]


# -----------------------------------------------------------------------------
# Official holidays
# -----------------------------------------------------------------------------

# 2026 make-up workdays per the State Council notice (国办发明电〔2025〕7号).
WORKDAYS_2026 = {"1月": ["1月4日（周日）"], "2月": ["2月14日（周六）", "2月28日（周六）"],
                 "5月": ["5月9日（周六）"], "9月": ["9月20日（周日）"], "10月": ["10月10日（周六）"]}


def test_covered_year_shows_its_workdays_and_holidays():
    text = activity_calendar(2026, "enterprise", "year")
    table = rows(text)
    assert NOTICE not in text
    for month, days in WORKDAYS_2026.items():
        for day in days:
            assert day in table[month]["hol"], (month, day)
    shown = {m for m, r in table.items() if "调休上班" in r["hol"]}
    assert shown == set(WORKDAYS_2026)
    assert "2月15日—23日 放假，共9天" in table["2月"]["hol"]
    assert "10月1日—7日 放假，共7天" in table["10月"]["hol"]


def test_uncovered_year_shows_the_notice_and_statutory_days():
    text = activity_calendar(2030, "school", "spring")
    table = rows(text)
    assert NOTICE in text
    assert "调休上班" not in text
    assert "2月2日—5日" in table["2月"]["hol"]  # 除夕 2030-02-02 to 正月初三


def test_uncovered_past_year_shows_only_the_notice():
    text = activity_calendar(2003, "enterprise")
    assert NOTICE in text
    assert all(r["hol"].strip() == "—" for r in rows(text).values())


# -----------------------------------------------------------------------------
# Periods and activities
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("unit,period,months", [
    ("school", "spring", ["2月", "3月", "4月", "5月", "6月", "7月", "8月"]),
    ("kindergarten", "autumn", ["9月", "10月", "11月", "12月", "2027年1月"]),
    ("school", "year", [f"{m}月" for m in range(1, 13)]),
    ("railway", None, [f"{m}月" for m in range(1, 13)]),
    ("school", None, ["2月", "3月", "4月", "5月", "6月", "7月", "8月"]),
])
def test_period_months(unit, period, months):
    assert list(rows(activity_calendar(2026, unit, period))) == months


def test_activities_come_from_the_unit_type():
    school = rows(activity_calendar(2026, "school", "autumn"))
    railway = rows(activity_calendar(2026, "railway"))
    assert "教师节" in school["9月"]["act"]
    assert "重阳节慰问离退休教职工" in school["10月"]["act"]
    assert "安康杯" in railway["6月"]["act"]
    assert "教职工" not in "".join(r["act"] for r in railway.values())


def test_festival_activity_follows_the_festival():
    spring = rows(activity_calendar(2026, "school", "spring"))  # 元宵 2026-03-03
    assert "元宵节联欢" in spring["3月"]["act"] and "元宵节联欢" not in spring["2月"]["act"]
    spring = rows(activity_calendar(2027, "school", "spring"))  # 元宵 2027-02-20
    assert "元宵节联欢" in spring["2月"]["act"]


def test_every_unit_has_activities_in_every_month():
    from gonghui_core.schema import load_vocab
    for unit in load_vocab().units:
        assert all(r["act"].strip() != "—" for r in rows(activity_calendar(2026, unit, "year")).values()), unit


def test_default_year_is_the_year_after_the_build_date():
    assert default_year(dt.date(2026, 11, 21)) == 2027
    assert default_year(dt.date(2030, 1, 1)) == 2031


# -----------------------------------------------------------------------------
# Errors: from the function and from a failing build
# -----------------------------------------------------------------------------

BAD_CALLS = [
    ('activity_calendar(2026, "factory")', "unit='factory'", "school, kindergarten"),
    ('activity_calendar(2026, "school", "winter")', "period='winter'", "spring, autumn, year"),
    ('activity_calendar(2026, "railway", "spring")', "period='spring'", "可用：year"),
    ('activity_calendar(1999, "school")', "year=1999", "2000 至 2099"),
    ('activity_calendar(2100, "school")', "year=2100", "2000 至 2099"),
]


@pytest.mark.parametrize("call,what,allowed", BAD_CALLS)
def test_bad_argument_message(call, what, allowed):
    with pytest.raises(ValueError) as exc:
        eval(call, {"activity_calendar": activity_calendar})
    assert what in str(exc.value) and allowed in str(exc.value)


@pytest.mark.parametrize("call,what,allowed", BAD_CALLS)
def test_bad_argument_fails_the_build(tmp_path, call, what, allowed):
    assert_build_fails_with(tmp_path, "{{ %s }}" % call, what, allowed)


def test_good_call_builds(tmp_path):
    site = build_site(tmp_path / "site", scenario(tmp_path, '{{ activity_calendar(2026, "school", "spring") }}'))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<table>" in html and "春节（2月17日）" in html


# -----------------------------------------------------------------------------
# Holidays from macros/data/holidays.yml
# -----------------------------------------------------------------------------

def flat(cell: str) -> str:
    """A table cell without the spaces left by removed tags."""
    return cell.replace(" ", "")


HOLIDAY_FIXTURES = ROOT / "tests" / "fixtures" / "holidays"
TEST_YEAR = HOLIDAY_FIXTURES / "test-year.yml"
INVALID = HOLIDAY_FIXTURES / "invalid.yml"


@pytest.fixture
def holidays_file(monkeypatch):
    """Point the calendar at another holidays file for one test."""
    def use(path: Path) -> None:
        monkeypatch.setattr(calendar_module, "HOLIDAYS_FILE", Path(path))
    return use


def test_the_real_holidays_file_is_valid_and_each_year_cites_its_notice():
    data = load_holidays()  # raises on any problem
    for year in range(2027, 2031):
        text = activity_calendar(year, "enterprise")
        if year in data:  # entered from a published notice: the calendar names it
            assert f"依据《{data[year].source['title']}》" in text and NOTICE not in text
        else:             # no notice entered (2027 when this was written): nothing is made up
            assert NOTICE in text and "调休上班" not in text


def test_real_holidays_file_agrees_with_chinesecalendar_where_both_have_the_year():
    for year, arr in load_holidays().items():
        if not is_covered(year):
            continue
        days = {d for _, run in arr.runs for d in run if d.year == year}
        expected = {d for d in chinese_calendar.constants.holidays if d.year == year}
        assert days == expected, year
        assert set(arr.workdays) == {d for d in chinese_calendar.constants.workdays if d.year == year}, year


def test_a_test_year_file_changes_the_calendar(holidays_file):
    before = activity_calendar(2031, "enterprise")
    assert NOTICE in before and "调休上班" not in before
    holidays_file(TEST_YEAR)
    text = activity_calendar(2031, "enterprise")
    assert text != before and NOTICE not in text
    assert "2031年的放假和调休依据《国务院办公厅关于2031年部分节假日安排的通知（测试数据，非真实通知）》" \
           "（2030年11月5日发布，测试〔2030〕1号）" in text
    table = rows(text)
    assert "春节：1月22日—29日放假，共8天" in flat(table["1月"]["hol"])
    assert "调休上班：1月18日（周六）" in flat(table["1月"]["hol"])
    assert "调休上班：2月8日（周六）" in flat(table["2月"]["hol"])
    assert "调休上班：4月27日（周日）" in flat(table["4月"]["hol"])
    assert "中秋节、国庆节：10月1日—7日放假，共7天" in flat(table["10月"]["hol"])
    assert "9月28日（周日）" in flat(table["9月"]["hol"]) and "10月11日（周六）" in flat(table["10月"]["hol"])
    assert table["8月"]["hol"].strip() == "—"


def test_test_year_reaches_the_january_of_an_autumn_semester(holidays_file):
    holidays_file(TEST_YEAR)
    text = activity_calendar(2030, "school", "autumn")
    table = rows(text)
    assert "春节：1月22日—29日放假" in flat(table["2031年1月"]["hol"])
    assert "2030年的放假和调休安排尚未收录" in text  # 2030 itself still has no data
    assert "2031年的放假和调休依据" in text


def test_the_file_is_preferred_over_chinesecalendar(tmp_path, holidays_file):
    """A covered year (2026) written into the file with one change: the file wins."""
    runs, names = [], {"元旦": "元旦", "春节": "春节", "清明节": "清明节", "劳动节": "劳动节",
                       "端午节": "端午节", "中秋节": "中秋节", "国庆节": "国庆节"}
    arr = arrangement(2026)
    for label, days in arr.runs:
        runs.append(f"      - {{name: {names[label]}, start: {days[0]}, end: {days[-1]}}}")
    workdays = [d for d in arr.workdays if d != dt.date(2026, 10, 10)]  # drop one 调休 day
    runs[-1] = runs[-1][:-1] + f", workdays: [{', '.join(map(str, workdays))}]}}"
    path = tmp_path / "holidays.yml"
    path.write_text("years:\n  2026:\n    source:\n      title: 关于2026年部分节假日安排的测试通知\n"
                    "      date: 2025-11-04\n    holidays:\n" + "\n".join(runs) + "\n", encoding="utf-8")
    assert "10月10日（周六）" in flat(rows(activity_calendar(2026, "railway"))["10月"]["hol"])
    holidays_file(path)
    text = activity_calendar(2026, "railway")
    assert "10月10日" not in flat(rows(text)["10月"]["hol"])
    assert "关于2026年部分节假日安排的测试通知" in text
    assert "2月15日—23日放假，共9天" in flat(rows(text)["2月"]["hol"])


INVALID_MESSAGES = [
    "invalid.yml: 放假安排有",
    "通知标题“国务院办公厅关于2030年部分节假日安排的通知”中没有“2031年”",
    "放假日 2030-12-20 不在 2031 年内（元旦假期最早从上一年 12 月 29 日开始）",
    "“春节”：只放假 3 天，少于《全国年节及纪念日放假办法》规定的 4 天",
    "调休上班日 2031-01-20 是星期一；调休上班日应是周六或周日",
    "放假日期 2031-04-06—2031-04-07 不包括清明节当天（2031-04-05）",
    "放假日 2031-05-04 与第4项“劳动节”重叠",
    "植树节不是法定节日",
    "缺少端午节的放假安排",
    "劳动节列了 2 次",
    "调休上班日 2031-05-03 同时是第4项“劳动节”的放假日",
]


@pytest.mark.parametrize("needle", INVALID_MESSAGES)
def test_invalid_file_is_rejected_with_a_message_naming_file_and_problem(needle):
    with pytest.raises(ValueError) as exc:
        load_holidays(INVALID)
    assert needle in str(exc.value)


@pytest.mark.parametrize("body,needle", [
    ("- 2031", "放假安排文件应以 years: 开头"),
    ("years:\n  31: {}", "年份 31 不可用"),
    ("years:\n  2031: {source: {title: 2031年通知, date: 2030-11-05}}", "holidays 应按节日逐项列出"),
    ("years:\n  2031: {holidays: [{name: 元旦, start: 2031-01-01}]}", "source 应写明通知标题"),
    ("years: [", "放假安排文件无法读取"),
])
def test_malformed_files(tmp_path, body, needle):
    path = tmp_path / "holidays.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        load_holidays(path)
    assert needle in str(exc.value) and str(path) in str(exc.value)


def holiday_scenario(root: Path, holidays: Path, body: str) -> Path:
    """A one-page site whose macros read another holidays file; returns its mkdocs.yml."""
    config = scenario(root, body)
    (root / "holiday_macros.py").write_text(
        "from pathlib import Path\nimport macros\nfrom macros import calendar\n"
        f"calendar.HOLIDAYS_FILE = Path({str(holidays)!r})\n"
        "def define_env(env):\n    macros.define_env(env)\n", encoding="utf-8")
    config.write_text(SCENARIO_CONFIG.replace("module_name: macros", "module_name: holiday_macros"),
                      encoding="utf-8")
    return config


def test_build_with_a_test_year_file_shows_its_arrangement(tmp_path):
    config = holiday_scenario(tmp_path, TEST_YEAR, '{{ activity_calendar(2031, "enterprise") }}')
    page = (build_site(tmp_path / "site", config) / "index.html").read_text(encoding="utf-8")
    assert "中秋节、国庆节：" in page and "测试〔2030〕1号" in page and NOTICE not in page


def test_build_fails_on_an_invalid_holidays_file_even_without_a_calendar(tmp_path):
    config = holiday_scenario(tmp_path, INVALID, "没有日历的页面。")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(tmp_path / "site")], cwd=tmp_path, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "invalid.yml" in out and "调休上班日 2031-01-20 是星期一" in out


def test_a_one_off_holiday_is_allowed_only_when_marked_special(tmp_path, holidays_file):
    path = tmp_path / "holidays.yml"
    base = TEST_YEAR.read_text(encoding="utf-8")
    path.write_text(base + "      - {name: 测试纪念日, start: 2031-09-03}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="测试纪念日不是法定节日"):
        load_holidays(path)
    path.write_text(base + "      - {name: 测试纪念日, start: 2031-09-03, special: true}\n", encoding="utf-8")
    holidays_file(path)
    assert "测试纪念日：9月3日放假，共1天" in flat(rows(activity_calendar(2031, "government"))["9月"]["hol"])
