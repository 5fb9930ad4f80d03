"""Hamstring Atlas builder: load, validate, link and render the guide's catalogue.

The core (every module but ``plugin``) never imports MkDocs.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
