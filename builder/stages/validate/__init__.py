"""Stage 2, validate: turn positioned front matter into model objects, collecting every problem.

``values`` reads one field's value (text, lists, vocabulary terms) into a ``FileReport``;
``doses`` reads doses, counts and a routine's steps; ``fields`` checks a mapping against a
field list of ``builder.model.schema`` or ``page_fields``; ``pages`` validates each kind of
page and its body; ``references`` checks what pages say about each other (slugs, ladders,
titles).
Each imports only those before it in this list."""
