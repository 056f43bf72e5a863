"""Search quality evaluation: type real queries into the real search box (``make search-eval``)."""
