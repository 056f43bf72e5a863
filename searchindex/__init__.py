"""The fragmented Chinese search index: build-time side (no MkDocs imports).

``hooks/search_index.py`` feeds pages to :class:`IndexBuilder`; the browser
side is ``overrides/assets/javascripts/search-zh.js``. See ``builder.py`` for
the layout of the files.
"""

from searchindex.builder import Doc, IndexBuilder, fnv1a, read_fragment

__all__ = ["Doc", "IndexBuilder", "fnv1a", "read_fragment"]
