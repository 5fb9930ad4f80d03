"""Hamstring Atlas builder: load, validate, link and render the guide's catalogue.

The layout is the pipeline, each package importing only from those above it in this list
(tests/test_layout.py checks it; imports made only for type checking are not counted):

- ``model``: the dataclasses, the front matter's one declaration, problems and their
  wording, routes, the YAML tree with positions;
- ``pose``: the movement drawings (their model, reader and renderer), counted apart;
- ``stages``: load -> validate -> policy -> link -> render, one module each (``policy`` a
  package), with their helpers;
- ``pipeline`` runs the stages, ``cache`` keeps their results under ``mkdocs serve``;
- ``outputs``: the book and cards (PDF), the JSON Schemas, the export, the sanitiser;
- ``frontdoors``: the MkDocs plugin and the command line, thin adapters.

Only ``frontdoors`` may import MkDocs.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
