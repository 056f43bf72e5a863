"""hooks/nav_cache.py: the navigation rendered once for the pages outside it changes no page."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import fixture_project

HOOK_LINE = "  - hooks/nav_cache.py"


def _build(project, site) -> dict[str, bytes]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TAKEAWAY_OFFLINE_BUNDLE="false", TAKEAWAY_DOCX="false")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=project, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_pages_are_the_same_with_and_without_the_cache(tmp_path):
    project = fixture_project(tmp_path / "project")
    cached = _build(project, tmp_path / "cached")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert HOOK_LINE in text
    config.write_text("\n".join(line for line in text.split("\n") if not line.startswith(HOOK_LINE)),
                      encoding="utf-8")
    plain = _build(project, tmp_path / "plain")
    assert cached.keys() == plain.keys()
    examples = [rel for rel in cached if rel.startswith(("examples/", "templates/")) and rel.count("/") == 3]
    assert len(examples) >= 4  # pages outside the nav, which share one rendering
    assert all(b'class="md-nav md-nav--primary' in cached[rel] and b'class="md-tabs' in cached[rel]
               for rel in examples)
    assert [rel for rel in cached if cached[rel] != plain[rel]] == []
