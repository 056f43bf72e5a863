"""mkdocs-macros entry point: registers the macros, nothing else.

Each macro is a plain top-level function in a sibling module, importable and
tested on its own; the wrappers here only bind the build's docs_dir and the
page being rendered.
"""

from pathlib import Path

from gonghui_core.build_context import context_of

from . import calendar, catalogue, skeleton, themes


def page_src_uri(page, docs_dir) -> str:
    """The page's path relative to docs/ (MkDocs: page.file.src_uri; Zensical: page.path)."""
    file = getattr(page, "file", None)
    if file is not None:
        return file.src_uri
    path = Path(page.path)
    return (path.relative_to(docs_dir) if path.is_absolute() else path).as_posix()


def define_env(env):
    """Register the macros with mkdocs-macros."""
    docs_dir = env.conf["docs_dir"]
    catalogue.begin_build()  # pages are listed once per build (ended in on_post_build)
    calendar.load_holidays()  # a bad holidays.yml fails the build before any page renders

    def page_src():
        return page_src_uri(env.page, docs_dir)

    @env.macro
    def examples_table(unit=None, kind=None, theme=None):
        return catalogue.examples_table(docs_dir, page_src(), unit, kind, theme)

    @env.macro
    def template_examples(unit=None, kind=None):
        meta = env.page.meta
        return catalogue.template_examples(docs_dir, page_src(), unit or meta.get("unit"),
                                           kind or meta.get("kind"))

    @env.macro
    def templates_table(unit=None, kind=None):
        return catalogue.templates_table(docs_dir, page_src(), unit, kind)

    @env.macro
    def units_overview(cards=False):
        return catalogue.units_overview(docs_dir, page_src(), cards)

    @env.macro
    def kinds_overview(cards=False):
        return catalogue.kinds_overview(docs_dir, page_src(), cards)

    @env.macro
    def themes_overview():
        return catalogue.themes_overview(docs_dir, page_src())

    @env.macro
    def theme_sections(theme):
        # the build's walked pages (gonghui_core.build_context; filled by hooks/docx_export.py)
        return themes.theme_sections(docs_dir, page_src(), theme, context_of(env.conf).docs)

    @env.macro
    def activity_calendar(year=None, unit=None, period=None):
        year = year or env.page.meta.get("year") or calendar.default_year()
        return calendar.activity_calendar(year, unit, period)

    @env.macro
    def plan_year(year=None):
        return year or env.page.meta.get("year") or calendar.default_year()

    @env.macro
    def section_skeleton(kind=None, unit=None, level=2):
        meta = env.page.meta
        return skeleton.section_skeleton(kind or meta.get("kind"), unit or meta.get("unit"), level)


def on_post_build(env):
    """mkdocs-macros calls this after the build: listings read the files again from now on."""
    catalogue.end_build()
