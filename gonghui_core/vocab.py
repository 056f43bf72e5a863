"""Units, kinds and themes: the controlled vocabularies (``data/vocabularies.yml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import THEME_KEYWORDS_FILE, VOCAB_FILE


@dataclass(frozen=True)
class Vocab:
    """Allowed units, kinds and themes."""

    units: dict[str, dict]
    kinds: dict[str, dict]
    themes: tuple[str, ...]           # Chinese theme names, in the file's order
    theme_slugs: dict[str, str]       # Chinese theme name -> page slug

    def unit_label(self, slug: str) -> str:
        """Full Chinese label of a unit slug."""
        return self.units[slug]["label"]

    def kind_label(self, slug: str) -> str:
        """Full Chinese label of a kind slug."""
        return self.kinds[slug]["label"]

    def allowed_tags(self) -> set[str]:
        """Every tag a page may carry: unit tags, kind tags and themes."""
        return ({u["tag"] for u in self.units.values()}
                | {k["tag"] for k in self.kinds.values()} | set(self.themes))

    def theme_label(self, theme: str) -> str:
        """The Chinese name of a theme given as slug or name; ValueError when unknown."""
        if theme in self.theme_slugs:
            return theme
        by_slug = {slug: label for label, slug in self.theme_slugs.items()}
        if theme in by_slug:
            return by_slug[theme]
        raise ValueError(f"unknown theme {theme!r}; allowed: {', '.join(self.themes)} "
                         f"(or the slugs {', '.join(by_slug)})")


@lru_cache(maxsize=None)
def load_vocab(path: Path = VOCAB_FILE) -> Vocab:
    """Read the vocabularies file; ValueError naming the file when an entry is incomplete."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for section, fields in (("units", ("label", "tag")), ("kinds", ("label", "tag")), ("themes", ("label",))):
        for slug, entry in (data.get(section) or {}).items():
            if not isinstance(entry, dict) or any(not entry.get(f) for f in fields):
                raise ValueError(f"{path}: {section}.{slug} 缺少 {'、'.join(fields)}（写成 {{label: …, tag: …}}）")
    themes = data["themes"]
    return Vocab(data["units"], data["kinds"], tuple(t["label"] for t in themes.values()),
                 {t["label"]: slug for slug, t in themes.items()})


@lru_cache(maxsize=None)
def theme_keywords(path: Path = THEME_KEYWORDS_FILE) -> dict[str, dict[str, float]]:
    """Keyword weights of every theme: theme name -> {word: weight}."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["themes"]
