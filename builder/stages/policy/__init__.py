"""Content policy: which files may sit under content/, and what a page may contain.

Checked before anything is rendered, every rule reporting its file, line and column:
``tree`` (names, collisions, stray, hidden and active files), ``front`` (the front matter
of pages no schema covers), ``bodies`` (raw HTML, URLs, links to files and pages) reading a
body through ``scan``, and ``limits`` (what keeps Python-Markdown's slow paths out of the
build, and the table of every limit)."""
