"""What the builder writes besides the site's pages: the printed book and routine cards
(``book``, ``pdf``, ``pdfrender``, ``pdfjoin``), the JSON Schemas for editors
(``jsonschema``), the plain MkDocs project (``export``) and the HTML sanitiser applied to
every page (``sanitize``). May import ``model``, ``pose``, ``stages`` and ``pipeline``;
never MkDocs or ``frontdoors``."""
