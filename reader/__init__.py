"""reader: a fast, keyboard-driven terminal reader and search engine for a folder of articles.

Distributed as `reader-tui`; its version is reader.core.installed.VERSION (not kept here: the
feed-reader library distributed as `reader` writes its own reader/__init__.py when the two
share an environment, see that module)."""
