"""Style rules ZH-1 ... loaded from ``tools/data/style_rules.yml``.

The checker cites rule ids in its messages; the contributor page
``docs/contributing/style.md`` is generated from the same file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from gonghui_core.schema import Problem

MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]{}|])")
FOLD_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "style_rules.yml"
STYLE_DOC = Path(__file__).resolve().parents[2] / "docs" / "contributing" / "style.md"

DOC_HEADER = """\
---
title: 写作规范
---

<!-- 本页由 tools/data/style_rules.yml 生成，请勿手工修改：
     修改规则后运行 python -m tools.check --write-style-doc -->

# 写作规范

范文和模板都按下面的规则检查。运行 `python -m tools.check`（或 `make check`）时，
每个问题都会写明文件、行号和对应的规则编号，例如：

```text
docs/examples/school/2016-xiaoxue.md:12: 中文之间用了半角标点“,”（改为全角标点，可用 python -m tools.check --fix 自动修正，见 ZH-9）
```

注明“可自动修正”的规则，可以运行 `python -m tools.check --fix` 自动修正，修正后请再检查一遍。
"""


@cache
def load_rules(path: Path = RULES_FILE) -> dict[str, dict]:
    """Rules by id, in file order."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["rules"]}


def problem(path, line: int, rule_id: str, message: str, fix: str | None = None) -> Problem:
    """A Problem whose fix text ends by citing the rule id."""
    rule = load_rules()[rule_id]
    return Problem(str(path), line, message, f"{fix or rule['fix']}，见 {rule_id}")


def show_path(path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_markdown() -> str:
    """The contributor page listing every rule, generated from the YAML."""
    parts = [DOC_HEADER]
    for rule in load_rules().values():
        if rule.get("retired"):
            continue
        auto = "\n**可自动修正**：`python -m tools.check --fix`\n" if rule.get("auto") else ""
        parts.append(f"\n## {rule['id']} {_join(rule['title'])}\n\n{_join(rule['rule'])}\n{auto}")
        parts.append(f"\n**为什么**：{_join(rule['why'])}\n\n**怎么改**：{_join(rule['fix'])}。\n")
        for key, label in (("good", "正确"), ("bad", "错误")):
            if rule.get(key):
                parts.append(f"\n{label}：\n\n```text\n{rule[key].rstrip()}\n```\n")
    return "".join(parts)


def _join(text: str) -> str:
    """Drop the spaces YAML folding puts between Chinese lines; markup characters shown as text.

    Rule texts are maintainer-owned but quote hostile input (``<script>``,
    ``{{ }}``): ``<``, ``>``, ``&`` become character references and Markdown's
    link and emphasis characters are backslash-escaped, so the page shows them
    literally instead of making a live tag out of them.
    """
    return _as_text(FOLD_SPACE_RE.sub("", text.strip()))


def _as_text(text: str) -> str:
    """Text shown literally in Markdown: HTML characters as references, Markdown syntax escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL_RE.sub(r"\\\1", text)
