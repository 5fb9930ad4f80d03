"""What the guide is made of: the catalogue's frozen dataclasses (``entities``), the front
matter's one declaration (``schema``, with each kind of page's keys in ``page_fields``),
problems (``problems``) and their wording (``messages``), the paths and addresses of pages
(``routes``), the licence, and the YAML tree with the position of every value (``yamltree``).
Imports nothing of the builder's but, for type checking only, the pose package's types."""
