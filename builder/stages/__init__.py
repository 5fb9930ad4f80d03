"""The stages, in order: ``load`` (files and front matter, with positions), ``validate``
(against the declaration and the vocabularies), ``policy`` (what may sit under content/ and
what a body may contain; ``sitecheck`` for the site's configuration), ``link`` (the catalogue
cross-linked; ``substitutes``), ``render`` (the generated pages and additions as Markdown,
from ``templating``, ``lookup``, ``view``, ``listing`` and ``provenance``; ``catalog`` for
catalog.json; ``stats`` for the catalogue's figures).
May import ``model`` and ``pose``; never MkDocs, ``pipeline``, ``outputs`` or
``frontdoors``."""
