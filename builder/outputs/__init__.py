"""What the builder writes besides the site's pages: the printed book and routine cards
(``article`` reads a built page for print, ``bookplan`` orders the book, ``front`` writes its
cover and contents, ``book`` joins it into documents, ``card`` cuts a routine down to a card,
``pdf``, ``pdfrender`` and ``pdfjoin`` print them), the JSON Schemas for editors
(``jsonschema``), the plain MkDocs project (``export``) and the HTML sanitiser applied to
every page (``sanitize``). May import ``model``, ``pose``, ``stages`` and ``pipeline``;
never MkDocs or ``frontdoors``."""
