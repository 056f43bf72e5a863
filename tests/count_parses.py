"""Build a project in this process and report who parsed page HTML with lxml (tests/test_page_doc.py).

Usage: python tests/count_parses.py <mkdocs.yml> <site dir>; prints JSON:
{"calls": [[caller file name, page had the Word toolbar, start of the HTML], ...], "takeaway_pages": n}.
Run with TAKEAWAY_DOCX_WORKERS=0 and TAKEAWAY_SEARCH_WORKER=false: everything in this process.
"""

import json
import sys
from pathlib import Path

import lxml.html

calls: list[list] = []
_original = lxml.html.fragment_fromstring


def _counting(html, *args, **kwargs):
    caller = Path(sys._getframe(1).f_code.co_filename).name
    calls.append([caller, "takeaway-toolbar" in (html or ""), (html or "")[:60]])
    return _original(html, *args, **kwargs)


lxml.html.fragment_fromstring = _counting

from mkdocs.commands.build import build  # noqa: E402  (after the patch, on purpose)
from mkdocs.config import load_config  # noqa: E402

config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)  # a fixture has dangling links
build(config)
site = Path(sys.argv[2])
pages = [p for p in site.glob("*/*/*/index.html") if p.parts[-4] in ("examples", "templates")]
print(json.dumps({"calls": calls, "takeaway_pages": len(pages)}))
