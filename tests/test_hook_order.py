"""hooks/order.py states the build's order once: every hook's handlers take their priorities from it."""

from __future__ import annotations

import importlib.util
import re

from conftest import ROOT
from hooks.order import ORDER, priority

HOOK_LINE_RE = re.compile(r"^\s*-\s*(hooks/\w+\.py)", re.M)


def _hooks() -> dict[str, object]:
    """Every hook of mkdocs.yml, loaded as MkDocs loads it (file name -> module)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = text.split("\nhooks:\n", 1)[1].split("\n# ---", 1)[0]
    out = {}
    for rel in HOOK_LINE_RE.findall(section):
        spec = importlib.util.spec_from_file_location(f"_order_test_{rel}", ROOT / rel)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out[rel.split("/")[1][:-3]] = module
    return out


def _handlers(name: str, module) -> dict[tuple[str, str], object]:
    """(event, step) -> handler of one hook: on_* functions, and each function of a CombinedEvent."""
    out = {}
    for attr in dir(module):
        if not attr.startswith("on_"):
            continue
        value = getattr(module, attr)
        methods = getattr(value, "methods", None)
        if methods is not None:
            for method in methods:
                out[(attr, f"{name}.{method.__name__}")] = method
        elif callable(value):
            out[(attr, name)] = value
    return out


def test_every_handler_takes_its_priority_from_the_table():
    hooks = _hooks()
    assert len(hooks) >= 10
    found = {}
    for name, module in hooks.items():
        found.update(_handlers(name, module))
    for (event, step), handler in found.items():
        assert hasattr(handler, "mkdocs_priority"), f"{step}.{event} has no @event_priority from hooks/order.py"
        assert handler.mkdocs_priority == priority(event, step), (event, step)
    named = {(event, step) for event, steps in ORDER.items() for step in steps}
    assert named == set(found), f"in the table but not a handler: {sorted(named - set(found))}"


def test_hooks_name_the_table_not_numbers():
    """No hook states a priority of its own: each @event_priority(...) reads hooks/order.py."""
    for path in sorted((ROOT / "hooks").glob("*.py")):
        for call in re.findall(r"@event_priority\(([^\n]*)\)", path.read_text(encoding="utf-8")):
            assert call.startswith("priority("), (path.name, call)


def test_the_order_the_build_relies_on():
    """The steps that depend on each other run in that order."""
    post = ORDER["on_post_build"]
    assert post["search_index._start_finish"] > post["docx_export"] > post["offline_bundle._start_bundle"]
    assert post["offline_bundle._start_bundle"] > post["search_index._write_manifest"] > \
        post["offline_bundle._finish_bundle"] > post["atomic_site"]
    assert ORDER["on_page_content"]["escape_examples"] > ORDER["on_page_content"]["placeholders"] > \
        ORDER["on_page_content"]["docx_export"]
    assert ORDER["on_files"]["validate_pages"] == max(ORDER["on_files"].values())
    assert ORDER["on_config"]["atomic_site"] == max(ORDER["on_config"].values())


def test_mkdocs_yml_says_where_the_order_lives():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head = text.split("\nhooks:\n", 1)[0].rsplit("# ---", 2)[-2]
    assert "hooks/order.py" in head
