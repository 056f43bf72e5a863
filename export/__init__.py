"""Take-away exports: turn a rendered page into a Word document laid out per GB/T 9704-2012.

``docx_layout`` sets up the page, styles and footer from ``docx_style.yml``;
``markdown_to_docx`` walks the page's HTML (or Markdown) and fills the document,
recording each block it writes; ``fragments`` turns that record into 我的草稿's
data. For the build: ``docx_cache`` (documents by content),
``docx_jobs`` (worker processes) and ``docx_page`` (the download button).
"""
