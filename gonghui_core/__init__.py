"""The domain core of the site: what a page is, independent of any site generator.

- ``paths``: where the project's data files are.
- ``vocab``: units, kinds and themes (``data/vocabularies.yml``) and theme keywords.
- ``schema``: front matter of example and template pages, ``Problem`` and ``PageError``.
- ``text``: Han-character ranges, the escape table for contributed text, text length.
- ``headings``: the heading ids the site gives (Python-Markdown toc + pymdownx slugify).
- ``listings``: the unit, kind and theme listing pages, made from the vocabularies.
- ``rules``: the text rules of an official document (``data/text_rules.json``), shared with the browser.

``macros/``, ``hooks/``, ``tools/`` and ``export/`` depend on this package and not
on each other's internals; nothing here imports MkDocs.
"""
