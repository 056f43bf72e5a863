"""MkDocs hook: the Chinese search index and its browser worker (a thin adapter).

Material's search plugin stays on (it provides the search box), but every page
is excluded from its lunr index. For each page this hook takes the plain text
(no zero-width spaces), heading offsets, search-only keywords (tags, unit and
kind words) and hands them to ``searchindex.IndexService``, which finds
jieba's words and writes a fragmented inverted index under
``search/zh/<hash>/`` (see ``searchindex/builder.py``), in a worker process
while pages render (``extra.takeaway.search_worker``). ``search/search_index.json``
becomes a small manifest: where the fragments are, the page count, score
factors and the Traditional -> Simplified map (the offline bundle turns it and
the fragments into scripts for file://, see ``export/offline.py``).
``overrides/main.html`` points Material at ``assets/javascripts/search-zh.js``,
a worker that speaks Material's protocol and downloads only the fragments a
query needs.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from gonghui_core import rules
from gonghui_core.paths import JIEBA_USER_DICT as USER_DICT
from gonghui_core.vocab import load_vocab
from hooks.context import build_context
from hooks.order import priority
from searchindex import Doc
from searchindex import text as search_text
from searchindex.service import IndexService

ROOT = Path(__file__).resolve().parent.parent
ALIASES_FILE = ROOT / "macros" / "data" / "search_aliases.yml"
# Pages that only list other pages rank behind the pages they list.
LISTING_BOOST = 0.5
CONTENT_DIRS = ("examples/", "templates/")
# A template's body is a generated skeleton (prompts, stock phrases, calendar)
# shared by every unit: its words say less about the page than an example's.
TEMPLATE_BODY_BOOST = 0.6
log = logging.getLogger("mkdocs.hooks.search_index")

# Shared settings, and one index per site_dir (tests may build several sites in one process).
_state: dict = {"builds": {}}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

@event_priority(priority("on_startup", "search_index"))
def on_startup(command, dirty):
    """Remember whether this is build or serve (serve indexes in-process)."""
    _state["command"] = command


@event_priority(priority("on_config", "search_index"))
def on_config(config):
    """Read the worker switch and the alias words once per build."""
    _state["worker"] = build_context(config).settings.search_worker
    _state["aliases"] = search_text.load_aliases(ALIASES_FILE)
    _state["labels"] = _labels()
    config.extra["search_zh"] = True  # tells overrides/partials/search-zh-config.html
    return config


@event_priority(priority("on_pre_build", "search_index"))
def on_pre_build(config):
    """Start an empty index for this build."""
    old = _state["builds"].pop(config.site_dir, None)
    if old:
        old["index"].discard()
    index = IndexService(Path(config.site_dir) / "search", USER_DICT, worker=_use_worker())
    _state["builds"][config.site_dir] = {"index": index, "excluded": set()}


@event_priority(priority("on_build_error", "search_index"))
def on_build_error(error):
    """Remove half-written index files."""
    for build in _state["builds"].values():
        build["index"].discard()
    _state["builds"].clear()


@event_priority(priority("on_page_markdown", "search_index"))
def on_page_markdown(markdown, page, config, files):
    """Keep the page out of Material's lunr index (this hook indexes it)."""
    search = dict(page.meta.get("search") or {})
    if search.get("exclude"):
        _build(config)["excluded"].add(page.file.src_uri)
    search["exclude"] = True
    page.meta["search"] = search
    return markdown


@event_priority(priority("on_page_context", "search_index"))
def on_page_context(context, page, config, nav):
    """Add the page's entry to the index."""
    build = _build(config)
    if page.file.src_uri in build["excluded"]:
        return context
    build["index"].add(_doc(page, build_context(config)))
    return context


@event_priority(priority("on_post_build", "search_index._start_finish"))
def _start_finish(config):
    """Every page is in: let the index be finished (in the worker)."""
    _build(config)["index"].start_finish()


@event_priority(priority("on_post_build", "search_index._write_manifest"))
def _write_manifest(config):
    """Write search/search_index.json in place of Material's, once the index files are written."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    build = _state["builds"].pop(config.site_dir)
    index = build["index"]
    start = time.perf_counter()
    try:
        manifest, st = index.finish()
    except Exception as exc:
        index.discard()
        raise PluginError(f"搜索索引生成失败（search index failed）：{exc}") from exc
    log.info(f"Search index: {manifest['n']} pages, {st['terms']} terms, {st['postings']} postings, "
             f"{(st.get('p.bin', 0) + st.get('h.bin', 0)) / 2**20:.1f} MiB of posting lists, "
             f"finished in {time.perf_counter() - start:.1f} s after the last page")
    # Material passes only `config` and `docs` on to the worker: our data rides in config.
    data = {"config": {**_material_config(path), "zh": manifest}, "docs": []}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")  # the offline bundle makes the .js for file:// from it


on_post_build = CombinedEvent(_start_finish, _write_manifest)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def page_text_of(page, context) -> tuple[str, list[list]]:
    """A page's search text and [offset, id, level] headings, from the build's one walk of it.

    Template and example pages were walked by hooks/docx_export.py (kept in
    the build context); other pages are walked here.
    """
    doc = context.page_doc(page.file.src_uri)
    if doc is not None:
        return doc.text, doc.search_headings()
    return search_text.page_text(page.content or "")


# One page for the index: Material's fields (location, title, text, tags) plus ours.
def _doc(page, context) -> Doc:
    text, headings = page_text_of(page, context)
    title = str(page.meta.get("title") or page.title or "")
    meta = page.meta
    kw = search_text.keywords(meta, _state["aliases"], _state["labels"])
    boost = (meta.get("search") or {}).get("boost")
    if boost is None and not page.file.src_uri.startswith(CONTENT_DIRS):
        boost = LISTING_BOOST
    body_boost = None
    if rules.page_kind(page.file.src_uri) == "template":
        body_boost = TEMPLATE_BODY_BOOST
    # jieba's words are found where the index is made (IndexService)
    return Doc(location=page.url, title=title, text=text, headings=headings, tags=_shown_tags(meta),
               keywords=kw, boost=boost, body_boost=body_boost)


# Unit and kind first (so each result says what it is), then themes.
def _shown_tags(meta: dict) -> list[str]:
    labels = _state["labels"]
    shown = [labels["units"].get(meta.get("unit"), ""), labels["kinds"].get(meta.get("kind"), "")]
    rest = [str(t) for t in meta.get("tags") or [] if t]
    short = {labels["unit_tags"].get(meta.get("unit")), labels["kind_tags"].get(meta.get("kind"))}
    return [t for t in dict.fromkeys(shown + [t for t in rest if t not in short]) if t]


# Unit and kind labels from the controlled vocabularies.
def _labels() -> dict:
    vocab = load_vocab()
    return {
        "units": {k: v["label"] for k, v in vocab.units.items()},
        "kinds": {k: v["label"] for k, v in vocab.kinds.items()},
        "unit_tags": {k: v["tag"] for k, v in vocab.units.items()},
        "kind_tags": {k: v["tag"] for k, v in vocab.kinds.items()},
    }


# Material's own index config (separator etc.), used by its page highlighter.
def _material_config(path: Path) -> dict:
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8")).get("config", {})
        except ValueError:
            pass
    return {"lang": ["zh"], "separator": r"[\s\u200b\-]+", "pipeline": [], "fields": {}}



def _use_worker() -> bool:
    """auto: a worker for `mkdocs build` on a machine with more than one core (serve indexes here)."""
    if _state.get("worker", "auto") != "auto":
        return _state["worker"]
    return _state.get("command", "build") == "build" and (os.cpu_count() or 1) > 1


# The index being collected for this build's site_dir.
def _build(config) -> dict:
    return _state["builds"][config.site_dir]
