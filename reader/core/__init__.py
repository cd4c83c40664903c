"""The domain: articles, the corpus, the catalog, reading state, settings. No Textual, no Whoosh."""
