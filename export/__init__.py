"""Take-away exports: turn a rendered page into a Word document laid out per GB/T 9704-2012.

``docx_layout`` sets up the page, styles and footer from ``docx_style.yml``;
``markdown_to_docx`` walks the page's HTML (or Markdown) and fills the document.
"""
