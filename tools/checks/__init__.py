"""Rules of the page checker (``python -m tools.check``), one module per concern.

- ``reading``: refuse what is not a UTF-8 Markdown page under docs/ (ZH-5)
- ``meta``: front matter via ``gonghui_core.schema``, file names, unique slugs and sources (ZH-1..4)
- ``headings``: heading levels and length (ZH-6)
- ``text``: Simplified characters, look-alikes, punctuation, markers, names, markup, and links and
  images by ``gonghui_core.safety`` (the importer's rules too) (ZH-7, 9..11)
- ``duplicates``: near-duplicate examples (ZH-12)
- ``links``: internal links and anchors (ZH-13)
- ``fixing``: safe repairs for ``--fix``
- ``rules``: the style rules file and the generated contributor page
"""
