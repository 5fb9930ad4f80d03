"""The front doors, thin adapters over the core: the MkDocs plugin (``mkdocs_plugin``, with
the serve preview page in ``preview``) and the command line (``cli``, with ``scaffold`` for
`new`). The only package that imports MkDocs; nothing imports it."""
