"""Monthly activity calendar for union work plans.

``activity_calendar(year, unit, period)`` returns a Markdown table with, for
each month of the plan period, the observances with their real dates in that
year (lunar festivals converted by lunar_python, never hard-coded), the
official 放假/调休 arrangement where it is known (``data/holidays.yml``, kept
by the maintainers from the State Council's yearly notice, then chinesecalendar
for the years it covers), and the
typical union activities of that unit type. Observances live in
``data/observances.yml``, activities in ``data/activities.yml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import chinese_calendar
import yaml
from lunar_python import Lunar

from gonghui_core.vocab import load_vocab

DATA_DIR = Path(__file__).resolve().parent / "data"  # the macros' own data

OBSERVANCES_FILE = DATA_DIR / "observances.yml"
ACTIVITIES_FILE = DATA_DIR / "activities.yml"
HOLIDAYS_FILE = DATA_DIR / "holidays.yml"
FIRST_YEAR, LAST_YEAR = 2000, 2099
WEEKDAYS = "一二三四五六日"
NOTICE = "以国务院办公厅通知为准"
DEFAULT_PERIODS = {"school": "spring", "kindergarten": "spring"}


# -----------------------------------------------------------------------------
# Macro
# -----------------------------------------------------------------------------

def activity_calendar(year, unit, period=None) -> str:
    """Markdown calendar of one plan period: observances, holidays, activities."""
    year, unit, period = check_arguments(year, unit, period)
    months = period_months(year, period)
    rows, uncovered = [], set()
    for y, m in months:
        holidays = holiday_cell(y, m)
        if holidays is None:
            uncovered.add(y)
            holidays = statutory_cell(y, m)
        rows.append([month_label(y, m, year), observance_cell(y, m), holidays,
                     "<br>".join(f"• {a}" for a in activities(unit, y, m)) or "—"])
    return _caption(year, unit, period, months, uncovered) + _table(rows)


def check_arguments(year, unit, period) -> tuple[int, str, str]:
    """Validate the arguments; raise ValueError naming what is allowed."""
    if isinstance(year, bool) or not isinstance(year, (int, str)) or not str(year).isdigit() \
            or not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"activity_calendar: 年份 year={year!r} 不可用；"
                         f"年份必须是 {FIRST_YEAR} 至 {LAST_YEAR} 之间的整数")
    units = load_vocab().units
    if unit not in units:
        raise ValueError(f"activity_calendar: 未知的单位类型 unit={unit!r}；可用：{', '.join(units)}")
    period = period or default_period(unit)
    allowed = allowed_periods(unit)
    if period not in allowed:
        raise ValueError(f"activity_calendar: 计划期 period={period!r} 不可用于单位类型 {unit}；"
                         f"可用：{', '.join(allowed)}（spring、autumn 只用于 "
                         f"{', '.join(load_observances()['semester_units'])}）")
    return int(year), unit, period


def default_period(unit: str) -> str:
    """Schools and kindergartens plan by semester (spring first), others by year."""
    return DEFAULT_PERIODS.get(unit, "year")


def allowed_periods(unit: str) -> list[str]:
    """Periods a unit may plan for."""
    if unit in load_observances()["semester_units"]:
        return list(load_observances()["periods"])
    return ["year"]


def default_year(today: dt.date | None = None) -> int:
    """The year a new plan is for: the year after the build date."""
    return (today or dt.date.today()).year + 1


def period_months(year: int, period: str) -> list[tuple[int, int]]:
    """(year, month) pairs of a plan period."""
    return [(year + dy, m) for dy, m in load_observances()["periods"][period]["months"]]


# -----------------------------------------------------------------------------
# Observances
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load_observances(path: Path = OBSERVANCES_FILE) -> dict:
    """Read the observances file."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def observances(year: int) -> tuple[tuple[dt.date, str, str], ...]:
    """(date, name, label) of every dated observance of a Gregorian year, by date."""
    data, items = load_observances(), []
    for o in data["fixed"]:
        if year >= o.get("since", 0):
            items.append((dt.date(year, o["month"], o["day"]), o["name"], o.get("label", o["name"])))
    for o in data["lunar"]:
        solar = Lunar.fromYmd(year, o["lunar_month"], o["lunar_day"]).getSolar()
        day = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
        items.append((day + dt.timedelta(days=o.get("offset", 0)), o["name"], o["name"]))
    terms = Lunar.fromYmd(year, 1, 1).getJieQiTable()
    for o in data["solar_terms"]:
        solar = terms[o["term"]]
        items.append((dt.date(solar.getYear(), solar.getMonth(), solar.getDay()), o["name"], o["name"]))
    return tuple(sorted((d, n, label) for d, n, label in items if d.year == year))


def observance_date(year: int, name: str) -> dt.date:
    """Date of a named observance in a year."""
    return next(d for d, n, _ in observances(year) if n == name)


def observance_cell(year: int, month: int) -> str:
    """Observances of a month with their dates, e.g. 春节（2月17日）."""
    parts = [nowrap(f"{label}（{d.month}月{d.day}日）") for d, _, label in observances(year)
             if d.month == month]
    parts += [o["name"] for o in load_observances()["months"]
              if o["month"] == month and year >= o.get("since", 0)]
    return "<br>".join(parts) or "—"


# -----------------------------------------------------------------------------
# Holidays: data/holidays.yml first, then chinesecalendar
# -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Arrangement:
    """The official 放假/调休 arrangement of one year.

    ``runs``: (label, consecutive holiday dates) of each holiday period;
    ``workdays``: the weekend days that are 调休 workdays; ``source``: the
    notice (title, number, date) when the data comes from holidays.yml.
    """

    runs: tuple[tuple[str, tuple[dt.date, ...]], ...]
    workdays: tuple[dt.date, ...]
    source: dict | None = None


def load_holidays(path: Path | None = None) -> dict[int, Arrangement]:
    """The arrangements in holidays.yml, validated; ValueError naming the file and every problem."""
    return _load_holidays(Path(path or HOLIDAYS_FILE))


@lru_cache(maxsize=None)
def _load_holidays(path: Path) -> dict[int, Arrangement]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: 放假安排文件无法读取：{exc}") from exc
    problems: list[str] = []
    out = {}
    if not isinstance(data, dict) or not isinstance(data.get("years"), dict):
        raise ValueError(f"{path}: 放假安排文件应以 years: 开头，下面按年份列出各年的安排")
    for year, entry in data["years"].items():
        if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(f"年份 {year!r} 不可用；应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的四位整数")
            continue
        if entry is None:  # a year waiting for its notice
            continue
        found, arrangement = validate_year(year, entry)
        problems += [f"{year}年：{p}" for p in found]
        if not found:
            out[year] = arrangement
    if problems:
        raise ValueError(f"{path}: 放假安排有 {len(problems)} 处错误：\n"
                         + "\n".join(f"  - {p}" for p in problems))
    return out


def validate_year(year: int, entry) -> tuple[list[str], Arrangement | None]:
    """Problems of one year's entry in holidays.yml, and its arrangement when there are none."""
    if not isinstance(entry, dict):
        return ["应写 source（通知）和 holidays（各节日的放假和调休）两项"], None
    problems: list[str] = []
    source = entry.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("title"), str) \
            or not isinstance(source.get("date"), dt.date):
        problems.append("source 应写明通知标题 title 和发布日期 date（如 2026-11-05）")
        source = None
    elif f"{year}年" not in source["title"]:
        problems.append(f"通知标题“{source['title']}”中没有“{year}年”，请核对是否填错了年份")
    rule = load_observances()["statutory"]
    statutory = {h["name"]: h for h in rule["holidays"]}
    listed: list[str] = []
    runs, workdays, taken = [], [], {}
    items = entry.get("holidays")
    if not isinstance(items, list) or not items:
        return problems + ["holidays 应按节日逐项列出放假起止日期 start、end 和调休上班日 workdays"], None
    for i, item in enumerate(items, start=1):
        where = f"holidays 第{i}项"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.append(f"{where}：应写 name（节日名称）、start、end，有调休时写 workdays")
            continue
        name = item["name"]
        where = f"{where}“{name}”"
        special = item.get("special") is True  # a one-off day off, e.g. 2015's 9月3日纪念日
        names = [] if special else name.split("、")
        unknown = [n for n in names if n not in statutory]
        if unknown:
            problems.append(f"{where}：{'、'.join(unknown)}不是法定节日；可用：{'、'.join(statutory)}"
                            "（两节连休写成“中秋节、国庆节”；通知另定的一次性假日加 special: true）")
            continue
        listed += names
        start, end = item.get("start"), item.get("end", item.get("start"))
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
            problems.append(f"{where}：start、end 应为日期（如 {year}-10-01），end 不早于 start")
            continue
        days = tuple(start + dt.timedelta(days=k) for k in range((end - start).days + 1))
        for d in days:
            earliest = dt.date(year - 1, 12, 29) if "元旦" in names else dt.date(year, 1, 1)
            if not earliest <= d <= dt.date(year, 12, 31):
                problems.append(f"{where}：放假日 {d} 不在 {year} 年内"
                                + ("（元旦假期最早从上一年 12 月 29 日开始）" if "元旦" in names else ""))
                break
        for n in names:
            day = observance_date(year, n)
            if day not in days:
                problems.append(f"{where}：放假日期 {start}—{end} 不包括{n}当天（{day}）")
        if year >= rule["since"]:
            need = sum(statutory[n]["days"] for n in names)
            if len(days) < need:
                problems.append(f"{where}：只放假 {len(days)} 天，少于《全国年节及纪念日放假办法》"
                                f"规定的 {need} 天")
        for d in days:
            if d in taken:
                problems.append(f"{where}：放假日 {d} 与{taken[d]}重叠")
            taken.setdefault(d, f"第{i}项“{name}”")
        extra = item.get("workdays") or []
        if not isinstance(extra, list) or not all(isinstance(d, dt.date) for d in extra):
            problems.append(f"{where}：workdays 应为日期列表，如 [{year}-09-26, {year}-10-09]")
            extra = []
        for d in extra:
            if d.year != year:
                problems.append(f"{where}：调休上班日 {d} 不在 {year} 年内")
            if d.weekday() < 5:
                problems.append(f"{where}：调休上班日 {d} 是星期{WEEKDAYS[d.weekday()]}；"
                                "调休上班日应是周六或周日（工作日本来就上班）")
        runs.append((name, days))
        workdays += [(d, name) for d in extra]
    for n in statutory:
        if year >= rule["since"] and listed.count(n) == 0:
            problems.append(f"缺少{n}的放假安排")
    for n in set(listed):
        if listed.count(n) > 1:
            problems.append(f"{n}列了 {listed.count(n)} 次，每个节日只列一次")
    seen: set[dt.date] = set()
    for d, name in workdays:
        if d in taken:
            problems.append(f"“{name}”的调休上班日 {d} 同时是{taken[d]}的放假日")
        if d in seen:
            problems.append(f"调休上班日 {d} 列了不止一次")
        seen.add(d)
    if source and runs and source["date"] >= min(d for _, days in runs for d in days):
        problems.append(f"通知发布日期 {source['date']} 不早于第一个放假日，请核对")
    if problems:
        return problems, None
    return [], Arrangement(tuple(sorted(runs, key=lambda r: r[1][0])),
                           tuple(sorted(d for d, _ in workdays)), source)


def is_covered(year: int) -> bool:
    """Whether chinesecalendar has the official arrangement of a year."""
    try:
        chinese_calendar.is_holiday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def arrangement(year: int) -> Arrangement | None:
    """A year's arrangement: holidays.yml when it has the year, else chinesecalendar, else None."""
    data = load_holidays()
    if year in data:
        return data[year]
    if not is_covered(year):
        return None
    names = load_observances()["holiday_names"]
    runs = []
    for run in holiday_ranges(year):
        labels: list[str] = []
        for d in run:
            label = names.get(chinese_calendar.constants.holidays[d], "节假日")
            if label not in labels:
                labels.append(label)
        runs.append(("、".join(labels), tuple(run)))
    workdays = tuple(sorted(d for d in chinese_calendar.constants.workdays if d.year == year))
    return Arrangement(tuple(runs), workdays)


def holiday_cell(year: int, month: int) -> str | None:
    """放假 ranges and 调休 workdays touching a month; None when the year has no arrangement."""
    own = arrangement(year)
    if own is None:
        return None
    sources = [own]
    if month == 12 and year < LAST_YEAR and (following := arrangement(year + 1)):
        sources.append(following)  # next year's 元旦 may start in December
    runs: dict[tuple[dt.date, ...], str] = {}
    workdays: set[dt.date] = set()
    for arr in sources:
        for label, days in arr.runs:
            if any((d.year, d.month) == (year, month) for d in days):
                runs.setdefault(days, label)
        workdays |= {d for d in arr.workdays if (d.year, d.month) == (year, month)}
    lines = [_range_text(label, days) for days, label in sorted(runs.items())]
    if workdays:
        lines.append("调休上班：" + "、".join(nowrap(f"{_md(d)}（周{WEEKDAYS[d.weekday()]}）")
                                         for d in sorted(workdays)))
    return "<br>".join(lines) or "—"


def holiday_ranges(year: int) -> list[list[dt.date]]:
    """Runs of consecutive official holiday dates in chinesecalendar that touch a year."""
    days = sorted(d for d in chinese_calendar.constants.holidays if year - 1 <= d.year <= year + 1)
    runs: list[list[dt.date]] = []
    for d in days:
        if runs and d - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    return [r for r in runs if any(d.year == year for d in r)]


def statutory_cell(year: int, month: int) -> str:
    """Statutory holidays of a month for a year without an arrangement."""
    rule = load_observances()["statutory"]
    if year < rule["since"]:
        return "—"
    parts = []
    for h in rule["holidays"]:
        start = observance_date(year, h["start"])
        end = start + dt.timedelta(days=h["days"] - 1)
        if start.month == month or end.month == month:
            span = _md(start) if h["days"] == 1 else f"{_md(start)}—{_span_end(start, end)}"
            parts.append(f"{h['name']}：{nowrap(span)}")
    return "<br>".join(parts) or "—"


def _range_text(label: str, run) -> str:
    """One holiday run as 春节：2月15日—23日放假，共9天."""
    start, end = run[0], run[-1]
    span = _md(start) if start == end else f"{_md(start)}—{_span_end(start, end)}"
    return f"{label}：{nowrap(span)}放假，共{len(run)}天"


def nowrap(text: str) -> str:
    """Keep a date together on one line in a narrow table cell."""
    return f'<span style="white-space: nowrap">{text}</span>'


def _md(d: dt.date) -> str:
    """A date as 2月15日."""
    return f"{d.month}月{d.day}日"


def _span_end(start: dt.date, end: dt.date) -> str:
    """End of a date span, without repeating the month when it is the same."""
    if end.year != start.year:
        return f"{end.year}年{_md(end)}"
    return f"{end.day}日" if end.month == start.month else _md(end)


# -----------------------------------------------------------------------------
# Activities
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load_activities(path: Path = ACTIVITIES_FILE) -> dict:
    """Read the activities file."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def activities(unit: str, year: int, month: int) -> list[str]:
    """Suggested union activities of a unit type in a month of a year."""
    data = load_activities()
    entry = data["units"][unit]
    by_month = data["profiles"][entry["profile"]]
    out = []
    for source in (by_month, entry.get("extra", {})):
        for listed_month, items in sorted(source.items()):
            for item in items:
                if isinstance(item, dict):
                    if observance_date(year, item["with"]).month == month:
                        out.append(item["text"])
                elif listed_month == month:
                    out.append(item)
    return out


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def month_label(year: int, month: int, plan_year: int) -> str:
    """Month column: 3月, or 2028年1月 when the period runs into the next year."""
    return f"{month}月" if year == plan_year else f"{year}年{month}月"


def _caption(year, unit, period, months, uncovered) -> str:
    """Title line of the calendar and, where needed, the holiday notice."""
    first, last = months[0], months[-1]
    span = f"{first[1]}月—{'' if last[0] == year else f'{last[0]}年'}{last[1]}月"
    label = load_observances()["periods"][period]["label"]
    unit_label = load_vocab().units[unit]["label"]
    text = f"**{year}年{label}（{span}）活动安排参考 · {unit_label}**\n\n"
    for y in sorted({y for y, _ in months}):
        source = load_holidays().get(y, Arrangement((), ())).source
        if source:
            number = f"，{source['number']}" if source.get("number") else ""
            d = source["date"]
            text += (f"{y}年的放假和调休依据《{source['title']}》"
                     f"（{d.year}年{d.month}月{d.day}日发布{number}）。\n\n")
    if uncovered:
        years = "、".join(f"{y}年" for y in sorted(uncovered))
        text += (f'!!! note "放假安排"\n    {years}的放假和调休安排尚未收录，{NOTICE}；'
                 f"表中列出的是《全国年节及纪念日放假办法》规定的法定假日。\n\n")
    return text


def _table(rows: list[list[str]]) -> str:
    """The Markdown table, in a div that the stylesheet lays out (templates.css)."""
    lines = ['<div class="activity-calendar" markdown>', "",
             "| 月份 | 节日与纪念日 | 放假与调休 | 工会活动建议 |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines + ["", "</div>"]) + "\n"
