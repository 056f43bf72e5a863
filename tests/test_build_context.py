"""gonghui_core/build_context.py: extra.takeaway read once into typed settings; one context per build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from export.docx_jobs import worker_count
from gonghui_core.build_context import CONTEXT_KEY, BuildContext, SettingsError, TakeawaySettings, context_of
from gonghui_core.page_doc import PageDoc


def settings(**takeaway) -> TakeawaySettings:
    return TakeawaySettings.from_extra({"takeaway": takeaway})


def test_defaults_when_nothing_is_set():
    assert TakeawaySettings.from_extra({}) == TakeawaySettings.from_extra(None) == TakeawaySettings(
        offline_bundle=True, docx=True, docx_workers="auto", docx_cache=True, search_worker="auto")
    assert TakeawaySettings.from_extra({"takeaway": None}) == TakeawaySettings()


@pytest.mark.parametrize("key", ["offline_bundle", "docx", "docx_cache"])
@pytest.mark.parametrize("value, expected", [(True, True), (False, False), (1, True), (0, False)])
def test_yes_no_switches_take_true_false_and_1_0(key, value, expected):
    assert getattr(settings(**{key: value}), key) is expected


@pytest.mark.parametrize("key", ["offline_bundle", "docx", "docx_cache"])
@pytest.mark.parametrize("value", ["yes", "auto", 2, -1, None, 0.5, [True]])
def test_yes_no_switches_refuse_anything_else(key, value):
    with pytest.raises(SettingsError) as err:
        settings(**{key: value})
    message = str(err.value)
    assert f"extra.takeaway.{key}" in message and repr(value) in message and "true or false" in message


@pytest.mark.parametrize("value, expected", [("auto", "auto"), (0, 0), (1, 1), (3, 3)])
def test_docx_workers_is_auto_or_a_number(value, expected):
    assert settings(docx_workers=value).docx_workers == expected


@pytest.mark.parametrize("value", [-1, "many", True, False, 1.5, None])
def test_docx_workers_refuses_anything_else(value):
    with pytest.raises(SettingsError, match=r"extra\.takeaway\.docx_workers .*auto or a number ≥ 0") as err:
        settings(docx_workers=value)
    assert repr(value) in str(err.value)


@pytest.mark.parametrize("value, expected", [("auto", "auto"), (True, True), (False, False), (1, True), (0, False)])
def test_search_worker_is_auto_true_or_false(value, expected):
    assert settings(search_worker=value).search_worker == expected


@pytest.mark.parametrize("value", ["yes", 2, None, "Auto"])
def test_search_worker_refuses_anything_else(value):
    with pytest.raises(SettingsError, match=r"extra\.takeaway\.search_worker .*auto, true or false") as err:
        settings(search_worker=value)
    assert repr(value) in str(err.value)


def test_an_unknown_switch_or_a_non_mapping_is_an_error():
    with pytest.raises(SettingsError, match=r"extra\.takeaway\.docx_workrs .*not a switch.*docx_workers"):
        settings(docx_workrs=2)
    with pytest.raises(SettingsError, match=r"extra\.takeaway .*mapping"):
        TakeawaySettings.from_extra({"takeaway": "on"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        TakeawaySettings().docx = False


def test_worker_count():
    assert worker_count(3, "serve") == 3 and worker_count(0, "build") == 0
    assert worker_count("auto", "serve") == 0
    assert worker_count("auto", "build") in (0, 1)


def test_one_context_per_config_reachable_from_a_plain_dict():
    """The hooks (a MkDocs config) and the macros (env.conf; under Zensical a dict) reach the same context."""
    config = SimpleNamespace(extra={"takeaway": {"docx": False}})
    context = context_of(config)
    assert isinstance(context, BuildContext) and context.settings.docx is False
    assert context_of(config) is context and config.extra[CONTEXT_KEY] is context
    context.docs["examples/a/b.md"] = PageDoc("正文")
    assert context.page_doc("examples/a/b.md") == PageDoc("正文") and context.page_doc("x.md") is None
    assert context_of(SimpleNamespace(extra={"takeaway": {"docx": False}})).docs == {}, "a new build starts empty"
    conf = {"extra": None}
    assert context_of(conf) is conf["extra"][CONTEXT_KEY] and context_of(conf).settings == TakeawaySettings()
    with pytest.raises(SettingsError):
        context_of({"extra": {"takeaway": {"docx": "maybe"}}})
